//! Looking after projects: `duplicate`, `backup`, `restore`, `du`, `takes prune` and `trash`.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use serde::Serialize;
use videogen_app::{DiskUse, FileProgress, FileProgressSink, Studio, TrashedProject};
use videogen_model::AppError;

use crate::output;

/// Arguments of `videogen duplicate`.
#[derive(Args)]
pub struct DuplicateArgs {
    /// Project id, id prefix or exact name.
    project: String,
    /// Name of the copy (default: "<name> (copy)").
    #[arg(long)]
    name: Option<String>,
}

/// Arguments of `videogen backup`.
#[derive(Args)]
pub struct BackupArgs {
    /// Project id, id prefix or exact name.
    project: String,
    /// The backup file to create, or a folder to create it in (named after the project and
    /// the date). An existing file is never overwritten.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
}

/// Arguments of `videogen restore`.
#[derive(Args)]
pub struct RestoreArgs {
    /// A backup made with `videogen backup` or the app's "Back up".
    file: PathBuf,
}

/// Arguments of `videogen du`.
#[derive(Args)]
pub struct DuArgs {
    /// Project id, id prefix or exact name (default: every project, largest first).
    project: Option<String>,
    /// Print `{"schemaVersion":1,"projects":[…]}` for scripts (sizes in bytes).
    #[arg(long)]
    json: bool,
}

/// Arguments of `videogen takes`.
#[derive(Args)]
pub struct TakesArgs {
    #[command(subcommand)]
    command: TakesCommand,
}

#[derive(Subcommand)]
enum TakesCommand {
    /// Remove every take that is not the current one of its piece (no rollback to them after).
    Prune {
        /// Project id, id prefix or exact name.
        project: String,
    },
}

/// Arguments of `videogen trash`.
#[derive(Args)]
pub struct TrashArgs {
    #[command(subcommand)]
    command: TrashCommand,
}

#[derive(Subcommand)]
enum TrashCommand {
    /// Deleted projects, most recently deleted first.
    List {
        /// Print `{"schemaVersion":1,"projects":[…]}` for scripts.
        #[arg(long)]
        json: bool,
    },
    /// Bring a deleted project back with its files.
    Restore {
        /// Id, id prefix or exact name of a project in the trash.
        project: String,
    },
    /// Remove a deleted project for good (rows and files), or every one with --all.
    Purge {
        /// Id, id prefix or exact name of a project in the trash.
        #[arg(required_unless_present = "all")]
        project: Option<String>,
        /// Empty the whole trash.
        #[arg(long, conflicts_with = "project")]
        all: bool,
    },
}

/// `1.2 GB`, `340 kB`, `12 B`: decimal units, as file managers show.
fn size(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "kB", "MB", "GB", "TB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// `videogen duplicate`.
pub fn duplicate(studio: &Studio, args: DuplicateArgs) -> Result<(), AppError> {
    let id = studio.resolve_project(&args.project)?;
    let copy = studio.duplicate_project(&id, args.name.as_deref())?;
    println!("Duplicated as \"{}\" ({})", copy.name, copy.id.as_str());
    Ok(())
}

/// A backup's or restore's bytes as a bar on standard error (a line per stage on a pipe).
struct Bar(output::Progress);

impl FileProgressSink for Bar {
    fn progress(&self, p: FileProgress) {
        let fraction = if p.total_bytes > 0 {
            p.done_bytes as f64 / p.total_bytes as f64
        } else {
            f64::from(p.done_files) / f64::from(p.total_files.max(1))
        };
        self.0.update(fraction, "copying files");
    }
}

/// `videogen backup`.
pub fn backup(studio: &Studio, args: BackupArgs) -> Result<(), AppError> {
    let id = studio.resolve_project(&args.project)?;
    let bar = Bar(output::Progress::stderr("backup"));
    let report = studio.backup_project_with(&id, &args.out, &bar);
    bar.0.finish();
    let report = report?;
    println!(
        "Backed up to {} ({}, {})",
        report.path.display(),
        size(report.bytes),
        output::count(report.files as usize, "file")
    );
    Ok(())
}

/// `videogen restore`.
pub fn restore(studio: &Studio, args: RestoreArgs) -> Result<(), AppError> {
    let bar = Bar(output::Progress::stderr("restore"));
    let project = studio.restore_backup_with(&args.file, &bar);
    bar.0.finish();
    let project = project?;
    println!(
        "Restored \"{}\" as a new project ({})",
        project.name,
        project.id.as_str()
    );
    Ok(())
}

#[derive(Serialize)]
struct DiskUseList<'a> {
    projects: &'a [DiskUse],
}

/// `videogen du`.
pub fn du(studio: &Studio, args: DuArgs) -> Result<(), AppError> {
    let all = match &args.project {
        Some(key) => vec![studio.disk_use(&studio.resolve_project(key)?)?],
        None => studio.disk_use_all()?,
    };
    if args.json {
        return output::print_json(&DiskUseList { projects: &all });
    }
    if all.is_empty() {
        println!("No projects.");
    }
    for u in &all {
        println!("{}  {}", size(u.total_bytes), u.name);
        let parts = [
            ("narration", u.audio_bytes),
            ("section narration", u.section_audio_bytes),
            ("images", u.image_bytes),
            ("thumbnails", u.thumb_bytes),
            ("clips", u.video_bytes),
            ("export cache", u.cache_bytes),
            ("other", u.other_bytes),
        ];
        for (what, bytes) in parts.iter().filter(|(_, b)| *b > 0) {
            println!("    {:>9}  {what}", size(*bytes));
        }
        if u.old_takes > 0 {
            println!(
                "    {} in {} (remove them: videogen takes prune {})",
                size(u.old_take_bytes),
                output::count(u.old_takes as usize, "old take"),
                u.project_id.as_str()
            );
        }
    }
    Ok(())
}

/// `videogen takes`.
pub fn takes(studio: &Studio, args: TakesArgs) -> Result<(), AppError> {
    match args.command {
        TakesCommand::Prune { project } => {
            let id = studio.resolve_project(&project)?;
            let report = studio.prune_old_takes(&id)?;
            println!(
                "Removed {} ({}, {} freed); the current take of each piece stays.",
                output::count(report.takes as usize, "old take"),
                output::count(report.files as usize, "file"),
                size(report.bytes)
            );
            Ok(())
        }
    }
}

#[derive(Serialize)]
struct TrashList<'a> {
    projects: &'a [TrashedProject],
}

/// `videogen trash`.
pub fn trash(studio: &Studio, args: TrashArgs) -> Result<(), AppError> {
    match args.command {
        TrashCommand::List { json } => {
            let all = studio.list_trash()?;
            if json {
                return output::print_json(&TrashList { projects: &all });
            }
            if all.is_empty() {
                println!("The trash is empty.");
            }
            let width = output::unique_prefix_len(all.iter().map(|t| t.id.as_str()));
            for t in &all {
                println!(
                    "{}  {:>9}  {}",
                    &t.id.as_str()[..width],
                    size(t.bytes),
                    t.name
                );
            }
            Ok(())
        }
        TrashCommand::Restore { project } => {
            let id = studio.resolve_trashed(&project)?;
            let back = studio.restore_from_trash(&id)?;
            println!("Restored \"{}\" from the trash", back.name);
            Ok(())
        }
        TrashCommand::Purge { project, all } => {
            if all {
                let n = studio.empty_trash()?;
                println!(
                    "Emptied the trash ({} removed for good)",
                    output::count(n as usize, "project")
                );
                return Ok(());
            }
            let key = project.unwrap_or_default();
            let id = studio.resolve_trashed(&key)?;
            studio.purge_from_trash(&id)?;
            println!("Removed {key} for good");
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::size;

    #[test]
    fn sizes_read_like_a_file_manager() {
        assert_eq!(size(12), "12 B");
        assert_eq!(size(340_000), "340.0 kB");
        assert_eq!(size(1_234_000_000), "1.2 GB");
    }
}

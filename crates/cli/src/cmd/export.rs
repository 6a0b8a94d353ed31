//! `videogen export`: a project to a folder of numbered media and ready timelines.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use clap::Args;
use videogen_app::{ExportProgress, ExportRequest, Studio};
use videogen_model::{AppError, ExportFormat, FrameRate, FrameSize};

use crate::output;

/// Arguments of `videogen export`.
#[derive(Args)]
pub struct ExportArgs {
    /// Project id, id prefix or exact name.
    project: String,
    /// Folder to create (it must not exist yet).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Also write DIR.zip with the same files.
    #[arg(long)]
    zip: bool,
    /// Timeline frame rate: 23.976, 24, 25, 29.97 or 30 (default: the project's).
    #[arg(long)]
    fps: Option<String>,
    /// Frame size, e.g. 1920x1080 (default: the project's).
    #[arg(long)]
    size: Option<String>,
    /// Silence between sentences, ms.
    #[arg(long, default_value_t = 0)]
    sentence_pause_ms: i64,
    /// Silence between sections, ms.
    #[arg(long, default_value_t = 0)]
    section_pause_ms: i64,
    /// Refuse to export when a clip, image or narration is missing (instead of stills,
    /// slates and held frames), listing what is missing.
    #[arg(long)]
    strict: bool,
    /// Only this section, counted from 1 in story order (numbered and timed from its start).
    #[arg(long, value_name = "N")]
    section: Option<usize>,
    /// Timelines and captions to write, comma-separated: fcpxml, xmeml (Premiere), otio
    /// (Resolve, Kdenlive), mlt (Shotcut), edl, srt, vtt (default: all of them). Media, the
    /// script and metadata.json are always written.
    #[arg(long, value_name = "LIST", value_delimiter = ',', value_parser = parse_format)]
    formats: Option<Vec<ExportFormat>>,
}

fn parse_format(text: &str) -> Result<ExportFormat, String> {
    ExportFormat::parse(text).map_err(|e| e.message)
}

/// The export's progress on standard error (a bar only on a terminal), and Ctrl-C.
struct Watcher {
    progress: output::Progress,
    cancelled: Arc<AtomicBool>,
}

impl ExportProgress for Watcher {
    fn progress(&self, fraction: f64, step: &str) {
        self.progress.update(fraction, step);
    }

    fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }
}

/// `videogen export`.
pub fn export(studio: &Studio, args: ExportArgs) -> Result<(), AppError> {
    let project_id = studio.resolve_project(&args.project)?;
    let fps = args.fps.as_deref().map(FrameRate::parse).transpose()?;
    let section = match args.section {
        None => None,
        Some(n) => {
            let tree = studio.load_project(&project_id)?;
            let count = tree.sections.len();
            let found = n.checked_sub(1).and_then(|i| tree.sections.get(i));
            Some(found.map(|s| s.id.clone()).ok_or_else(|| {
                AppError::invalid(format!(
                    "--section {n}: the project has {}; give a number from 1 to {count}",
                    output::count(count, "section")
                ))
            })?)
        }
    };
    let request = ExportRequest {
        project_id,
        target: args.out,
        zip: args.zip,
        fps,
        size: args.size.as_deref().map(FrameSize::parse).transpose()?,
        sentence_pause_ms: args.sentence_pause_ms,
        section_pause_ms: args.section_pause_ms,
        strict: args.strict,
        section,
        formats: args.formats.unwrap_or_else(ExportFormat::all),
    };
    let cancelled = Arc::new(AtomicBool::new(false));
    // Ctrl-C stops the export cleanly: the partial folder is removed.
    let flag = cancelled.clone();
    let _ = ctrlc_handler(move || flag.store(true, Ordering::Relaxed));
    let watcher = Watcher {
        progress: output::Progress::stderr("export"),
        cancelled,
    };
    let report = studio.export_now(&request, &watcher);
    watcher.progress.finish();
    let report = report?;
    println!("Exported to {}", report.target.display());
    if let Some(zip) = &report.zip {
        println!("ZIP: {}", zip.display());
    }
    println!(
        "{} ({} media linked, {} copied)",
        output::count(report.files.len(), "file"),
        report.linked,
        report.copied
    );
    for w in &report.warnings {
        println!("warning: {} {}", w.number, w.message);
    }
    Ok(())
}

/// Installs a SIGINT handler on a small thread of its own (no runtime needed).
fn ctrlc_handler(on_interrupt: impl Fn() + Send + 'static) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    std::thread::spawn(move || {
        runtime.block_on(async {
            if tokio::signal::ctrl_c().await.is_ok() {
                on_interrupt();
            }
        })
    });
    Ok(())
}

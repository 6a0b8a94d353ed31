//! `videogen engines install|status|remove`: the offline draft engines.

use clap::{Args, Subcommand};
use videogen_app::engines::{InstallProgress, InstallState, InstallStep};
use videogen_app::Studio;
use videogen_model::AppError;

use crate::output;

/// Arguments of `videogen engines`.
#[derive(Args)]
pub struct EnginesArgs {
    #[command(subcommand)]
    command: EnginesCommand,
}

#[derive(Subcommand)]
enum EnginesCommand {
    /// Install the draft voice (Piper) and draft timings (faster-whisper) into a Python
    /// venv under the engines folder ($VIDEOGEN_ENGINES_DIR, else <data dir>/engines).
    /// Needs CPython 3.11 on x86_64 Linux; does nothing when already installed.
    Install,
    /// Say whether the engines are installed, and where.
    Status {
        /// Print JSON for scripts.
        #[arg(long)]
        json: bool,
    },
    /// Remove the engines' venv, scripts and logs.
    Remove,
}

/// Draws install progress with the CLI's progress line.
struct Bar(output::Progress);

impl InstallProgress for Bar {
    fn step(&self, step: &InstallStep<'_>) -> bool {
        match step {
            InstallStep::FindingPython => self.0.update(0.0, "looking for Python 3.11"),
            InstallStep::CreatingVenv { python } => self
                .0
                .update(0.02, &format!("creating a venv (Python {python})")),
            InstallStep::Package {
                index,
                total,
                name,
                version,
            } => self.0.update(
                0.05 + 0.8 * (*index as f64) / (*total).max(1) as f64,
                &format!("{index}/{total} {name} {version}"),
            ),
            InstallStep::Unpacking => self.0.update(0.87, "unpacking packages"),
            InstallStep::Verifying => self.0.update(0.97, "checking the engines"),
        }
        true
    }
}

/// `videogen engines …`.
pub fn run(studio: &Studio, args: EnginesArgs) -> Result<(), AppError> {
    match args.command {
        EnginesCommand::Install => {
            let bar = Bar(output::Progress::stderr("engines"));
            let report = studio.install_engines(&bar);
            bar.0.finish();
            let report = report?;
            if report.already_installed {
                println!(
                    "The draft engines are already installed in {}.",
                    report.dir.display()
                );
            } else {
                println!(
                    "Installed the draft engines ({}, Python {}) in {} in {:.0} s.",
                    output::count(report.packages, "package"),
                    report.python,
                    report.dir.display(),
                    report.seconds
                );
            }
            Ok(())
        }
        EnginesCommand::Status { json } => {
            let status = studio.engines_status();
            if json {
                return output::print_json(&status);
            }
            let what = match status.state {
                InstallState::Installed => format!(
                    "installed (Python {})",
                    status.python.as_deref().unwrap_or("?")
                ),
                InstallState::NotInstalled => {
                    "not installed: run `videogen engines install`".into()
                }
                InstallState::Outdated => {
                    "out of date: run `videogen engines install` to update".into()
                }
                InstallState::Interrupted => {
                    "an install was interrupted: run `videogen engines install` again".into()
                }
            };
            println!("draft engines {what}");
            println!("folder        {}", status.dir.display());
            Ok(())
        }
        EnginesCommand::Remove => {
            if studio.remove_engines()? {
                println!(
                    "Removed the draft engines from {}.",
                    studio.engines_dir().display()
                );
            } else {
                println!(
                    "No draft engines were installed in {}.",
                    studio.engines_dir().display()
                );
            }
            Ok(())
        }
    }
}

//! `videogen demo`: the whole product offline, start to finish, as `make run` does without a
//! display.

use std::path::PathBuf;

use clap::Args;
use videogen_app::demo::DemoProgress;
use videogen_app::Studio;
use videogen_model::{AppError, ErrorCode};

use crate::output;

/// Arguments of `videogen demo`.
#[derive(Args)]
pub struct DemoArgs {
    /// Where the export folder and the rough cut go (default: `demo` in the data directory).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

struct Terminal(output::Progress);

impl DemoProgress for Terminal {
    fn stage(&self, name: &str) {
        self.0.finish();
        eprintln!("demo: {name}");
    }
    fn progress(&self, fraction: f64, detail: &str) {
        self.0.update(fraction, detail);
    }
}

/// `videogen demo`.
pub fn demo(studio: &Studio, args: DemoArgs) -> Result<(), AppError> {
    let out = args.out.unwrap_or_else(|| {
        let stamp = videogen_store_stamp();
        studio.data_dir().join("demo").join(stamp)
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| {
            AppError::new(
                ErrorCode::Internal,
                format!("cannot start the async runtime: {e}"),
            )
        })?;
    let sink = Terminal(output::Progress::stderr("demo"));
    let report = runtime.block_on(studio.run_demo(&out, &sink))?;
    sink.0.finish();
    println!("The demo is made:");
    println!("  export for editors: {}", report.export.display());
    if let Some(film) = &report.rough_cut {
        println!("  rough cut:          {}", film.display());
    }
    println!(
        "  project:            {} (`videogen show {}`)",
        report.project.short(),
        report.project.short()
    );
    for (stage, took) in &report.stages {
        println!("  {:<52} {:>7.1} s", stage, took.as_secs_f64());
    }
    Ok(())
}

/// A folder name per run, so a second demo does not meet the first one's export.
fn videogen_store_stamp() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    format!("run-{secs}")
}

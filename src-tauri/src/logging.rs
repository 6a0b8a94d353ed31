//! Logs: `tracing` to stderr and to daily files in `<data dir>/logs` (seven kept).

use std::path::Path;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{Builder, Rotation};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{fmt, EnvFilter};

/// Starts logging; keep the guard alive until exit so buffered lines reach the file.
/// `RUST_LOG` overrides the default level (`info`).
pub fn init(data_dir: &Path) -> Option<WorkerGuard> {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let stderr = fmt::layer().with_writer(std::io::stderr);
    let logs = data_dir.join("logs");
    // The appender lists the folder at once; the data dir may not exist yet on first run.
    let _ = std::fs::create_dir_all(&logs);
    let file = Builder::new()
        .rotation(Rotation::DAILY)
        .filename_prefix("videogen.log")
        .max_log_files(7)
        .build(&logs);
    match file {
        Ok(appender) => {
            let (writer, guard) = tracing_appender::non_blocking(appender);
            let file_layer = fmt::layer().with_ansi(false).with_writer(writer);
            let _ = tracing_subscriber::registry()
                .with(filter)
                .with(stderr)
                .with(file_layer)
                .try_init();
            Some(guard)
        }
        Err(error) => {
            let _ = tracing_subscriber::registry()
                .with(filter)
                .with(stderr)
                .try_init();
            tracing::warn!(%error, "cannot write log files; logging to stderr only");
            None
        }
    }
}

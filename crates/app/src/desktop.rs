//! Showing a folder in the desktop's file manager ("open the log folder").

use std::path::Path;
use std::process::Command;

use videogen_model::AppError;

use crate::{io_error, Studio};

/// The program that opens a folder in the file manager on this platform.
fn opener() -> &'static str {
    if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(target_os = "windows") {
        "explorer"
    } else {
        "xdg-open"
    }
}

/// Opens `folder` with `program` (the platform's opener in the app). It is not waited for
/// here: the file manager may stay open; a thread reaps it and logs a failure.
pub fn open_folder_with(program: &str, folder: &Path) -> Result<(), AppError> {
    if !folder.is_dir() {
        return Err(AppError::not_found(format!(
            "The folder {} does not exist.",
            folder.display()
        )));
    }
    let mut child = Command::new(program).arg(folder).spawn().map_err(|e| {
        io_error(
            format_args!(
                "Cannot start {program} to show {} (open it in your file manager yourself)",
                folder.display()
            ),
            e,
        )
    })?;
    let shown = folder.display().to_string();
    let program = program.to_owned();
    std::thread::spawn(move || match child.wait() {
        Ok(status) if !status.success() => {
            tracing::warn!(folder = %shown, "{program} could not open the folder ({status})");
        }
        Err(e) => tracing::warn!(folder = %shown, "{program} did not finish: {e}"),
        Ok(_) => {}
    });
    Ok(())
}

impl Studio {
    /// Opens the log folder (`logs/` in the data dir) in the file manager.
    pub fn open_logs_folder(&self) -> Result<(), AppError> {
        open_folder_with(opener(), &self.layout().logs_dir())
    }
}

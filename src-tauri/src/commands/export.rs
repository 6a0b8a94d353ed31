//! Export and rough-cut commands: estimate, queue (the runner reports progress as job
//! events), and show the result in the file manager.

use std::path::PathBuf;

use tauri::State;
use videogen_app::roughcut::RoughcutRequest;
use videogen_app::{ExportChoices, ExportEstimate, ExportRequest};
use videogen_model::{AppError, ErrorCode, Job};

use crate::Studio;

/// The frame rates, sizes and files the export dialog offers.
#[tauri::command]
#[specta::specta]
pub async fn export_choices() -> Result<ExportChoices, AppError> {
    Ok(videogen_app::export_choices())
}

/// What an export would write and roughly how long it would take.
#[tauri::command]
#[specta::specta]
pub async fn estimate_export(
    studio: State<'_, Studio>,
    request: ExportRequest,
) -> Result<ExportEstimate, AppError> {
    studio.estimate_export(&request)
}

/// Queues an export job (one per project at a time).
#[tauri::command]
#[specta::specta]
pub async fn queue_export(
    studio: State<'_, Studio>,
    request: ExportRequest,
) -> Result<Job, AppError> {
    studio.queue_export(request)
}

/// Queues a rough-cut job (one per project or section at a time).
#[tauri::command]
#[specta::specta]
pub async fn queue_roughcut(
    studio: State<'_, Studio>,
    request: RoughcutRequest,
) -> Result<Job, AppError> {
    studio.queue_roughcut(request)
}

/// Shows a file or folder selected in the desktop's file manager.
#[tauri::command]
#[specta::specta]
pub async fn reveal_in_file_manager(path: PathBuf) -> Result<(), AppError> {
    if path.symlink_metadata().is_err() {
        return Err(AppError::not_found(format!(
            "{} is no longer there: it may have been moved or deleted.",
            path.display()
        )));
    }
    tauri_plugin_opener::reveal_item_in_dir(&path).map_err(|e| {
        AppError::new(
            ErrorCode::Io,
            format!(
                "Cannot show {} in the file manager ({e}): open it yourself.",
                path.display()
            ),
        )
    })
}

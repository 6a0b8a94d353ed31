//! Project management commands: duplicate, back up and restore, disk use and old takes, the
//! trash. Those that copy files run on a blocking thread so the async pool stays free.

use std::path::PathBuf;

use tauri::ipc::Channel;
use tauri::State;
use videogen_app::{
    BackupReport, DiskUse, FileProgress, FileProgressSink, FileTask, PruneReport, TrashedProject,
};
use videogen_model::{AppError, ErrorCode, Project, ProjectId};

use crate::Studio;

/// Runs a file-heavy call on a blocking thread.
async fn blocking<T: Send + 'static>(
    studio: &Studio,
    f: impl FnOnce(&Studio) -> Result<T, AppError> + Send + 'static,
) -> Result<T, AppError> {
    let studio = studio.clone();
    tauri::async_runtime::spawn_blocking(move || f(&studio))
        .await
        .map_err(|e| AppError::new(ErrorCode::Internal, format!("the operation stopped: {e}")))?
}

/// Copies a project under new ids (default name "<name> (copy)").
#[tauri::command]
#[specta::specta]
pub async fn duplicate_project(
    studio: State<'_, Studio>,
    id: ProjectId,
    name: Option<String>,
) -> Result<Project, AppError> {
    blocking(&studio, move |s| s.duplicate_project(&id, name.as_deref())).await
}

/// Progress sent to the window over a channel; cancelled through [`cancel_file_task`].
struct ChannelProgress {
    channel: Channel<FileProgress>,
    task: FileTask,
}

impl FileProgressSink for ChannelProgress {
    fn progress(&self, progress: FileProgress) {
        // A window that stopped listening does not stop the backup: its file is still wanted.
        let _ = self.channel.send(progress);
    }

    fn is_cancelled(&self) -> bool {
        self.task.is_cancelled()
    }
}

/// Backs a project up to one file (`out`: a new file, or a folder to put it in), sending
/// bytes and files done on `progress`; `task` names it for [`cancel_file_task`].
#[tauri::command]
#[specta::specta]
pub async fn backup_project(
    studio: State<'_, Studio>,
    id: ProjectId,
    out: PathBuf,
    task: String,
    progress: Channel<FileProgress>,
) -> Result<BackupReport, AppError> {
    // Registered before the work starts, so a cancel sent at once is not lost.
    let sink = ChannelProgress {
        channel: progress,
        task: studio.start_file_task(&task),
    };
    blocking(&studio, move |s| s.backup_project_with(&id, &out, &sink)).await
}

/// Restores a backup as a new project, sending bytes and files done on `progress`; `task`
/// names it for [`cancel_file_task`].
#[tauri::command]
#[specta::specta]
pub async fn restore_backup(
    studio: State<'_, Studio>,
    file: PathBuf,
    task: String,
    progress: Channel<FileProgress>,
) -> Result<Project, AppError> {
    // Registered before the work starts, so a cancel sent at once is not lost.
    let sink = ChannelProgress {
        channel: progress,
        task: studio.start_file_task(&task),
    };
    blocking(&studio, move |s| s.restore_backup_with(&file, &sink)).await
}

/// Asks a running backup or restore to stop; `false` when it has already finished.
#[tauri::command]
#[specta::specta]
pub async fn cancel_file_task(studio: State<'_, Studio>, task: String) -> Result<bool, AppError> {
    Ok(studio.cancel_file_task(&task))
}

/// Disk use of every project, largest first.
#[tauri::command]
#[specta::specta]
pub async fn disk_use_all(studio: State<'_, Studio>) -> Result<Vec<DiskUse>, AppError> {
    blocking(&studio, |s| s.disk_use_all()).await
}

/// Removes a project's old takes (keeps the current take of each piece).
#[tauri::command]
#[specta::specta]
pub async fn prune_old_takes(
    studio: State<'_, Studio>,
    id: ProjectId,
) -> Result<PruneReport, AppError> {
    blocking(&studio, move |s| s.prune_old_takes(&id)).await
}

/// Deleted projects, most recently deleted first.
#[tauri::command]
#[specta::specta]
pub async fn list_trash(studio: State<'_, Studio>) -> Result<Vec<TrashedProject>, AppError> {
    studio.list_trash()
}

/// Brings a deleted project back with its files.
#[tauri::command]
#[specta::specta]
pub async fn restore_from_trash(
    studio: State<'_, Studio>,
    id: ProjectId,
) -> Result<Project, AppError> {
    studio.restore_from_trash(&id)
}

/// Removes a deleted project for good.
#[tauri::command]
#[specta::specta]
pub async fn purge_from_trash(studio: State<'_, Studio>, id: ProjectId) -> Result<(), AppError> {
    blocking(&studio, move |s| s.purge_from_trash(&id)).await
}

//! The job queue: list, cancel, retry, "retry all failed", counts and the pause switch.

use tauri::State;
use videogen_model::{AppError, Job, JobCounts, JobId, JobState, ProjectId};

use crate::Studio;

/// Jobs, newest first, of one project and/or in one state.
#[tauri::command]
#[specta::specta]
pub async fn list_jobs(
    studio: State<'_, Studio>,
    project: Option<ProjectId>,
    state: Option<JobState>,
) -> Result<Vec<Job>, AppError> {
    studio.list_jobs(project.as_ref(), state)
}

/// One job as stored (a window patches its list with the jobs a change names).
#[tauri::command]
#[specta::specta]
pub async fn get_job(studio: State<'_, Studio>, id: JobId) -> Result<Job, AppError> {
    studio.get_job(&id)
}

/// Cancels a job (a running one stops within a second).
#[tauri::command]
#[specta::specta]
pub async fn cancel_job(studio: State<'_, Studio>, id: JobId) -> Result<Job, AppError> {
    studio.cancel_job(&id)
}

/// Queues a failed or cancelled job again with fresh attempts.
#[tauri::command]
#[specta::specta]
pub async fn retry_job(studio: State<'_, Studio>, id: JobId) -> Result<Job, AppError> {
    studio.retry_job(&id)
}

/// Queues again every failed job of a project that nothing has replaced; returns them.
#[tauri::command]
#[specta::specta]
pub async fn retry_failed(
    studio: State<'_, Studio>,
    project: ProjectId,
) -> Result<Vec<Job>, AppError> {
    studio.retry_failed(&project)
}

/// Jobs in each state (for the status bar; the tray gets them by event).
#[tauri::command]
#[specta::specta]
pub async fn job_counts(studio: State<'_, Studio>) -> Result<JobCounts, AppError> {
    studio.job_counts()
}

/// Who runs the jobs and which services they wait for, as last told.
#[tauri::command]
#[specta::specta]
pub async fn runner_status(
    studio: State<'_, Studio>,
) -> Result<videogen_model::RunnerStatus, AppError> {
    Ok(studio.runner_status())
}

/// Whether the job queue is paused.
#[tauri::command]
#[specta::specta]
pub async fn queue_paused(studio: State<'_, Studio>) -> Result<bool, AppError> {
    studio.queue_paused()
}

/// Pauses or resumes the job queue (kept across restarts).
#[tauri::command]
#[specta::specta]
pub async fn set_queue_paused(studio: State<'_, Studio>, paused: bool) -> Result<(), AppError> {
    studio.set_queue_paused(paused)
}

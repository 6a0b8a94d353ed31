//! The Style builder's test render, the Character library's reference images, the
//! Voice-over screen's voices, previews and waveforms, and the desktop settings (log
//! folder, data folder move, notifications and keeping the system awake).

use std::sync::Arc;

use tauri::{AppHandle, Manager, State};
use tauri_plugin_notification::NotificationExt;
use videogen_app::keep_awake::{DbusInhibitor, KeepAwake};
use videogen_app::{
    BatchNotifier, BatchSummary, CancellationToken, DataDirStatus, SectionWaveform, TestRender,
    TestRenderRequest, VoiceOption, VoicePreview,
};
use videogen_model::{AppError, Character, CharacterId, SectionId, TtsEngine};

use crate::Studio;

/// Renders one test picture of a style (a title card offline, or one ComfyUI image).
#[tauri::command]
#[specta::specta]
pub async fn test_render_style(
    studio: State<'_, Studio>,
    request: TestRenderRequest,
) -> Result<TestRender, AppError> {
    studio
        .test_render_style(&request, &CancellationToken::new())
        .await
}

/// Copies a picked image into the data dir as one of the character's references.
#[tauri::command]
#[specta::specta]
pub async fn add_character_reference(
    studio: State<'_, Studio>,
    id: CharacterId,
    path: String,
) -> Result<Character, AppError> {
    studio.add_character_reference(&id, std::path::Path::new(&path))
}

/// Removes one reference image of a character (and its copy).
#[tauri::command]
#[specta::specta]
pub async fn remove_character_reference(
    studio: State<'_, Studio>,
    id: CharacterId,
    file: String,
) -> Result<Character, AppError> {
    studio.remove_character_reference(&id, &file)
}

/// The voices a TTS engine offers.
#[tauri::command]
#[specta::specta]
pub async fn list_voices(
    studio: State<'_, Studio>,
    engine: TtsEngine,
) -> Result<Vec<VoiceOption>, AppError> {
    studio.list_voices(engine).await
}

/// Speaks a preview line with a voice into a cached WAV.
#[tauri::command]
#[specta::specta]
pub async fn preview_voice(
    studio: State<'_, Studio>,
    engine: TtsEngine,
    voice: String,
    text: String,
) -> Result<VoicePreview, AppError> {
    studio.preview_voice(engine, &voice, &text).await
}

/// A section's narration as min/max peaks with its sentence boundaries.
#[tauri::command]
#[specta::specta]
pub async fn section_waveform(
    studio: State<'_, Studio>,
    section_id: SectionId,
    buckets: u32,
) -> Result<SectionWaveform, AppError> {
    let studio = studio.inner().clone();
    // Reading a long section's WAV takes a moment: off the async threads.
    tauri::async_runtime::spawn_blocking(move || studio.section_waveform(&section_id, buckets))
        .await
        .map_err(|e| {
            AppError::new(
                videogen_model::ErrorCode::Internal,
                format!("The waveform stopped: {e}"),
            )
        })?
}

/// Opens the log folder in the file manager.
#[tauri::command]
#[specta::specta]
pub async fn open_logs_folder(studio: State<'_, Studio>) -> Result<(), AppError> {
    studio.open_logs_folder()
}

/// The data folder, and a move asked for or failed.
#[tauri::command]
#[specta::specta]
pub async fn data_dir_status(studio: State<'_, Studio>) -> Result<DataDirStatus, AppError> {
    Ok(studio.data_dir_status())
}

/// Asks for the data folder to move to `to` at the next start.
#[tauri::command]
#[specta::specta]
pub async fn move_data_dir(
    studio: State<'_, Studio>,
    to: String,
) -> Result<DataDirStatus, AppError> {
    studio.move_data_dir(std::path::Path::new(&to))
}

/// Forgets a data folder move not yet made.
#[tauri::command]
#[specta::specta]
pub async fn cancel_data_dir_move(studio: State<'_, Studio>) -> Result<DataDirStatus, AppError> {
    studio.cancel_data_dir_move()
}

/// How the app restarts (set at start, so the command needs no app handle of a particular
/// runtime).
pub struct Restart(Box<dyn Fn() + Send + Sync>);

/// Quits and starts again (a data folder move is made in between); running jobs go back to
/// the queue as at any quit.
#[tauri::command]
#[specta::specta]
pub async fn restart_app(restart: State<'_, Restart>) -> Result<(), AppError> {
    (restart.0)();
    Ok(())
}

/// Desktop notifications for ended batches.
struct Notifier(AppHandle);

impl BatchNotifier for Notifier {
    fn batch_ended(&self, summary: &BatchSummary) {
        let shown = self
            .0
            .notification()
            .builder()
            .title(summary.title())
            .body(summary.body())
            .show();
        if let Err(error) = shown {
            tracing::info!(%error, "no notification service for the end of a batch");
        }
    }
}

/// Registers the restart, and follows the queue for as long as the app runs: a notification per ended batch and the
/// system held awake while jobs run (each as its setting says).
pub fn follow_jobs(app: &AppHandle) {
    let handle = app.clone();
    app.manage(Restart(Box::new(move || handle.request_restart())));
    let studio = app.state::<Studio>().inner().clone();
    let notifier = Arc::new(Notifier(app.clone()));
    tauri::async_runtime::spawn(async move {
        let keep = KeepAwake::new(Box::new(DbusInhibitor));
        if let Err(error) = studio
            .follow_jobs(keep, notifier, CancellationToken::new())
            .await
        {
            tracing::warn!(%error, "stopped following the queue for notifications");
        }
    });
}

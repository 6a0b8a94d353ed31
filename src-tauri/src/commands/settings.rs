//! Settings: service addresses and limits, the LLM API key (write-only), the doctor, and
//! the offline draft engines.

use tauri::ipc::Channel;
use tauri::State;
use videogen_app::{CancellationToken, SettingValue};
use videogen_model::{AppError, ErrorCode};

use super::views::{ChannelProgress, DoctorView, EnginesView, InstallDone, InstallUpdate};
use crate::Studio;

/// Every setting with the value in effect and where it came from.
#[tauri::command]
#[specta::specta]
pub async fn config_list(studio: State<'_, Studio>) -> Result<Vec<SettingValue>, AppError> {
    studio.config_list()
}

/// Stores one setting after checking it; an empty value goes back to the default.
#[tauri::command]
#[specta::specta]
pub async fn config_set(
    studio: State<'_, Studio>,
    key: String,
    value: String,
) -> Result<SettingValue, AppError> {
    studio.config_set(&key, &value)
}

/// Stores the LLM API key in the OS keychain; an empty key removes it. Never read back.
#[tauri::command]
#[specta::specta]
pub async fn set_llm_api_key(studio: State<'_, Studio>, key: String) -> Result<(), AppError> {
    studio.set_llm_api_key(&key)
}

/// Whether an LLM API key is available (keychain or environment), without revealing it.
#[tauri::command]
#[specta::specta]
pub async fn has_llm_api_key(studio: State<'_, Studio>) -> Result<bool, AppError> {
    Ok(studio.llm_api_key()?.is_some())
}

/// Checks every service and names the models each active workflow lacks.
#[tauri::command]
#[specta::specta]
pub async fn doctor(studio: State<'_, Studio>) -> Result<DoctorView, AppError> {
    let report = studio.doctor(&CancellationToken::new()).await?;
    Ok(DoctorView::from(report))
}

/// Whether the draft engines are installed.
#[tauri::command]
#[specta::specta]
pub async fn engines_status(studio: State<'_, Studio>) -> Result<EnginesView, AppError> {
    Ok(EnginesView::from(studio.engines_status()))
}

/// Installs the draft engines (minutes the first time), reporting each step on `progress`.
#[tauri::command]
#[specta::specta]
pub async fn install_engines(
    studio: State<'_, Studio>,
    progress: Channel<InstallUpdate>,
) -> Result<InstallDone, AppError> {
    let studio = studio.inner().clone();
    // pip runs for minutes: off the async threads, which serve the other commands.
    tauri::async_runtime::spawn_blocking(move || studio.install_engines(&ChannelProgress(progress)))
        .await
        .map_err(|e| AppError::new(ErrorCode::Internal, format!("The install stopped: {e}")))?
        .map(InstallDone::from)
}

/// Removes the draft engines; `false` when none were installed.
#[tauri::command]
#[specta::specta]
pub async fn remove_engines(studio: State<'_, Studio>) -> Result<bool, AppError> {
    studio.remove_engines()
}

//! What the window shows once at start: the first-run welcome and the crash reports of
//! earlier runs.

use serde::{Deserialize, Serialize};
use tauri::State;
use videogen_app::crash::CrashReport;
use videogen_model::{AppError, ProjectId};

use crate::Studio;

/// The crash reports this start found (told in the log at start, and to the window here).
#[derive(Default)]
pub struct EarlierCrashes(pub Vec<CrashReport>);

/// The welcome of a data directory's first run.
#[derive(Clone, Debug, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FirstRunView {
    /// No project yet and the welcome never dismissed.
    pub show: bool,
    /// The data directory (created at this start when it did not exist).
    pub data_dir: String,
    /// The demo project, when it was made before.
    pub demo_project: Option<ProjectId>,
}

/// A crash of an earlier run.
#[derive(Clone, Debug, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CrashReportView {
    /// The report file.
    pub path: String,
    /// When, in milliseconds since 1970.
    pub at_ms: i64,
    /// The panic message.
    pub message: String,
}

/// Whether to show the first-run welcome.
#[tauri::command]
#[specta::specta]
pub async fn first_run(studio: State<'_, Studio>) -> Result<FirstRunView, AppError> {
    let first = studio.first_run()?;
    Ok(FirstRunView {
        show: first.show,
        data_dir: studio.data_dir().display().to_string(),
        demo_project: first.demo_project,
    })
}

/// Never shows the welcome again in this data directory.
#[tauri::command]
#[specta::specta]
pub async fn dismiss_first_run(studio: State<'_, Studio>) -> Result<(), AppError> {
    studio.dismiss_first_run()
}

/// Makes (once) and returns the demo project, set up for the draft engines.
#[tauri::command]
#[specta::specta]
pub async fn open_demo_project(studio: State<'_, Studio>) -> Result<ProjectId, AppError> {
    studio.open_demo_project()
}

/// The crash reports of earlier runs that this start found.
#[tauri::command]
#[specta::specta]
pub async fn earlier_crashes(
    crashes: State<'_, EarlierCrashes>,
) -> Result<Vec<CrashReportView>, AppError> {
    Ok(crashes
        .0
        .iter()
        .map(|r| CrashReportView {
            path: r.path.display().to_string(),
            at_ms: r.at_ms,
            message: r.message.clone(),
        })
        .collect())
}

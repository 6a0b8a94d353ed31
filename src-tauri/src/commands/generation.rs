//! Generation: what would run (`plan`), running it (`generate`), and a new image seed.

use tauri::State;
use videogen_app::{Generated, PlanPreview, Scope};
use videogen_model::{AppError, ProjectId, SentenceId};

use crate::Studio;

/// What `generate` would run for this scope: counts per kind, GPU time, LLM cost.
#[tauri::command]
#[specta::specta]
pub async fn plan(
    studio: State<'_, Studio>,
    project: ProjectId,
    scope: Scope,
) -> Result<PlanPreview, AppError> {
    studio.plan(&project, &scope)
}

/// Queues every stale, ready step of the project within the scope.
#[tauri::command]
#[specta::specta]
pub async fn generate(
    studio: State<'_, Studio>,
    project: ProjectId,
    scope: Scope,
) -> Result<Generated, AppError> {
    studio.generate(&project, &scope)
}

/// Gives a sentence's image a new seed (the image becomes stale); returns the seed.
#[tauri::command]
#[specta::specta]
pub async fn new_image_seed(
    studio: State<'_, Studio>,
    sentence: SentenceId,
) -> Result<i64, AppError> {
    studio.new_image_seed(&sentence)
}

//! The storyboard: compact scene rows, takes with rollback, and "regenerate" for pieces that
//! are up to date.

use tauri::State;
use videogen_app::{Generated, SceneRow, SectionTakeView, Storyboard, TakeView};
use videogen_model::{AppError, AssetKind, ProjectId, Section, SectionId, Sentence, SentenceId};

use crate::Studio;

/// Every scene of a project as a compact row (no prompts, no word timings), in story order.
#[tauri::command]
#[specta::specta]
pub async fn storyboard(
    studio: State<'_, Studio>,
    project: ProjectId,
) -> Result<Storyboard, AppError> {
    studio.storyboard(&project)
}

/// The rows of some scenes, after an edit or a job touched them; deleted ones are left out.
#[tauri::command]
#[specta::specta]
pub async fn storyboard_rows(
    studio: State<'_, Studio>,
    project: ProjectId,
    scenes: Vec<SentenceId>,
) -> Result<Vec<SceneRow>, AppError> {
    studio.storyboard_rows(&project, &scenes)
}

/// Every take of a scene: narrations, images, clips, each newest first.
#[tauri::command]
#[specta::specta]
pub async fn list_takes(
    studio: State<'_, Studio>,
    sentence: SentenceId,
) -> Result<Vec<TakeView>, AppError> {
    studio.list_takes(&sentence)
}

/// Every take of every scene of a section.
#[tauri::command]
#[specta::specta]
pub async fn list_section_takes(
    studio: State<'_, Studio>,
    section: SectionId,
) -> Result<Vec<TakeView>, AppError> {
    studio.list_section_takes(&section)
}

/// Makes an older take current again; queues nothing.
#[tauri::command]
#[specta::specta]
pub async fn roll_back_take(
    studio: State<'_, Studio>,
    sentence: SentenceId,
    take: String,
) -> Result<Sentence, AppError> {
    studio.roll_back_take(&sentence, &take)
}

/// Every one-take narration a section has had, newest first.
#[tauri::command]
#[specta::specta]
pub async fn list_section_narration_takes(
    studio: State<'_, Studio>,
    section: SectionId,
) -> Result<Vec<SectionTakeView>, AppError> {
    studio.list_section_narration_takes(&section)
}

/// Makes an earlier narration of a section current again; voices and queues nothing.
#[tauri::command]
#[specta::specta]
pub async fn roll_back_section_narration_take(
    studio: State<'_, Studio>,
    section: SectionId,
    take: String,
) -> Result<Section, AppError> {
    studio.roll_back_section_narration_take(&section, &take)
}

/// Makes pieces of some scenes (or sections) again even where they are up to date.
#[tauri::command]
#[specta::specta]
pub async fn regenerate(
    studio: State<'_, Studio>,
    project: ProjectId,
    pieces: Vec<AssetKind>,
    sections: Option<Vec<SectionId>>,
    scenes: Option<Vec<SentenceId>>,
) -> Result<Generated, AppError> {
    studio.regenerate(&project, &pieces, sections.as_deref(), scenes.as_deref())
}

//! Section and sentence commands: the script editor's edits.

use tauri::State;
use videogen_model::{
    AppError, ProjectId, Section, SectionId, Sentence, SentenceId, SentencePatch,
};

use crate::Studio;

/// Adds a section at `position` (the end when absent).
#[tauri::command]
#[specta::specta]
pub async fn create_section(
    studio: State<'_, Studio>,
    project: ProjectId,
    title: String,
    position: Option<u32>,
) -> Result<Section, AppError> {
    studio.create_section(&project, &title, position)
}

/// Renames a section.
#[tauri::command]
#[specta::specta]
pub async fn rename_section(
    studio: State<'_, Studio>,
    id: SectionId,
    title: String,
) -> Result<Section, AppError> {
    studio.rename_section(&id, &title)
}

/// Deletes a section and its sentences.
#[tauri::command]
#[specta::specta]
pub async fn delete_section(studio: State<'_, Studio>, id: SectionId) -> Result<(), AppError> {
    studio.delete_section(&id)
}

/// Puts a project's sections in the given order.
#[tauri::command]
#[specta::specta]
pub async fn reorder_sections(
    studio: State<'_, Studio>,
    project: ProjectId,
    order: Vec<SectionId>,
) -> Result<(), AppError> {
    studio.reorder_sections(&project, &order)
}

/// One sentence.
#[tauri::command]
#[specta::specta]
pub async fn get_sentence(studio: State<'_, Studio>, id: SentenceId) -> Result<Sentence, AppError> {
    studio.get_sentence(&id)
}

/// Adds a sentence at `position` (the end when absent).
#[tauri::command]
#[specta::specta]
pub async fn create_sentence(
    studio: State<'_, Studio>,
    section: SectionId,
    text: String,
    position: Option<u32>,
) -> Result<Sentence, AppError> {
    studio.create_sentence(&section, &text, position)
}

/// Edits a sentence; the dirty rules decide which assets must be made again.
#[tauri::command]
#[specta::specta]
pub async fn update_sentence(
    studio: State<'_, Studio>,
    id: SentenceId,
    patch: SentencePatch,
) -> Result<Sentence, AppError> {
    studio.update_sentence(&id, patch)
}

/// Deletes a sentence.
#[tauri::command]
#[specta::specta]
pub async fn delete_sentence(studio: State<'_, Studio>, id: SentenceId) -> Result<(), AppError> {
    studio.delete_sentence(&id)
}

/// Puts a section's sentences in the given order.
#[tauri::command]
#[specta::specta]
pub async fn reorder_sentences(
    studio: State<'_, Studio>,
    section: SectionId,
    order: Vec<SentenceId>,
) -> Result<(), AppError> {
    studio.reorder_sentences(&section, &order)
}

/// Moves a sentence to `position` in section `to`.
#[tauri::command]
#[specta::specta]
pub async fn move_sentence(
    studio: State<'_, Studio>,
    id: SentenceId,
    to: SectionId,
    position: u32,
) -> Result<Sentence, AppError> {
    studio.move_sentence(&id, &to, position)
}

/// Splits a sentence in two at a character offset.
#[tauri::command]
#[specta::specta]
pub async fn split_sentence(
    studio: State<'_, Studio>,
    id: SentenceId,
    at_char: u32,
) -> Result<(Sentence, Sentence), AppError> {
    studio.split_sentence(&id, at_char)
}

/// Merges a sentence with the one after it.
#[tauri::command]
#[specta::specta]
pub async fn merge_sentences(
    studio: State<'_, Studio>,
    first: SentenceId,
    second: SentenceId,
) -> Result<Sentence, AppError> {
    studio.merge_sentences(&first, &second)
}

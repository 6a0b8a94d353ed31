//! Character library, generation models and visual styles (the pickers read these).

use tauri::State;
use videogen_model::{
    AppError, Character, CharacterId, CharacterPatch, GenerationModel, GenerationModelId,
    GenerationModelInput, NewCharacter, StyleId, VisualStyle, VisualStyleInput,
};

use crate::Studio;

/// Every character in the library.
#[tauri::command]
#[specta::specta]
pub async fn list_characters(studio: State<'_, Studio>) -> Result<Vec<Character>, AppError> {
    studio.list_characters()
}

/// Adds a character to the library.
#[tauri::command]
#[specta::specta]
pub async fn create_character(
    studio: State<'_, Studio>,
    input: NewCharacter,
) -> Result<Character, AppError> {
    studio.create_character(input)
}

/// Edits a character.
#[tauri::command]
#[specta::specta]
pub async fn update_character(
    studio: State<'_, Studio>,
    id: CharacterId,
    patch: CharacterPatch,
) -> Result<Character, AppError> {
    studio.update_character(&id, patch)
}

/// Deletes a character.
#[tauri::command]
#[specta::specta]
pub async fn delete_character(studio: State<'_, Studio>, id: CharacterId) -> Result<(), AppError> {
    studio.delete_character(&id)
}

/// Every generation model.
#[tauri::command]
#[specta::specta]
pub async fn list_models(studio: State<'_, Studio>) -> Result<Vec<GenerationModel>, AppError> {
    studio.list_models()
}

/// Adds a generation model.
#[tauri::command]
#[specta::specta]
pub async fn create_model(
    studio: State<'_, Studio>,
    input: GenerationModelInput,
) -> Result<GenerationModel, AppError> {
    studio.create_model(input)
}

/// Replaces a generation model's settings.
#[tauri::command]
#[specta::specta]
pub async fn update_model(
    studio: State<'_, Studio>,
    id: GenerationModelId,
    input: GenerationModelInput,
) -> Result<GenerationModel, AppError> {
    studio.update_model(&id, input)
}

/// Deletes a generation model.
#[tauri::command]
#[specta::specta]
pub async fn delete_model(
    studio: State<'_, Studio>,
    id: GenerationModelId,
) -> Result<(), AppError> {
    studio.delete_model(&id)
}

/// Every visual style.
#[tauri::command]
#[specta::specta]
pub async fn list_styles(studio: State<'_, Studio>) -> Result<Vec<VisualStyle>, AppError> {
    studio.list_styles()
}

/// Adds a visual style.
#[tauri::command]
#[specta::specta]
pub async fn create_style(
    studio: State<'_, Studio>,
    input: VisualStyleInput,
) -> Result<VisualStyle, AppError> {
    studio.create_style(input)
}

/// Replaces a visual style's settings.
#[tauri::command]
#[specta::specta]
pub async fn update_style(
    studio: State<'_, Studio>,
    id: StyleId,
    input: VisualStyleInput,
) -> Result<VisualStyle, AppError> {
    studio.update_style(&id, input)
}

/// Deletes a visual style.
#[tauri::command]
#[specta::specta]
pub async fn delete_style(studio: State<'_, Studio>, id: StyleId) -> Result<(), AppError> {
    studio.delete_style(&id)
}

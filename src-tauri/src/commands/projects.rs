//! Project commands: list, create, open, edit, delete, import a script, cast.

use std::path::PathBuf;

use tauri::State;
use videogen_model::{
    AppError, CharacterId, NewProject, Project, ProjectId, ProjectPatch, ProjectSummary,
    ProjectTree,
};

use crate::Studio;

/// Every project, for the dashboard.
#[tauri::command]
#[specta::specta]
pub async fn list_projects(studio: State<'_, Studio>) -> Result<Vec<ProjectSummary>, AppError> {
    studio.list_projects()
}

/// Creates an empty project.
#[tauri::command]
#[specta::specta]
pub async fn create_project(
    studio: State<'_, Studio>,
    input: NewProject,
) -> Result<Project, AppError> {
    studio.create_project(input)
}

/// One project without its script.
#[tauri::command]
#[specta::specta]
pub async fn get_project(studio: State<'_, Studio>, id: ProjectId) -> Result<Project, AppError> {
    studio.get_project(&id)
}

/// One project with its sections and sentences in order.
#[tauri::command]
#[specta::specta]
pub async fn load_project(
    studio: State<'_, Studio>,
    id: ProjectId,
) -> Result<ProjectTree, AppError> {
    studio.load_project(&id)
}

/// Changes a project's settings.
#[tauri::command]
#[specta::specta]
pub async fn update_project(
    studio: State<'_, Studio>,
    id: ProjectId,
    patch: ProjectPatch,
) -> Result<Project, AppError> {
    studio.update_project(&id, patch)
}

/// Deletes a project (its files go to the trash folder).
#[tauri::command]
#[specta::specta]
pub async fn delete_project(studio: State<'_, Studio>, id: ProjectId) -> Result<(), AppError> {
    studio.delete_project(&id)
}

/// Makes a new project from a script file the user chose.
#[tauri::command]
#[specta::specta]
pub async fn import_script_file(
    studio: State<'_, Studio>,
    path: PathBuf,
    name: Option<String>,
) -> Result<Project, AppError> {
    studio.import_script_file(&path, name)
}

/// Makes a new project from pasted script text.
#[tauri::command]
#[specta::specta]
pub async fn import_script_text(
    studio: State<'_, Studio>,
    name: String,
    text: String,
) -> Result<Project, AppError> {
    studio.import_script_text(&name, &text)
}

/// Casts a character in a project.
#[tauri::command]
#[specta::specta]
pub async fn add_to_cast(
    studio: State<'_, Studio>,
    project: ProjectId,
    character: CharacterId,
) -> Result<(), AppError> {
    studio.add_to_cast(&project, &character)
}

/// Removes a character from a project's cast.
#[tauri::command]
#[specta::specta]
pub async fn remove_from_cast(
    studio: State<'_, Studio>,
    project: ProjectId,
    character: CharacterId,
) -> Result<(), AppError> {
    studio.remove_from_cast(&project, &character)
}

/// The data directory (media paths are relative to it; Settings shows it).
#[tauri::command]
#[specta::specta]
pub async fn data_dir(studio: State<'_, Studio>) -> Result<PathBuf, AppError> {
    Ok(studio.data_dir().to_path_buf())
}

//! A script from a topic: whether an LLM can write one, a new project that plans its
//! outline, the outline's review and edit before the script is written.

use tauri::State;
use videogen_app::{Generated, ScriptWriter, TopicProject};
use videogen_model::{AppError, Project, ProjectId, ScriptOutline, SectionOutline};

use crate::Studio;

/// Whether scripts can be written from a topic, and what is missing if not.
#[tauri::command]
#[specta::specta]
pub async fn script_writer(studio: State<'_, Studio>) -> Result<ScriptWriter, AppError> {
    studio.script_writer()
}

/// Creates a project from a topic and queues its outline for review.
#[tauri::command]
#[specta::specta]
pub async fn start_topic_project(
    studio: State<'_, Studio>,
    input: TopicProject,
) -> Result<Project, AppError> {
    studio.start_topic_project(&input)
}

/// Queues the outline of a project from its topic, for review before the script.
#[tauri::command]
#[specta::specta]
pub async fn generate_outline(
    studio: State<'_, Studio>,
    project: ProjectId,
) -> Result<Generated, AppError> {
    studio.generate_outline(&project)
}

/// The project's outline, if one was planned.
#[tauri::command]
#[specta::specta]
pub async fn outline(
    studio: State<'_, Studio>,
    project: ProjectId,
) -> Result<Option<ScriptOutline>, AppError> {
    studio.outline(&project)
}

/// Replaces the planned sections of the outline, before the script is written from it.
#[tauri::command]
#[specta::specta]
pub async fn set_outline_sections(
    studio: State<'_, Studio>,
    project: ProjectId,
    sections: Vec<SectionOutline>,
) -> Result<ScriptOutline, AppError> {
    studio.set_outline_sections(&project, &sections)
}

//! The trash: deleted projects, listed, restored or removed for good.

use std::path::PathBuf;

use serde::Serialize;
use videogen_model::{AppError, Project, ProjectId};
use videogen_store::repo::projects;

use crate::{io_error, Studio};

/// A deleted project, kept until the trash is emptied.
#[derive(Clone, Debug, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TrashedProject {
    /// The project.
    pub id: ProjectId,
    /// Its name.
    pub name: String,
    /// When it was deleted, ms since the epoch.
    pub deleted_at: i64,
    /// Its files in the trash, bytes.
    pub bytes: u64,
}

impl Studio {
    /// The trash folders of a project (`trash/{id}-{time}`), newest first.
    fn trash_folders(&self, id: &ProjectId) -> Vec<PathBuf> {
        let prefix = format!("{}-", id.as_str());
        let mut found: Vec<(i64, PathBuf)> = std::fs::read_dir(self.layout().trash_dir())
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                let time = name.strip_prefix(&prefix)?.parse::<i64>().ok()?;
                Some((time, e.path()))
            })
            .collect();
        found.sort_by_key(|f| std::cmp::Reverse(f.0));
        found.into_iter().map(|(_, p)| p).collect()
    }

    /// Deleted projects, most recently deleted first.
    pub fn list_trash(&self) -> Result<Vec<TrashedProject>, AppError> {
        let deleted = self.store().read(projects::list_deleted)?;
        Ok(deleted
            .into_iter()
            .map(|(id, name, deleted_at)| {
                let bytes = self
                    .trash_folders(&id)
                    .iter()
                    .map(|f| super::dir_bytes(f))
                    .sum();
                TrashedProject {
                    id,
                    name,
                    deleted_at,
                    bytes,
                }
            })
            .collect())
    }

    /// Finds a deleted project by id, unique id prefix (4+ characters) or exact name.
    pub fn resolve_trashed(&self, key: &str) -> Result<ProjectId, AppError> {
        let key = key.trim();
        let trashed = self.list_trash()?;
        let by_id: Vec<&TrashedProject> = trashed.iter().filter(|t| t.id.as_str() == key).collect();
        let by_name: Vec<&TrashedProject> = trashed.iter().filter(|t| t.name == key).collect();
        let by_prefix: Vec<&TrashedProject> = trashed
            .iter()
            .filter(|t| key.len() >= 4 && t.id.as_str().starts_with(key))
            .collect();
        for found in [by_id, by_name, by_prefix] {
            match found.as_slice() {
                [one] => return Ok(one.id.clone()),
                [] => continue,
                _ => {
                    return Err(AppError::invalid(format!(
                        "\"{key}\" matches {} projects in the trash: give more of the id.",
                        found.len()
                    )))
                }
            }
        }
        Err(AppError::not_found(format!(
            "No project in the trash matches \"{key}\": `videogen trash list` shows them."
        )))
    }

    /// Brings a deleted project back with its files (the most recent trash folder).
    pub fn restore_from_trash(&self, id: &ProjectId) -> Result<Project, AppError> {
        let target = self.layout().project_dir(id);
        let folder = self.trash_folders(id).into_iter().next();
        if folder.is_some() && target.exists() {
            return Err(AppError::new(
                videogen_model::ErrorCode::Conflict,
                format!(
                    "{} exists already: move it aside, then restore again.",
                    target.display()
                ),
            ));
        }
        let project = self.store().write(|tx| projects::restore(tx, id))?;
        if let Some(folder) = folder {
            std::fs::rename(&folder, &target).map_err(|e| {
                io_error(
                    format_args!(
                        "The project is back but its files could not be moved back from {}",
                        folder.display()
                    ),
                    e,
                )
            })?;
        }
        Ok(project)
    }

    /// Removes a deleted project for good: its rows, then its files in the trash.
    pub fn purge_from_trash(&self, id: &ProjectId) -> Result<(), AppError> {
        self.store().write(|tx| projects::purge(tx, id))?;
        for folder in self.trash_folders(id) {
            std::fs::remove_dir_all(&folder).map_err(|e| {
                io_error(
                    format_args!(
                        "The project is gone but {} could not be removed",
                        folder.display()
                    ),
                    e,
                )
            })?;
        }
        Ok(())
    }

    /// Empties the trash; returns how many projects went.
    pub fn empty_trash(&self) -> Result<u32, AppError> {
        let all = self.list_trash()?;
        for t in &all {
            self.purge_from_trash(&t.id)?;
        }
        Ok(all.len() as u32)
    }
}

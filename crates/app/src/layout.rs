//! Where things live in the data directory (DESIGN.md, Data).

use std::path::{Path, PathBuf};

use videogen_model::{AppError, CharacterId, ProjectId};

use crate::io_error;

/// The folders and files of a data directory.
#[derive(Clone, Debug)]
pub struct DataLayout {
    root: PathBuf,
}

impl DataLayout {
    /// The layout of `root`.
    pub fn new(root: &Path) -> Self {
        DataLayout {
            root: root.to_path_buf(),
        }
    }

    /// The data directory itself.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// `studio.db`.
    pub fn database(&self) -> PathBuf {
        self.root.join("studio.db")
    }

    /// `projects/{id}`: a project's generated and attached files.
    pub fn project_dir(&self, id: &ProjectId) -> PathBuf {
        self.root.join("projects").join(id.as_str())
    }

    /// `characters/{id}`: the reference images copied for a character; `None` for an id
    /// that is not one plain folder name (ids are UUIDs, but a backup's rows are not ours).
    pub fn character_dir(&self, id: &CharacterId) -> Option<PathBuf> {
        let name = id.as_str();
        let plain = !name.is_empty()
            && name != "."
            && name != ".."
            && !name.contains(['/', '\\'])
            && !name.starts_with('.');
        plain.then(|| self.root.join("characters").join(name))
    }

    /// `trash/`: deleted projects, kept until emptied.
    pub fn trash_dir(&self) -> PathBuf {
        self.root.join("trash")
    }

    /// `logs/`.
    pub fn logs_dir(&self) -> PathBuf {
        self.root.join("logs")
    }

    /// `workflows/`: the user's own workflow templates.
    pub fn workflows_dir(&self) -> PathBuf {
        self.root.join("workflows")
    }

    /// Creates the data directory and its top-level folders.
    pub fn create_dirs(&self) -> Result<(), AppError> {
        for dir in [
            self.root.clone(),
            self.root.join("projects"),
            self.root.join("characters"),
            self.trash_dir(),
            self.logs_dir(),
            self.workflows_dir().join("image"),
            self.workflows_dir().join("video"),
        ] {
            std::fs::create_dir_all(&dir).map_err(|e| {
                io_error(
                    format_args!(
                        "Cannot create the folder {} (choose a data directory you can write)",
                        dir.display()
                    ),
                    e,
                )
            })?;
        }
        Ok(())
    }
}

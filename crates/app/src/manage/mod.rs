//! Looking after projects: duplicate, back up and restore (with progress and cancel), disk
//! use and old takes, trash.
//!
//! Every file these write goes to a temporary name first and is renamed into place, and a
//! project's folder is assembled as `projects/.{id}.partial` before it becomes
//! `projects/{id}`, so a failure leaves the data directory as it was.

mod backup;
mod disk_use;
mod duplicate;
mod progress;
mod restore;
mod trash;

use std::path::{Path, PathBuf};

use videogen_model::AppError;

use crate::io_error;

pub use backup::{BackupReport, BACKUP_FORMAT_VERSION};
pub use disk_use::{DiskUse, PruneReport};
pub(crate) use progress::FileTasks;
pub use progress::{FileProgress, FileProgressSink, FileTask, NoFileProgress};
pub use trash::TrashedProject;

/// Folders of a project that are caches, rebuilt on demand: never copied or backed up.
const CACHE_FOLDERS: [&str; 1] = ["conformed"];

/// Removes a half-assembled folder (or file) unless disarmed.
pub(crate) struct Partial {
    path: PathBuf,
    armed: bool,
}

impl Partial {
    pub(crate) fn new(path: PathBuf) -> Self {
        Partial { path, armed: true }
    }

    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// Renames the finished folder or file to `target`, refusing one that exists.
    pub(crate) fn finish(mut self, target: &Path) -> Result<(), AppError> {
        if target.symlink_metadata().is_ok() {
            return Err(AppError::new(
                videogen_model::ErrorCode::Conflict,
                format!(
                    "{} already exists: nothing was overwritten.",
                    target.display()
                ),
            ));
        }
        std::fs::rename(&self.path, target).map_err(|e| {
            io_error(
                format_args!("Cannot move {} into place", target.display()),
                e,
            )
        })?;
        self.armed = false;
        Ok(())
    }
}

impl Drop for Partial {
    fn drop(&mut self) {
        if self.armed {
            if self.path.is_dir() {
                let _ = std::fs::remove_dir_all(&self.path);
            } else {
                let _ = std::fs::remove_file(&self.path);
            }
        }
    }
}

/// `path` with `suffix` added to its file name.
pub(crate) fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_os_string();
    s.push(suffix);
    PathBuf::from(s)
}

/// Every regular file under `dir`, as paths relative to it with `/`, skipping cache folders
/// at the top and temporary files (`.name.part`, `*.partial`) anywhere.
pub(crate) fn files_under(dir: &Path) -> Result<Vec<(String, u64)>, AppError> {
    let mut out = Vec::new();
    let mut stack = vec![(dir.to_path_buf(), String::new())];
    while let Some((path, rel)) = stack.pop() {
        let entries = match std::fs::read_dir(&path) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(io_error(format_args!("Cannot read {}", path.display()), e)),
        };
        for entry in entries {
            let entry =
                entry.map_err(|e| io_error(format_args!("Cannot read {}", path.display()), e))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || name.ends_with(".partial") {
                continue;
            }
            let child = if rel.is_empty() {
                name.clone()
            } else {
                format!("{rel}/{name}")
            };
            let meta = entry
                .metadata()
                .map_err(|e| io_error(format_args!("Cannot read {}", entry.path().display()), e))?;
            if meta.is_dir() {
                if rel.is_empty() && CACHE_FOLDERS.contains(&name.as_str()) {
                    continue;
                }
                stack.push((entry.path(), child));
            } else if meta.is_file() {
                out.push((child, meta.len()));
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Hard-links `from` to `to` (files are never modified in place, so sharing is safe), or
/// copies it when linking is not possible; the folder of `to` is created.
pub(crate) fn link_or_copy(from: &Path, to: &Path) -> Result<(), AppError> {
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| io_error(format_args!("Cannot create {}", parent.display()), e))?;
    }
    if std::fs::hard_link(from, to).is_ok() {
        return Ok(());
    }
    std::fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| io_error(format_args!("Cannot copy {}", from.display()), e))
}

/// The size of everything under `dir`, bytes (0 when it does not exist).
pub(crate) fn dir_bytes(dir: &Path) -> u64 {
    let mut total = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(path) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&path) else {
            continue;
        };
        for entry in entries.flatten() {
            match entry.metadata() {
                Ok(m) if m.is_dir() => stack.push(entry.path()),
                Ok(m) => total += m.len(),
                Err(_) => {}
            }
        }
    }
    total
}

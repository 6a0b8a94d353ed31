//! Atomic output: write under a hidden temporary name beside the target, then rename.
//! A rename within one folder is atomic on the filesystems we run on, so the final name
//! holds either the old file or the complete new one, never half of either.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::RenderError;

/// A temporary file beside `target`, removed on drop unless [`TempOutput::commit`] ran.
pub(crate) struct TempOutput {
    path: PathBuf,
    committed: bool,
}

impl TempOutput {
    /// A fresh temporary name in `target`'s folder (created if missing). Unique per process
    /// and call, so two renders of the same target never write the same temporary file.
    pub(crate) fn beside(target: &Path) -> Result<Self, RenderError> {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&dir).map_err(|e| RenderError::io("create the folder", &dir, e))?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| {
                RenderError::InvalidInput(format!(
                    "{} is not a file name: give the path of the file to write.",
                    target.display()
                ))
            })?;
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path = dir.join(format!(".{name}.{}-{n}.partial", std::process::id()));
        Ok(TempOutput {
            path,
            committed: false,
        })
    }

    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// Flushes the temporary file to disk and renames it to `target`.
    pub(crate) fn commit(mut self, target: &Path) -> Result<(), RenderError> {
        File::open(&self.path)
            .and_then(|f| f.sync_all())
            .map_err(|e| RenderError::io("flush", &self.path, e))?;
        std::fs::rename(&self.path, target)
            .map_err(|e| RenderError::io("rename into place", target, e))?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for TempOutput {
    fn drop(&mut self) {
        if !self.committed {
            // Nothing to report if it was never created.
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

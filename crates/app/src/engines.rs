//! The offline draft engines (DESIGN.md, "Draft engines (offline) and the rough cut"):
//! where they live, and installing, checking and removing them.

use std::path::{Path, PathBuf};

use videogen_model::AppError;

pub use videogen_engines::{
    Engine, EngineError, EngineEvent, EngineStatus, InstallProgress, InstallReport, InstallState,
    InstallStep, NoProgress, Supervisor,
};

use crate::Studio;

/// The engines folder: `VIDEOGEN_ENGINES_DIR` (shared by tests so that each temporary data
/// dir does not install again), else `<data dir>/engines`. The one place this rule lives.
pub fn engines_dir(data_dir: &Path) -> PathBuf {
    std::env::var_os("VIDEOGEN_ENGINES_DIR")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| data_dir.join("engines"))
}

impl Studio {
    /// This studio's engines folder (see [`engines_dir`]).
    pub fn engines_dir(&self) -> PathBuf {
        engines_dir(self.data_dir())
    }

    /// Installs the draft engines (minutes the first time; at once when installed).
    /// Blocking: call it off the async runtime.
    pub fn install_engines(
        &self,
        progress: &dyn InstallProgress,
    ) -> Result<InstallReport, AppError> {
        Ok(videogen_engines::install(&self.engines_dir(), progress)?)
    }

    /// Whether the draft engines are installed. Reads two small files.
    pub fn engines_status(&self) -> EngineStatus {
        videogen_engines::status(&self.engines_dir())
    }

    /// Removes the draft engines; `false` when nothing was installed.
    pub fn remove_engines(&self) -> Result<bool, AppError> {
        Ok(videogen_engines::remove(&self.engines_dir())?)
    }
}

//! One runner per database: an exclusive OS lock on `<db>.runner.lock`, which the kernel
//! releases when the process ends, even on SIGKILL.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::time::Duration;

use tokio_util::sync::CancellationToken;

use crate::JobError;

/// Proof that this process is the one runner of a database; dropping it frees the lock.
#[derive(Debug)]
pub struct RunnerLock {
    path: PathBuf,
    // Held for its lock: closing the file releases it.
    _file: File,
}

impl RunnerLock {
    /// The lock file of the database at `db_path` (`studio.db` → `studio.db.runner.lock`).
    pub fn path_for(db_path: &Path) -> PathBuf {
        let mut name = db_path.as_os_str().to_owned();
        name.push(".runner.lock");
        PathBuf::from(name)
    }

    /// Takes the lock, or fails with [`JobError::LockHeld`] when another process has it.
    pub fn try_acquire(db_path: &Path) -> Result<RunnerLock, JobError> {
        let path = Self::path_for(db_path);
        let shown = || path.display().to_string();
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(&path)
            .map_err(|source| JobError::Lock {
                path: shown(),
                source,
            })?;
        match file.try_lock() {
            Ok(()) => Ok(RunnerLock {
                path: path.clone(),
                _file: file,
            }),
            Err(TryLockError::WouldBlock) => Err(JobError::LockHeld { path: shown() }),
            Err(TryLockError::Error(source)) => Err(JobError::Lock {
                path: shown(),
                source,
            }),
        }
    }

    /// Waits for the lock, trying every `every`, until it is taken or `stop` fires
    /// (then `None`). The app uses it to take over when a worker ends.
    pub async fn acquire_when_free(
        db_path: &Path,
        every: Duration,
        stop: &CancellationToken,
    ) -> Result<Option<RunnerLock>, JobError> {
        loop {
            match Self::try_acquire(db_path) {
                Ok(lock) => return Ok(Some(lock)),
                Err(JobError::LockHeld { .. }) => {}
                Err(other) => return Err(other),
            }
            tokio::select! {
                _ = stop.cancelled() => return Ok(None),
                _ = tokio::time::sleep(every) => {}
            }
        }
    }

    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

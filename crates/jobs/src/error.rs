//! What can go wrong in the queue and the runner, and how it reaches the UI.

use videogen_model::{AppError, ErrorCode};
use videogen_store::StoreError;

/// An error of the job queue or the runner.
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    /// The store failed (busy, damaged, read-only, …).
    #[error(transparent)]
    Store(#[from] StoreError),
    /// No job has this id.
    #[error("Job {0} was not found; it may have been pruned. Refresh the job list.")]
    NotFound(String),
    /// The job is not in a state that allows the operation.
    #[error("{0}")]
    Conflict(String),
    /// Another process holds the runner lock of this database.
    #[error("Jobs of this data directory are being run by another process (videogen worker or the app; it holds {path}). Stop it first, or let it finish the queue.")]
    LockHeld {
        /// The lock file.
        path: String,
    },
    /// The lock file cannot be opened.
    #[error("The runner lock {path} cannot be opened: {source}. Check the permissions of the data directory.")]
    Lock {
        /// The lock file.
        path: String,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// A stored payload or step output is not what the handler expects.
    #[error("Stored job data cannot be read: {0}")]
    Data(String),
}

impl JobError {
    /// The code the UI switches on.
    pub fn code(&self) -> ErrorCode {
        match self {
            JobError::Store(e) => e.code(),
            JobError::NotFound(_) => ErrorCode::NotFound,
            JobError::Conflict(_) | JobError::LockHeld { .. } => ErrorCode::Conflict,
            JobError::Lock { .. } => ErrorCode::Io,
            JobError::Data(_) => ErrorCode::Internal,
        }
    }
}

impl From<rusqlite::Error> for JobError {
    fn from(err: rusqlite::Error) -> Self {
        JobError::Store(err.into())
    }
}

impl From<JobError> for AppError {
    fn from(err: JobError) -> Self {
        AppError::new(err.code(), err.to_string())
    }
}

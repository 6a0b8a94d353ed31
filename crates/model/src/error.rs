//! The error that crosses into the UI and the CLI: a closed code the UI switches on and a
//! message for a person that says what is wrong and what to do.

use serde::{Deserialize, Serialize};

/// What kind of failure happened. Closed: the UI matches on every variant, so a new code is
/// added only when the UI must act differently on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ErrorCode {
    /// The named project, section, sentence, … does not exist (or no longer does).
    NotFound,
    /// A value given by the user is not acceptable (empty name, bad reorder list, …).
    InvalidInput,
    /// A file given by the user cannot be used (empty, binary, wrong format).
    InvalidFile,
    /// The operation clashes with the current state (running jobs, an existing target, …).
    Conflict,
    /// The database was written by a newer version of VideoGen Studio.
    DatabaseTooNew,
    /// The database file is not a SQLite database or is damaged.
    DatabaseUnreadable,
    /// The database file or its folder cannot be written.
    DatabaseReadOnly,
    /// Another process held the database for longer than the busy timeout.
    DatabaseBusy,
    /// Reading or writing a file failed.
    Io,
    /// Not enough free disk space for the operation.
    DiskFull,
    /// A service (ComfyUI, TTS, Whisper, LLM) cannot be reached.
    ServiceUnavailable,
    /// A service refused our credentials or account (API key rejected, balance empty).
    ServiceRejected,
    /// A service answered with an error.
    ServiceFailed,
    /// The operation was cancelled.
    Cancelled,
    /// A bug: something that should not happen did. The message has the details.
    Internal,
}

/// An error as the UI and the CLI see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type, thiserror::Error)]
#[error("{message}")]
pub struct AppError {
    /// What kind of failure; the UI switches on it.
    pub code: ErrorCode,
    /// A sentence for a person: what is wrong and how to fix it.
    pub message: String,
}

impl AppError {
    /// An error with a code and a message.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }

    /// Shorthand for [`ErrorCode::InvalidInput`].
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidInput, message)
    }

    /// Shorthand for [`ErrorCode::NotFound`].
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::NotFound, message)
    }
}

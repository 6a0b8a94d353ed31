//! The one error type of the engines, and how it maps to the app's [`ErrorCode`].

use std::path::Path;

use videogen_model::{AppError, ErrorCode};

use crate::Engine;

/// What went wrong installing or running the draft engines. Messages say what to do.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// No usable `python3` on the PATH.
    #[error("Python 3.11 is needed for the offline draft engines and none was found ({detail}). On Debian 12: `apt install python3 python3-venv`.")]
    PythonMissing {
        /// What was tried.
        detail: String,
    },
    /// Python is there but is not what the locked requirements are built for.
    #[error("The offline draft engines are locked for CPython 3.11 on x86_64 Linux; this machine has {found}. They cannot be installed here; use Chatterbox and a Whisper server instead.")]
    UnsupportedPlatform {
        /// Implementation, version, machine and OS found.
        found: String,
    },
    /// Python lacks the venv module (Debian ships it separately).
    #[error("{python} has no working venv module ({detail}). On Debian/Ubuntu: `apt install python3-venv` (or python3.11-venv), then try again.")]
    VenvMissing {
        /// The interpreter.
        python: String,
        /// Its error.
        detail: String,
    },
    /// A step of the install failed.
    #[error("Installing the draft engines failed while {step}: {detail}")]
    Install {
        /// What was being done ("installing packages").
        step: &'static str,
        /// The tool's last lines of output.
        detail: String,
    },
    /// The install was stopped by its progress sink.
    #[error(
        "The engine install was cancelled; run it again to finish (nothing half-made is used)."
    )]
    Cancelled,
    /// The engines are not installed (or their install is out of date).
    #[error("The offline draft engines are not installed{why}. Run `videogen engines install`.")]
    NotInstalled {
        /// ": an older version is installed", or empty.
        why: String,
    },
    /// An engine did not start or keeps dying.
    #[error("The {engine} did not start: {detail}")]
    Start {
        /// Which.
        engine: Engine,
        /// Why, with the end of its log.
        detail: String,
    },
    /// The supervisor was shut down.
    #[error("The draft engines are shutting down.")]
    ShutDown,
    /// A file operation failed.
    #[error("Cannot {action} {path}: {source}")]
    Io {
        /// "create", "remove", …
        action: &'static str,
        /// The path.
        path: String,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
}

impl EngineError {
    pub(crate) fn io(action: &'static str, path: &Path, source: std::io::Error) -> Self {
        EngineError::Io {
            action,
            path: path.display().to_string(),
            source,
        }
    }

    /// The app-level code for this error.
    pub fn code(&self) -> ErrorCode {
        match self {
            EngineError::PythonMissing { .. }
            | EngineError::UnsupportedPlatform { .. }
            | EngineError::VenvMissing { .. }
            | EngineError::NotInstalled { .. } => ErrorCode::ServiceUnavailable,
            EngineError::Install { .. } | EngineError::Start { .. } => ErrorCode::ServiceFailed,
            EngineError::Cancelled | EngineError::ShutDown => ErrorCode::Cancelled,
            EngineError::Io { source, .. } if source.kind() == std::io::ErrorKind::StorageFull => {
                ErrorCode::DiskFull
            }
            EngineError::Io { .. } => ErrorCode::Io,
        }
    }
}

impl From<EngineError> for AppError {
    fn from(err: EngineError) -> Self {
        AppError {
            code: err.code(),
            message: err.to_string(),
        }
    }
}

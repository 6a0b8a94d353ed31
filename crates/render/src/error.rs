//! The crate's error: what went wrong, in words a person can act on, and the closed
//! [`ErrorCode`] the UI switches on.

use std::path::PathBuf;

use videogen_model::{AppError, ErrorCode};

/// Why a title card or a Ken Burns clip could not be made.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// A value the caller passed cannot be used (an empty text, a colour that is not
    /// `#rrggbb`, a zero-length clip). The message says which and what to do.
    #[error("{0}")]
    InvalidInput(String),
    /// `ffmpeg` is not on `PATH`.
    #[error("ffmpeg was not found on PATH: install it (on Debian: apt-get install ffmpeg) and try again")]
    FfmpegMissing,
    /// The source picture could not be decoded.
    #[error("The picture {path} could not be read: {detail}. Choose a PNG, JPEG or WebP image.")]
    UnreadablePicture {
        /// The picture.
        path: PathBuf,
        /// What ffmpeg said.
        detail: String,
    },
    /// ffmpeg ran but failed; `stderr` holds its last lines.
    #[error("ffmpeg failed while {doing}: {stderr}")]
    Ffmpeg {
        /// What we asked of it ("encoding the clip").
        doing: &'static str,
        /// The end of its standard error.
        stderr: String,
    },
    /// The caller's cancel check returned true; nothing was written.
    #[error("The render was cancelled.")]
    Cancelled,
    /// Reading or writing a file failed.
    #[error("Could not {doing} {path}: {source}")]
    Io {
        /// What we were doing ("write", "rename into place").
        doing: &'static str,
        /// The file.
        path: PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// PNG encoding failed (only on I/O trouble in practice).
    #[error("Could not encode the title card as PNG: {0}")]
    Encode(#[from] image::ImageError),
}

impl RenderError {
    /// The code the UI switches on.
    pub fn code(&self) -> ErrorCode {
        match self {
            RenderError::InvalidInput(_) => ErrorCode::InvalidInput,
            RenderError::UnreadablePicture { .. } => ErrorCode::InvalidFile,
            // A missing or failing ffmpeg is a missing local service as far as the UI goes:
            // the fix is outside the project (install it), as for an unreachable server.
            RenderError::FfmpegMissing | RenderError::Ffmpeg { .. } => {
                ErrorCode::ServiceUnavailable
            }
            RenderError::Cancelled => ErrorCode::Cancelled,
            RenderError::Io { source, .. } if is_disk_full(source) => ErrorCode::DiskFull,
            RenderError::Io { .. } | RenderError::Encode(_) => ErrorCode::Io,
        }
    }

    pub(crate) fn io(
        doing: &'static str,
        path: impl Into<PathBuf>,
        source: std::io::Error,
    ) -> Self {
        RenderError::Io {
            doing,
            path: path.into(),
            source,
        }
    }
}

fn is_disk_full(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::StorageFull
}

impl From<RenderError> for AppError {
    fn from(e: RenderError) -> Self {
        AppError::new(e.code(), e.to_string())
    }
}

//! The export's errors and how they map to the UI's closed [`ErrorCode`]s.

use std::path::PathBuf;

use videogen_model::{AppError, ErrorCode};

use crate::plan::ExportWarning;

/// Why an export (or a media check) failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The project or the options cannot be exported as asked.
    #[error("{0}")]
    InvalidInput(String),
    /// Strict mode and some sentences would need a fallback.
    #[error("strict export refused: {} sentence problem(s) would need a fallback: {}. Generate the missing media or export without --strict", .0.len(), summary(.0))]
    Strict(Vec<ExportWarning>),
    /// The target (folder or ZIP) already exists; nothing was touched.
    #[error("{} already exists: choose another name or remove it first", .0.display())]
    TargetExists(PathBuf),
    /// The target's folder cannot be written.
    #[error("cannot write the export at {}: {source}. Choose a folder you can write to", .path.display())]
    TargetUnwritable {
        /// The path that could not be created.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// The disk filled up while writing; the partial export was removed.
    #[error("the disk is full while writing {}: free some space and export again", .0.display())]
    DiskFull(PathBuf),
    /// Reading or writing a file failed.
    #[error("{action} {}: {source}", .path.display())]
    Io {
        /// What was being done (`reading`, `writing`, …).
        action: &'static str,
        /// The file concerned.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// A media file is not usable (wrong format, undecodable, rejected by ffprobe).
    #[error(transparent)]
    Media(#[from] crate::media::MediaError),
    /// `ffmpeg` failed while conforming a file.
    #[error("ffmpeg could not convert {}: {detail}. Check the file plays, or replace it", .source_path.display())]
    Conform {
        /// The source file.
        source_path: PathBuf,
        /// The last lines ffmpeg printed.
        detail: String,
    },
    /// The user cancelled; the partial export was removed.
    #[error("the export was cancelled; nothing was written")]
    Cancelled,
}

fn summary(warnings: &[ExportWarning]) -> String {
    let mut text = warnings
        .iter()
        .take(5)
        .map(|w| w.message.as_str())
        .collect::<Vec<_>>()
        .join("; ");
    if warnings.len() > 5 {
        text.push_str(&format!("; and {} more", warnings.len() - 5));
    }
    text
}

impl ExportError {
    /// Wraps an I/O error on `path`, recognising a full disk.
    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        let path = path.into();
        if source.kind() == std::io::ErrorKind::StorageFull {
            ExportError::DiskFull(path)
        } else {
            ExportError::Io {
                action,
                path,
                source,
            }
        }
    }

    /// The code the UI switches on.
    pub fn code(&self) -> ErrorCode {
        match self {
            ExportError::InvalidInput(_) | ExportError::Strict(_) => ErrorCode::InvalidInput,
            ExportError::TargetExists(_) => ErrorCode::Conflict,
            ExportError::TargetUnwritable { .. } | ExportError::Io { .. } => ErrorCode::Io,
            ExportError::DiskFull(_) => ErrorCode::DiskFull,
            ExportError::Media(e) => e.code(),
            ExportError::Conform { .. } => ErrorCode::InvalidFile,
            ExportError::Cancelled => ErrorCode::Cancelled,
        }
    }
}

impl From<ExportError> for AppError {
    fn from(e: ExportError) -> Self {
        AppError::new(e.code(), e.to_string())
    }
}

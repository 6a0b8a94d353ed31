//! Store errors, and how they reach the UI.

use videogen_model::{AppError, ErrorCode};

/// What can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A named row does not exist.
    #[error("{what} \"{id}\" was not found: it may have been deleted, or the id is mistyped.")]
    NotFound {
        /// What kind of thing ("Project", "Sentence", …).
        what: &'static str,
        /// The id asked for.
        id: String,
    },
    /// A value given by the caller is not acceptable.
    #[error("{0}")]
    Invalid(String),
    /// The operation clashes with the current state.
    #[error("{0}")]
    Conflict(String),
    /// The database was written by a newer version.
    #[error("The database {path} was written by a newer version of VideoGen Studio (schema {found}, this version knows up to {known}). Update VideoGen Studio, or open another data directory.")]
    TooNew {
        /// The database file.
        path: String,
        /// Its schema version.
        found: i64,
        /// The newest schema this build knows.
        known: i64,
    },
    /// The file is not a SQLite database, or is damaged.
    #[error("{path} is not a VideoGen Studio database (it is not SQLite, or it is damaged). Move it aside or choose another data directory.")]
    NotADatabase {
        /// The database file.
        path: String,
    },
    /// The file or its folder cannot be written.
    #[error("The database {path} cannot be opened for writing (the file or its folder is read-only, or the folder is missing). Check its permissions or choose another data directory.")]
    ReadOnly {
        /// The database file.
        path: String,
    },
    /// A pragma did not take (for example WAL on a filesystem that cannot do it).
    #[error("The database {path} could not be set up: {detail}")]
    Setup {
        /// The database file.
        path: String,
        /// What did not take.
        detail: String,
    },
    /// Another process held the database too long.
    #[error(
        "The database is busy (another VideoGen Studio process is writing). Try again in a moment."
    )]
    Busy,
    /// A file operation failed.
    #[error("{context}: {source}")]
    Io {
        /// What we were doing.
        context: String,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// Any other SQLite error (a bug or a damaged file).
    #[error("Database error: {0}")]
    Sqlite(rusqlite::Error),
}

impl StoreError {
    /// A not-found error.
    pub fn not_found(what: &'static str, id: impl Into<String>) -> Self {
        StoreError::NotFound {
            what,
            id: id.into(),
        }
    }

    /// An I/O error with what we were doing.
    pub fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        StoreError::Io {
            context: context.into(),
            source,
        }
    }

    /// The code the UI switches on.
    pub fn code(&self) -> ErrorCode {
        match self {
            StoreError::NotFound { .. } => ErrorCode::NotFound,
            StoreError::Invalid(_) => ErrorCode::InvalidInput,
            StoreError::Conflict(_) => ErrorCode::Conflict,
            StoreError::TooNew { .. } => ErrorCode::DatabaseTooNew,
            StoreError::NotADatabase { .. } => ErrorCode::DatabaseUnreadable,
            StoreError::ReadOnly { .. } => ErrorCode::DatabaseReadOnly,
            StoreError::Busy => ErrorCode::DatabaseBusy,
            StoreError::Io { source, .. } if is_disk_full(source) => ErrorCode::DiskFull,
            StoreError::Io { .. } => ErrorCode::Io,
            StoreError::Setup { .. } | StoreError::Sqlite(_) => ErrorCode::Internal,
        }
    }
}

fn is_disk_full(err: &std::io::Error) -> bool {
    err.kind() == std::io::ErrorKind::StorageFull
}

impl From<rusqlite::Error> for StoreError {
    fn from(err: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as C;
        match &err {
            rusqlite::Error::SqliteFailure(e, _) => match e.code {
                C::NotADatabase => StoreError::NotADatabase {
                    path: String::new(),
                },
                C::ReadOnly | C::CannotOpen => StoreError::ReadOnly {
                    path: String::new(),
                },
                C::DatabaseBusy | C::DatabaseLocked => StoreError::Busy,
                _ => StoreError::Sqlite(err),
            },
            _ => StoreError::Sqlite(err),
        }
    }
}

impl From<StoreError> for AppError {
    fn from(err: StoreError) -> Self {
        AppError::new(err.code(), err.to_string())
    }
}

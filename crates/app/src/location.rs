//! Where the data directory is, remembered outside it: a small JSON file in the user's
//! config folder (`~/.config/videogen-studio/location.json` on Linux), read by the app and
//! the CLI alike through [`crate::Studio::default_data_dir`].
//!
//! Moving the data directory is asked for while it is open and carried out at the next
//! start, before anything opens the database: the file then says where the data is and
//! where it is to go. A move that fails leaves the data where it was, and says why.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use videogen_model::{AppError, ErrorCode};

use crate::{io_error, Studio};

/// The remembered location file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct LocationFile {
    /// The data directory in use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    data_dir: Option<PathBuf>,
    /// Where it is to move at the next start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    move_to: Option<PathBuf>,
    /// Why the last move failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    last_error: Option<String>,
}

/// The data folder as the Settings screen shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DataDirStatus {
    /// The folder in use now.
    pub current: String,
    /// Where it moves at the next start, if a move was asked for.
    pub move_to: Option<String>,
    /// Why the last move failed, if it did.
    pub last_error: Option<String>,
    /// `VIDEOGEN_DATA_DIR` chooses the folder for this run: a move would not apply.
    pub from_environment: bool,
}

/// The remembered location of the data directory, in one file.
#[derive(Clone, Debug)]
pub struct DataLocation {
    file: PathBuf,
}

impl DataLocation {
    /// The user's location file, where the platform has a config folder.
    pub fn user() -> Option<Self> {
        directories::BaseDirs::new().map(|d| Self {
            file: d.config_dir().join("videogen-studio").join("location.json"),
        })
    }

    /// A location file at `file` (tests).
    pub fn at(file: impl Into<PathBuf>) -> Self {
        Self { file: file.into() }
    }

    fn read(&self) -> LocationFile {
        match std::fs::read(&self.file) {
            Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or_else(|e| {
                tracing::warn!(file = %self.file.display(), "ignoring an unreadable location file: {e}");
                LocationFile::default()
            }),
            Err(_) => LocationFile::default(),
        }
    }

    fn write(&self, content: &LocationFile) -> Result<(), AppError> {
        let dir = self.file.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)
            .map_err(|e| io_error(format_args!("Cannot create {}", dir.display()), e))?;
        let text = serde_json::to_vec_pretty(content)
            .map_err(|e| AppError::new(ErrorCode::Internal, format!("location file: {e}")))?;
        let tmp = self.file.with_extension("json.part");
        std::fs::write(&tmp, text)
            .and_then(|()| std::fs::rename(&tmp, &self.file))
            .map_err(|e| io_error(format_args!("Cannot write {}", self.file.display()), e))
    }

    /// The data directory to open: the remembered one, else `default`. A move asked for
    /// earlier is carried out first; if it fails the data stays where it was and the
    /// reason is kept for the Settings screen.
    pub fn resolve(&self, default: PathBuf) -> PathBuf {
        let mut file = self.read();
        let current = file.data_dir.clone().unwrap_or(default);
        let Some(to) = file.move_to.take() else {
            return current;
        };
        match move_dir(&current, &to) {
            Ok(()) => {
                tracing::info!(from = %current.display(), to = %to.display(), "moved the data folder");
                file.data_dir = Some(to.clone());
                file.last_error = None;
                if let Err(e) = self.write(&file) {
                    tracing::error!(
                        "the data folder moved to {} but could not be remembered: {}",
                        to.display(),
                        e.message
                    );
                }
                to
            }
            Err(e) => {
                tracing::error!(from = %current.display(), to = %to.display(), "could not move the data folder: {}", e.message);
                file.data_dir = Some(current.clone());
                file.last_error = Some(format!(
                    "Moving the data folder to {} failed, so it stayed at {}: {}",
                    to.display(),
                    current.display(),
                    e.message
                ));
                if let Err(e) = self.write(&file) {
                    tracing::error!("could not record the failed move: {}", e.message);
                }
                current
            }
        }
    }

    /// Asks for `current` to move to `to` at the next start, after checking that it can.
    pub fn request_move(&self, current: &Path, to: &Path) -> Result<(), AppError> {
        check_target(current, to)?;
        let mut file = self.read();
        file.data_dir = Some(current.to_path_buf());
        file.move_to = Some(to.to_path_buf());
        file.last_error = None;
        self.write(&file)
    }

    /// Forgets a move asked for and not yet made.
    pub fn cancel_move(&self) -> Result<(), AppError> {
        let mut file = self.read();
        if file.move_to.take().is_some() {
            self.write(&file)?;
        }
        Ok(())
    }

    /// The data folder `current`, with a move asked for or failed, as Settings shows it.
    pub fn status(&self, current: &Path, from_environment: bool) -> DataDirStatus {
        let file = self.read();
        DataDirStatus {
            current: current.display().to_string(),
            move_to: file.move_to.map(|p| p.display().to_string()),
            last_error: file.last_error,
            from_environment,
        }
    }
}

/// Refuses a target that is not absolute, is the folder itself or inside it, or holds files.
fn check_target(current: &Path, to: &Path) -> Result<(), AppError> {
    if !to.is_absolute() {
        return Err(AppError::invalid(format!(
            "{} is not a full path: choose the new folder with the folder picker.",
            to.display()
        )));
    }
    let canon = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let (here, there) = (canon(current), canon(to));
    if there == here || there.starts_with(&here) {
        return Err(AppError::invalid(
            "The new data folder cannot be the current one or inside it: choose a folder elsewhere.",
        ));
    }
    if to.exists() {
        let empty = std::fs::read_dir(to)
            .map_err(|e| io_error(format_args!("Cannot read {}", to.display()), e))?
            .next()
            .is_none();
        if !empty {
            return Err(AppError::invalid(format!(
                "{} already holds files: choose an empty folder, or a new one.",
                to.display()
            )));
        }
    } else {
        let parent = to.parent().filter(|p| p.is_dir()).ok_or_else(|| {
            AppError::invalid(format!(
                "The folder that would hold {} does not exist.",
                to.display()
            ))
        })?;
        if parent.metadata().is_ok_and(|m| m.permissions().readonly()) {
            return Err(AppError::invalid(format!(
                "{} cannot be written: choose a folder you can write.",
                parent.display()
            )));
        }
    }
    Ok(())
}

/// Moves `from` to `to` (an absent or empty folder): a rename on the same disk, else a
/// copy of everything followed by removing the original. A failed copy removes what it
/// made, leaving `from` whole.
fn move_dir(from: &Path, to: &Path) -> Result<(), AppError> {
    if to.is_dir() {
        // Empty (checked when asked): rename needs it gone.
        std::fs::remove_dir(to)
            .map_err(|e| io_error(format_args!("{} is not empty", to.display()), e))?;
    }
    match std::fs::rename(from, to) {
        Ok(()) => return Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::CrossesDevices => {}
        Err(e) => return Err(io_error(format_args!("Cannot move {}", from.display()), e)),
    }
    if let Err(e) = copy_tree(from, to) {
        let _ = std::fs::remove_dir_all(to);
        return Err(e);
    }
    std::fs::remove_dir_all(from).map_err(|e| {
        io_error(
            format_args!("Copied, but cannot remove {}", from.display()),
            e,
        )
    })
}

fn copy_tree(from: &Path, to: &Path) -> Result<(), AppError> {
    std::fs::create_dir_all(to)
        .map_err(|e| io_error(format_args!("Cannot create {}", to.display()), e))?;
    let entries = std::fs::read_dir(from)
        .map_err(|e| io_error(format_args!("Cannot read {}", from.display()), e))?;
    for entry in entries {
        let entry =
            entry.map_err(|e| io_error(format_args!("Cannot read {}", from.display()), e))?;
        let (src, dst) = (entry.path(), to.join(entry.file_name()));
        let kind = entry
            .file_type()
            .map_err(|e| io_error(format_args!("Cannot read {}", src.display()), e))?;
        let copied = if kind.is_dir() {
            copy_tree(&src, &dst)
        } else if kind.is_symlink() {
            copy_link(&src, &dst)
        } else {
            std::fs::copy(&src, &dst)
                .map(|_| ())
                .map_err(|e| io_error(format_args!("Cannot copy {}", src.display()), e))
        };
        copied?;
    }
    Ok(())
}

#[cfg(unix)]
fn copy_link(src: &Path, dst: &Path) -> Result<(), AppError> {
    let target = std::fs::read_link(src)
        .map_err(|e| io_error(format_args!("Cannot read {}", src.display()), e))?;
    std::os::unix::fs::symlink(target, dst)
        .map_err(|e| io_error(format_args!("Cannot link {}", dst.display()), e))
}

#[cfg(not(unix))]
fn copy_link(src: &Path, dst: &Path) -> Result<(), AppError> {
    std::fs::copy(src, dst)
        .map(|_| ())
        .map_err(|e| io_error(format_args!("Cannot copy {}", src.display()), e))
}

/// Whether `VIDEOGEN_DATA_DIR` chooses the data directory for this run.
pub(crate) fn from_environment() -> bool {
    std::env::var_os("VIDEOGEN_DATA_DIR").is_some_and(|d| !d.is_empty())
}

impl Studio {
    /// The data folder, and a move asked for or failed.
    pub fn data_dir_status(&self) -> DataDirStatus {
        match DataLocation::user() {
            Some(loc) => loc.status(self.data_dir(), from_environment()),
            None => DataDirStatus {
                current: self.data_dir().display().to_string(),
                move_to: None,
                last_error: None,
                from_environment: from_environment(),
            },
        }
    }

    /// Asks for the data folder to move to `to` at the next start (of the app or the CLI).
    /// Refused while jobs run here, or when `VIDEOGEN_DATA_DIR` chooses the folder.
    pub fn move_data_dir(&self, to: &Path) -> Result<DataDirStatus, AppError> {
        let loc = DataLocation::user().ok_or_else(|| {
            AppError::invalid("This system has no config folder to remember the data folder in.")
        })?;
        self.move_data_dir_with(&loc, to, from_environment())?;
        Ok(loc.status(self.data_dir(), from_environment()))
    }

    /// [`Studio::move_data_dir`] with the location file given (tests).
    pub fn move_data_dir_with(
        &self,
        location: &DataLocation,
        to: &Path,
        from_environment: bool,
    ) -> Result<(), AppError> {
        if from_environment {
            return Err(AppError::invalid(
                "VIDEOGEN_DATA_DIR chooses the data folder for this run: change that variable instead.",
            ));
        }
        let counts = self.job_counts()?;
        if counts.running > 0 {
            return Err(AppError::new(
                ErrorCode::Conflict,
                "Jobs are running: pause the queue and wait for them to stop before moving the data folder.",
            ));
        }
        location.request_move(self.data_dir(), to)
    }

    /// Forgets a move asked for and not yet made.
    pub fn cancel_data_dir_move(&self) -> Result<DataDirStatus, AppError> {
        if let Some(loc) = DataLocation::user() {
            loc.cancel_move()?;
        }
        Ok(self.data_dir_status())
    }
}

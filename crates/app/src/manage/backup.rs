//! A project in one file, and back: a ZIP holding `manifest.json` (the format and schema
//! versions and every row of the project as data) and `files/…` (its media and its cast's
//! reference images, at their paths in the data directory).
//!
//! A restore always makes a new project (new ids, new folder); it never overwrites. It
//! checks everything it can before it writes anything (the format, the schema version,
//! each entry's name and size), extracts into a partial folder whose files the ZIP reader
//! checks against their CRCs, inserts the rows in one transaction, and only then renames
//! the folder into place: a corrupt or newer backup changes nothing.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};
use videogen_model::{AppError, ErrorCode, ProjectId};
use videogen_store::repo::copy::{self, ProjectRows};
use videogen_store::LATEST_VERSION;
use zip::write::SimpleFileOptions;
use zip::CompressionMethod;

use super::progress::{FileProgressSink, Meter, NoFileProgress};
use super::{files_under, with_suffix, Partial};
use crate::{io_error, Studio};

/// What `manifest.json`'s `format` says, so another ZIP is not taken for a backup.
pub(super) const FORMAT: &str = "videogen-studio-backup";
/// The layout of the backup file itself (the rows follow the schema version).
pub const BACKUP_FORMAT_VERSION: u32 = 1;
/// The manifest is read whole; no real project's rows come near this.
pub(super) const MAX_MANIFEST_BYTES: u64 = 1 << 30;
/// Media that is already compressed: stored, not deflated.
const STORED: [&str; 7] = ["mp4", "mov", "png", "jpg", "jpeg", "webp", "mp3"];

/// A file of the backup: where it lives in the data directory, and its size.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub(super) struct BackedUpFile {
    pub(super) path: String,
    pub(super) bytes: u64,
}

/// `manifest.json`.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Manifest {
    pub(super) format: String,
    pub(super) format_version: u32,
    /// The database schema the rows were read from (`PRAGMA user_version`).
    pub(super) schema_version: i64,
    pub(super) app_version: String,
    pub(super) created_at: i64,
    pub(super) project_id: String,
    pub(super) project_name: String,
    pub(super) files: Vec<BackedUpFile>,
    pub(super) rows: ProjectRows,
}

/// What a backup wrote.
#[derive(Clone, Debug, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BackupReport {
    /// The backup file.
    pub path: PathBuf,
    /// Its size, bytes.
    pub bytes: u64,
    /// Media files in it.
    pub files: u32,
}

pub(super) fn not_a_backup(path: &Path, why: impl std::fmt::Display) -> AppError {
    AppError::new(
        ErrorCode::InvalidFile,
        format!(
            "{} is not a usable VideoGen Studio backup ({why}): choose a file made with \"Back up\" or `videogen backup`.",
            path.display()
        ),
    )
}

/// A file name from a project name: letters, digits, spaces, `-` and `_` kept.
fn file_stem(name: &str) -> String {
    let kept: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    match kept.trim() {
        "" => "project".to_owned(),
        t => t.to_owned(),
    }
}

/// `path` is relative, with plain components only (no `..`, no root, no `\`).
pub(super) fn is_plain(path: &str) -> bool {
    !path.is_empty()
        && !path.contains('\\')
        && Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

impl Studio {
    /// Writes a project (rows, media, its cast's reference images) to one backup file.
    /// `out` is the file to create, or an existing folder to create it in (named after the
    /// project and the date). Refuses to overwrite a file.
    pub fn backup_project(&self, id: &ProjectId, out: &Path) -> Result<BackupReport, AppError> {
        self.backup_project_with(id, out, &NoFileProgress)
    }

    /// [`Studio::backup_project`], reporting bytes and files written to `sink`, which may
    /// cancel: then the partial file is removed and the error is `ErrorCode::Cancelled`.
    pub fn backup_project_with(
        &self,
        id: &ProjectId,
        out: &Path,
        sink: &dyn FileProgressSink,
    ) -> Result<BackupReport, AppError> {
        let rows = self.store().read(|c| {
            let tx = c.unchecked_transaction()?;
            let rows = copy::dump(&tx, id)?;
            tx.finish()?;
            Ok(rows)
        })?;
        let project = self.get_project(id)?;
        let target = if out.is_dir() {
            free_name(out, &file_stem(&project.name))
        } else {
            out.to_path_buf()
        };
        if target.symlink_metadata().is_ok() {
            return Err(AppError::new(
                ErrorCode::Conflict,
                format!(
                    "{} already exists: choose another name or folder (backups never overwrite).",
                    target.display()
                ),
            ));
        }
        let prefix = format!("projects/{}", id.as_str());
        let mut files: Vec<BackedUpFile> = files_under(&self.layout().project_dir(id))?
            .into_iter()
            .map(|(rel, bytes)| BackedUpFile {
                path: format!("{prefix}/{rel}"),
                bytes,
            })
            .collect();
        for rel in rows
            .files()
            .into_iter()
            .filter(|f| f.starts_with("characters/"))
        {
            if let Ok(meta) = std::fs::metadata(self.data_dir().join(&rel)) {
                files.push(BackedUpFile {
                    path: rel,
                    bytes: meta.len(),
                });
            }
        }
        let manifest = Manifest {
            format: FORMAT.into(),
            format_version: BACKUP_FORMAT_VERSION,
            schema_version: LATEST_VERSION,
            app_version: env!("CARGO_PKG_VERSION").into(),
            created_at: videogen_store::now_ms(),
            project_id: id.as_str().into(),
            project_name: project.name.clone(),
            files,
            rows,
        };
        let partial = Partial::new(with_suffix(&target, ".partial"));
        let total: u64 = manifest.files.iter().map(|f| f.bytes).sum();
        let mut meter = Meter::new(sink, total, manifest.files.len() as u32);
        let written = self.write_backup(&manifest, partial.path(), &mut meter);
        if meter.cancelled() {
            return Err(AppError::new(
                ErrorCode::Cancelled,
                "The backup was cancelled: no backup file was written.",
            ));
        }
        written.map_err(|e| {
            io_error(
                format_args!("Cannot write the backup {}", target.display()),
                e,
            )
        })?;
        partial.finish(&target)?;
        let bytes = std::fs::metadata(&target).map(|m| m.len()).unwrap_or(0);
        Ok(BackupReport {
            path: target,
            bytes,
            files: manifest.files.len() as u32,
        })
    }

    fn write_backup(
        &self,
        manifest: &Manifest,
        path: &Path,
        meter: &mut Meter<'_>,
    ) -> std::io::Result<()> {
        let mut zip = zip::ZipWriter::new(BufWriter::with_capacity(1 << 20, File::create(path)?));
        let deflated = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .unix_permissions(0o644);
        zip.start_file("manifest.json", deflated.large_file(true))
            .map_err(std::io::Error::other)?;
        serde_json::to_writer(&mut zip, manifest).map_err(std::io::Error::other)?;
        for file in &manifest.files {
            let ext = file
                .path
                .rsplit_once('.')
                .map(|(_, e)| e.to_ascii_lowercase())
                .unwrap_or_default();
            let method = if STORED.contains(&ext.as_str()) {
                CompressionMethod::Stored
            } else {
                CompressionMethod::Deflated
            };
            let options = SimpleFileOptions::default()
                .compression_method(method)
                .large_file(file.bytes >= u64::from(u32::MAX))
                .unix_permissions(0o644);
            zip.start_file(format!("files/{}", file.path), options)
                .map_err(std::io::Error::other)?;
            let mut src = File::open(self.data_dir().join(&file.path))?;
            meter.copy(&mut src, &mut zip)?;
            meter.file_done();
        }
        let mut inner = zip.finish().map_err(std::io::Error::other)?;
        inner.flush()?;
        inner.get_ref().sync_all()
    }
}

/// `<dir>/<stem> <date>.videogen.zip`, or with ` (2)`, ` (3)`… when taken.
fn free_name(dir: &Path, stem: &str) -> PathBuf {
    let date = date_utc(videogen_store::now_ms());
    let first = dir.join(format!("{stem} {date}.videogen.zip"));
    if first.symlink_metadata().is_err() {
        return first;
    }
    (2..)
        .map(|n| dir.join(format!("{stem} {date} ({n}).videogen.zip")))
        .find(|p| p.symlink_metadata().is_err())
        .unwrap_or(first)
}

/// `YYYY-MM-DD` of a time in ms since the epoch (UTC), from the civil-from-days algorithm.
fn date_utc(ms: i64) -> String {
    let days = ms.div_euclid(86_400_000);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_civil_utc() {
        assert_eq!(date_utc(0), "1970-01-01");
        assert_eq!(date_utc(951_782_400_000), "2000-02-29");
        assert_eq!(date_utc(1_796_342_400_000), "2026-12-04");
    }

    #[test]
    fn only_plain_relative_paths_pass() {
        assert!(is_plain("projects/a/audio/b_r1.wav"));
        assert!(!is_plain("../etc/passwd"));
        assert!(!is_plain("/etc/passwd"));
        assert!(!is_plain("projects/a/../../x"));
        assert!(!is_plain("projects\\a"));
    }
}

//! Restoring a backup (see [`super::backup`] for the file): always a new project with new
//! ids and a new folder, never an overwrite; everything is checked before anything is
//! written, files are extracted into a partial folder and checked against their CRCs, the
//! rows go in in one transaction, and only then is the folder renamed into place.

use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use videogen_model::{AppError, ErrorCode, Project};
use videogen_store::repo::copy;
use videogen_store::LATEST_VERSION;

use super::backup::{
    is_plain, not_a_backup, BackedUpFile, Manifest, BACKUP_FORMAT_VERSION, FORMAT,
    MAX_MANIFEST_BYTES,
};
use super::progress::{FileProgressSink, Meter, NoFileProgress};
use super::Partial;
use crate::{io_error, Studio};

impl Studio {
    /// Restores a backup as a new project (new ids: restoring twice makes two projects;
    /// nothing existing is overwritten). A backup from a newer schema is refused with
    /// [`ErrorCode::DatabaseTooNew`], a damaged one with [`ErrorCode::InvalidFile`]; either
    /// way nothing changes.
    pub fn restore_backup(&self, path: &Path) -> Result<Project, AppError> {
        self.restore_backup_with(path, &NoFileProgress)
    }

    /// [`Studio::restore_backup`], reporting bytes and files extracted to `sink`, which
    /// may cancel until the files are in place: then nothing changes and the error is
    /// `ErrorCode::Cancelled`.
    pub fn restore_backup_with(
        &self,
        path: &Path,
        sink: &dyn FileProgressSink,
    ) -> Result<Project, AppError> {
        let file = File::open(path)
            .map_err(|e| io_error(format_args!("Cannot open the backup {}", path.display()), e))?;
        let mut archive = zip::ZipArchive::new(file).map_err(|e| not_a_backup(path, e))?;
        let manifest: Manifest = {
            let entry = archive
                .by_name("manifest.json")
                .map_err(|_| not_a_backup(path, "it has no manifest.json"))?;
            if entry.size() > MAX_MANIFEST_BYTES {
                return Err(not_a_backup(path, "its manifest is too large"));
            }
            let mut text = Vec::with_capacity(entry.size() as usize);
            entry
                .take(MAX_MANIFEST_BYTES)
                .read_to_end(&mut text)
                .map_err(|e| not_a_backup(path, e))?;
            serde_json::from_slice(&text).map_err(|e| not_a_backup(path, e))?
        };
        check_manifest(path, &manifest)?;
        let rows = &manifest.rows;
        let ids = rows.new_ids();
        let new_id = ids
            .project()
            .cloned()
            .ok_or_else(|| not_a_backup(path, "it holds no project"))?;
        let project_prefix = format!("projects/{}/", manifest.project_id);
        let partial = Partial::new(
            self.data_dir()
                .join("projects")
                .join(format!(".{}.partial", new_id.as_str())),
        );
        std::fs::create_dir_all(partial.path())
            .map_err(|e| io_error("Cannot create the restored project's folder", e))?;
        // Where each file goes; reference images this library has already are skipped.
        let mut wanted: Vec<(&BackedUpFile, PathBuf, bool)> = Vec::new();
        for file in &manifest.files {
            match file.path.strip_prefix(&project_prefix) {
                Some(rel) => {
                    let renamed = ids.rename_path(&format!("{project_prefix}{rel}"));
                    let inside = renamed
                        .strip_prefix(&format!("projects/{}/", new_id.as_str()))
                        .unwrap_or(&renamed)
                        .to_owned();
                    wanted.push((file, partial.path().join(inside), false));
                }
                None => {
                    let target = self.data_dir().join(&file.path);
                    if !target.exists() {
                        wanted.push((file, target, true));
                    }
                }
            }
        }
        let total: u64 = wanted.iter().map(|(f, _, _)| f.bytes).sum();
        let mut meter = Meter::new(sink, total, wanted.len() as u32);
        // Reference images of characters this library lacks; removed again on failure.
        let mut placed = PlacedFiles::default();
        for (file, target, outside) in wanted {
            if outside {
                placed.0.push(target.clone());
            }
            extract(&mut archive, file, &target, &mut meter).map_err(|e| match e {
                Extract::Damaged(why) => not_a_backup(path, why),
                Extract::Io(e) => io_error(format_args!("Cannot write {}", target.display()), e),
                Extract::Cancelled => restore_cancelled(),
            })?;
            meter.file_done();
        }
        if meter.cancelled() {
            return Err(restore_cancelled());
        }
        // A name already in use here (the same backup restored twice, or its original
        // alongside) gets " (restored)", so the CLI can still tell the projects apart by name.
        let taken: Vec<String> = self.list_projects()?.into_iter().map(|p| p.name).collect();
        let name = (taken.contains(&manifest.project_name))
            .then(|| format!("{} (restored)", manifest.project_name));
        let created = self
            .store()
            .write(|tx| copy::insert(tx, rows, &ids, name.as_deref()))?;
        if let Err(err) = partial.finish(&self.layout().project_dir(&created)) {
            let _ = self.store().write(|tx| {
                videogen_store::repo::projects::delete(tx, &created)?;
                videogen_store::repo::projects::purge(tx, &created)
            });
            return Err(err);
        }
        placed.0.clear();
        self.get_project(&created)
    }
}

/// Files written outside the partial folder, removed unless the restore completes.
#[derive(Default)]
struct PlacedFiles(Vec<PathBuf>);

impl Drop for PlacedFiles {
    fn drop(&mut self) {
        for p in &self.0 {
            let _ = std::fs::remove_file(p);
            // The character's folder too, when this restore made it (it is empty then).
            if let Some(folder) = p.parent() {
                let _ = std::fs::remove_dir(folder);
            }
        }
    }
}

fn check_manifest(path: &Path, manifest: &Manifest) -> Result<(), AppError> {
    if manifest.format != FORMAT {
        return Err(not_a_backup(path, "its manifest is of another kind"));
    }
    if manifest.format_version > BACKUP_FORMAT_VERSION || manifest.schema_version > LATEST_VERSION {
        return Err(AppError::new(
            ErrorCode::DatabaseTooNew,
            format!(
                "{} was made by a newer VideoGen Studio ({}; schema {}, this version knows up to {}): update VideoGen Studio to restore it. Nothing was changed.",
                path.display(),
                manifest.app_version,
                manifest.schema_version,
                LATEST_VERSION
            ),
        ));
    }
    let project_prefix = format!("projects/{}/", manifest.project_id);
    let project_ok = manifest
        .rows
        .project()
        .and_then(|p| p.get("id"))
        .and_then(|v| v.as_str())
        == Some(manifest.project_id.as_str());
    if !project_ok || manifest.rows.rows("projects").len() != 1 {
        return Err(not_a_backup(
            path,
            "its rows do not hold the project it names",
        ));
    }
    for file in &manifest.files {
        let inside = file.path.starts_with(&project_prefix) || file.path.starts_with("characters/");
        if !inside || !is_plain(&file.path) {
            return Err(not_a_backup(
                path,
                format_args!("it names a file outside a project: {}", file.path),
            ));
        }
    }
    Ok(())
}

enum Extract {
    Damaged(String),
    Io(std::io::Error),
    Cancelled,
}

fn restore_cancelled() -> AppError {
    AppError::new(
        ErrorCode::Cancelled,
        "The restore was cancelled: nothing was added or changed.",
    )
}

/// Writes entry `files/<path>` to `target` through a temporary name, checking its size
/// (the reader checks its CRC at the end).
fn extract(
    archive: &mut zip::ZipArchive<File>,
    file: &BackedUpFile,
    target: &Path,
    meter: &mut Meter<'_>,
) -> Result<(), Extract> {
    let mut entry = archive
        .by_name(&format!("files/{}", file.path))
        .map_err(|_| Extract::Damaged(format!("{} is missing", file.path)))?;
    if entry.size() != file.bytes {
        return Err(Extract::Damaged(format!(
            "{} has the wrong size",
            file.path
        )));
    }
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).map_err(Extract::Io)?;
    }
    let temp = target.with_file_name(format!(
        ".{}.part",
        target
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("file")
    ));
    let result = (|| {
        let mut out = BufWriter::new(File::create(&temp).map_err(Extract::Io)?);
        let copied = meter
            .copy(&mut entry, &mut out)
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::Interrupted if meter.cancelled() => Extract::Cancelled,
                std::io::ErrorKind::StorageFull | std::io::ErrorKind::PermissionDenied => {
                    Extract::Io(e)
                }
                _ => Extract::Damaged(format!("{} is damaged: {e}", file.path)),
            })?;
        if copied != file.bytes {
            return Err(Extract::Damaged(format!("{} is cut short", file.path)));
        }
        out.flush().map_err(Extract::Io)?;
        std::fs::rename(&temp, target).map_err(Extract::Io)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

//! Disk use per project, and removing old takes (every file of a sentence or section that
//! is not its current one).

use std::collections::HashSet;

use serde::Serialize;
use videogen_model::{AppError, ErrorCode, ProjectId};
use videogen_store::repo::copy;

use super::files_under;
use crate::Studio;

/// How much disk a project's files take, by kind, bytes.
#[derive(Clone, Debug, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DiskUse {
    /// The project.
    pub project_id: ProjectId,
    /// Its name.
    pub name: String,
    /// Everything in its folder, caches included.
    pub total_bytes: u64,
    /// Sentence narrations (`audio/`).
    pub audio_bytes: u64,
    /// Section narrations (`sections/`).
    pub section_audio_bytes: u64,
    /// Images (`images/`).
    pub image_bytes: u64,
    /// Thumbnails (`thumbs/`).
    pub thumb_bytes: u64,
    /// Clips (`videos/`).
    pub video_bytes: u64,
    /// Media conformed for export and rough-cut segments (`conformed/`): a cache, made
    /// again when needed.
    pub cache_bytes: u64,
    /// Anything else.
    pub other_bytes: u64,
    /// Takes that are not the current file of their piece.
    pub old_takes: u32,
    /// Their files' size (with their thumbnails).
    pub old_take_bytes: u64,
}

/// What "remove old takes" did.
#[derive(Clone, Debug, Default, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PruneReport {
    /// Takes forgotten.
    pub takes: u32,
    /// Files removed.
    pub files: u32,
    /// Disk freed, bytes.
    pub bytes: u64,
}

/// The thumbnail beside an image take (`images/{id}_r{rev}.png` → `thumbs/{id}_r{rev}.webp`).
fn thumbnail_of(image: &str) -> Option<String> {
    let (dir, name) = image.rsplit_once('/')?;
    let dir = dir.strip_suffix("/images")?;
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    Some(format!("{dir}/thumbs/{stem}.webp"))
}

fn size_of(data_dir: &std::path::Path, rel: &str) -> u64 {
    std::fs::metadata(data_dir.join(rel)).map_or(0, |m| m.len())
}

impl Studio {
    /// Disk use of one project.
    pub fn disk_use(&self, id: &ProjectId) -> Result<DiskUse, AppError> {
        let project = self.get_project(id)?;
        let dir = self.layout().project_dir(id);
        let mut used = DiskUse {
            project_id: id.clone(),
            name: project.name,
            total_bytes: 0,
            audio_bytes: 0,
            section_audio_bytes: 0,
            image_bytes: 0,
            thumb_bytes: 0,
            video_bytes: 0,
            cache_bytes: super::dir_bytes(&dir.join("conformed")),
            other_bytes: 0,
            old_takes: 0,
            old_take_bytes: 0,
        };
        for (rel, bytes) in files_under(&dir)? {
            let slot = match rel.split_once('/').map(|(top, _)| top) {
                Some("audio") => &mut used.audio_bytes,
                Some("sections") => &mut used.section_audio_bytes,
                Some("images") => &mut used.image_bytes,
                Some("thumbs") => &mut used.thumb_bytes,
                Some("videos") => &mut used.video_bytes,
                _ => &mut used.other_bytes,
            };
            *slot += bytes;
        }
        used.total_bytes = used.audio_bytes
            + used.section_audio_bytes
            + used.image_bytes
            + used.thumb_bytes
            + used.video_bytes
            + used.cache_bytes
            + used.other_bytes;
        let old = self.store().read(|c| copy::old_takes(c, id))?;
        used.old_takes = old.len() as u32;
        used.old_take_bytes = old
            .iter()
            .flat_map(|t| std::iter::once(t.file.clone()).chain(thumbnail_of(&t.file)))
            .map(|f| size_of(self.data_dir(), &f))
            .sum();
        Ok(used)
    }

    /// Disk use of every project, largest first.
    pub fn disk_use_all(&self) -> Result<Vec<DiskUse>, AppError> {
        let mut all = self
            .list_projects()?
            .iter()
            .map(|p| self.disk_use(&p.id))
            .collect::<Result<Vec<_>, _>>()?;
        all.sort_by_key(|u| std::cmp::Reverse(u.total_bytes));
        Ok(all)
    }

    /// Removes every take that is not the current file of its sentence or section, with its
    /// file (and thumbnail). Rollback to them is no longer possible; the current takes stay.
    /// Refused while the project's jobs run (a render may be about to record a take).
    pub fn prune_old_takes(&self, id: &ProjectId) -> Result<PruneReport, AppError> {
        self.get_project(id)?;
        let active = self
            .list_jobs(Some(id), None)?
            .into_iter()
            .filter(|j| j.state.is_active())
            .count();
        if active > 0 {
            return Err(AppError::new(
                ErrorCode::Conflict,
                format!("{active} job(s) of this project are queued or running: wait for them or cancel them, then remove old takes."),
            ));
        }
        // Chosen and forgotten in one transaction: a rollback cannot make one of them
        // current in between. Files go after the commit, except those still named.
        let (removed, in_use) = self.store().write(|tx| {
            let old = copy::old_takes(tx, id)?;
            let ids: Vec<String> = old.iter().map(|t| t.id.clone()).collect();
            copy::delete_takes(tx, id, &ids)?;
            let named = copy::files_in_use(tx, id)?;
            // A thumbnail is named by sentence and revision, so a current image may share
            // one with an old take of the same revision.
            let thumbs: Vec<String> = named.iter().filter_map(|f| thumbnail_of(f)).collect();
            let in_use: HashSet<String> = named.into_iter().chain(thumbs).collect();
            Ok((old, in_use))
        })?;
        let mut report = PruneReport {
            takes: removed.len() as u32,
            ..PruneReport::default()
        };
        let mut seen = HashSet::new();
        for take in &removed {
            let thumb = if take.kind == "image" {
                thumbnail_of(&take.file)
            } else {
                None
            };
            for rel in std::iter::once(take.file.clone()).chain(thumb) {
                if in_use.contains(&rel) || !seen.insert(rel.clone()) {
                    continue;
                }
                let path = self.data_dir().join(&rel);
                let bytes = size_of(self.data_dir(), &rel);
                match std::fs::remove_file(&path) {
                    Ok(()) => {
                        report.files += 1;
                        report.bytes += bytes;
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => {
                        tracing::warn!(file = %path.display(), error = %e, "could not remove an old take")
                    }
                }
            }
        }
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::thumbnail_of;

    #[test]
    fn an_image_take_has_its_thumbnail_beside_it() {
        assert_eq!(
            thumbnail_of("projects/p/images/s_r3.png").as_deref(),
            Some("projects/p/thumbs/s_r3.webp")
        );
        assert_eq!(thumbnail_of("projects/p/audio/s_r3.wav"), None);
    }
}

//! Bring your own media: a user's WAV, PNG/JPEG or MP4 becomes a sentence's asset, exactly
//! as a generated one would (a new image makes the clip dirty).

use std::path::{Path, PathBuf};

use videogen_export::media::{self, ImageFormat, MediaError};
use videogen_model::{AppError, AssetKind, ErrorCode, Sentence, SentenceId};
use videogen_store::repo::sentences::{self, AssetResult};

use crate::{io_error, Studio};

impl Studio {
    /// Copies `source` into the project as the sentence's `kind` asset, after checking that
    /// it is a WAV `hound` reads, a PNG or JPEG that decodes, or an MP4 `ffprobe` accepts.
    /// The copy is a new file named by the asset's revision; older takes stay.
    pub fn attach_media(
        &self,
        id: &SentenceId,
        kind: AssetKind,
        source: &Path,
    ) -> Result<Sentence, AppError> {
        let sentence = self.get_sentence(id)?;
        let project = self.store().read(|c| sentences::project_of(c, id))?;
        let (ext, duration_ms) = probe(kind, source)?;
        // The file is named by the revision it will be recorded at: the next one.
        let rev = 1 + match kind {
            AssetKind::Audio => sentence.audio.rev,
            AssetKind::Image => sentence.image.rev,
            AssetKind::Video => sentence.video.rev,
        };
        let folder = match kind {
            AssetKind::Audio => "audio",
            AssetKind::Image => "images",
            AssetKind::Video => "videos",
        };
        let dir = self.layout().project_dir(&project).join(folder);
        std::fs::create_dir_all(&dir)
            .map_err(|e| io_error(format_args!("Cannot create {}", dir.display()), e))?;
        let target = free_name(&dir, &format!("{}_r{rev}", id.as_str()), ext);
        copy_atomically(source, &target)?;
        let relative = target
            .strip_prefix(self.data_dir())
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_else(|_| target.to_string_lossy().into_owned());
        let result = AssetResult {
            file: &relative,
            duration_ms,
            word_timings: None,
        };
        // Attaching is an edit: a new revision, so a generation already under way for the
        // old one cannot replace the user's file when it lands.
        self.store().write(|tx| {
            let rev = sentences::bump_revision(tx, id, kind)?;
            sentences::record_asset(tx, id, kind, rev, &result)
        })?;
        self.get_sentence(id)
    }
}

impl Studio {
    /// Checks that `source` can be attached as a `kind` asset, without attaching it (the
    /// CLI checks every file before attaching any).
    pub fn check_media(&self, kind: AssetKind, source: &Path) -> Result<(), AppError> {
        probe(kind, source).map(|_| ())
    }
}

fn probe(kind: AssetKind, source: &Path) -> Result<(&'static str, Option<i64>), AppError> {
    let media_error = |e: MediaError| {
        let code = match e {
            MediaError::ToolMissing(_) => ErrorCode::Internal,
            MediaError::NotFound(_) | MediaError::Unreadable { .. } => ErrorCode::Io,
            _ => ErrorCode::InvalidFile,
        };
        AppError::new(code, e.to_string())
    };
    match kind {
        AssetKind::Audio => {
            let info = media::probe_wav(source).map_err(media_error)?;
            Ok(("wav", Some(info.duration_ms)))
        }
        AssetKind::Image => {
            let info = media::probe_image(source).map_err(media_error)?;
            Ok((
                match info.format {
                    ImageFormat::Png => "png",
                    ImageFormat::Jpeg => "jpg",
                },
                None,
            ))
        }
        AssetKind::Video => {
            let info = media::probe_video(source).map_err(media_error)?;
            Ok(("mp4", Some(info.duration_ms)))
        }
    }
}

/// `stem.ext`, or `stem-2.ext`, `stem-3.ext`, … when taken: a second take at the same
/// revision must not replace the first.
fn free_name(dir: &Path, stem: &str, ext: &str) -> PathBuf {
    let first = dir.join(format!("{stem}.{ext}"));
    if !first.exists() {
        return first;
    }
    (2..)
        .map(|n| dir.join(format!("{stem}-{n}.{ext}")))
        .find(|p| !p.exists())
        .unwrap_or(first)
}

/// Copies to a temporary name in the target folder, then renames into place, so a crash
/// never leaves a half-copied asset under its real name.
fn copy_atomically(source: &Path, target: &Path) -> Result<(), AppError> {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = target.with_file_name(format!(".{name}.partial"));
    let result = std::fs::copy(source, &temp).and_then(|_| std::fs::rename(&temp, target));
    if let Err(e) = result {
        let _ = std::fs::remove_file(&temp);
        return Err(io_error(
            format_args!("Cannot copy {} into the project", source.display()),
            e,
        ));
    }
    Ok(())
}

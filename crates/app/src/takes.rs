//! Takes: every narration, image and clip a scene has had, every one-take narration a
//! section has had, and rollback to any of them.
//!
//! Rollback makes an older file current again and never queues anything: the user chose
//! that file, so it is current and clean; whatever it makes stale downstream (the clip of a
//! rolled-back image) is redone only when asked.

use serde::{Deserialize, Serialize};
use videogen_model::{AppError, AssetKind, Section, SectionId, Sentence, SentenceId};
use videogen_store::repo::{sections, sentences, takes};

use crate::Studio;

/// One take of a scene's narration, image or clip, as the inspector lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TakeView {
    /// Pass it to [`Studio::roll_back_take`].
    pub id: String,
    /// The scene it belongs to.
    pub sentence_id: SentenceId,
    /// Narration, image or clip.
    pub kind: AssetKind,
    /// The revision of the inputs it was made from.
    pub rev: i64,
    /// The file, relative to the data dir.
    pub file: String,
    /// An image take's 320-pixel thumbnail, relative to the data dir, when it exists.
    pub thumb: Option<String>,
    /// The seed it was rendered with.
    pub seed: Option<i64>,
    /// The model, voice or engine that made it.
    pub model: Option<String>,
    /// Narration or clip length, ms.
    pub duration_ms: Option<i64>,
    /// When it was made, ms since the Unix epoch.
    pub created_at: i64,
    /// It is the scene's current file of its kind.
    pub current: bool,
}

/// One take of a section's one-take narration, as the Voice-over screen lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SectionTakeView {
    /// Pass it to [`Studio::roll_back_section_narration_take`].
    pub id: String,
    /// The section it narrates.
    pub section_id: SectionId,
    /// The revision of the section's texts it was made from.
    pub rev: i64,
    /// The file, relative to the data dir.
    pub file: String,
    /// The voice or engine that made it.
    pub model: Option<String>,
    /// Its length, ms.
    pub duration_ms: Option<i64>,
    /// When it was made, ms since the Unix epoch.
    pub created_at: i64,
    /// It is the section's current narration.
    pub current: bool,
}

const KINDS: [AssetKind; 3] = [AssetKind::Audio, AssetKind::Image, AssetKind::Video];

impl Studio {
    /// Every take of a scene: narrations, then images, then clips, each newest first.
    pub fn list_takes(&self, sentence: &SentenceId) -> Result<Vec<TakeView>, AppError> {
        let (s, recorded) = self.store().read(|c| {
            let s = sentences::get(c, sentence)?;
            let recorded = KINDS
                .into_iter()
                .map(|kind| Ok((kind, takes::list(c, &s.id, kind)?)))
                .collect::<Result<Vec<_>, videogen_store::StoreError>>()?;
            Ok((s, recorded))
        })?;
        Ok(views(self.data_dir(), &s, recorded))
    }

    /// Every take of every scene of a section, scene by scene in story order.
    pub fn list_section_takes(&self, section: &SectionId) -> Result<Vec<TakeView>, AppError> {
        let scenes = self.store().read(|c| {
            let section = sections::get_with_sentences(c, section)?;
            section
                .sentences
                .into_iter()
                .map(|s| {
                    let recorded = KINDS
                        .into_iter()
                        .map(|kind| Ok((kind, takes::list(c, &s.id, kind)?)))
                        .collect::<Result<Vec<_>, videogen_store::StoreError>>()?;
                    Ok((s, recorded))
                })
                .collect::<Result<Vec<_>, videogen_store::StoreError>>()
        })?;
        Ok(scenes
            .into_iter()
            .flat_map(|(s, recorded)| views(self.data_dir(), &s, recorded))
            .collect())
    }

    /// Makes `take` the scene's current file of its kind again; nothing is queued. A
    /// render still under way for the scene lands as late and cannot replace the choice.
    /// Returns the scene as it now is.
    pub fn roll_back_take(&self, sentence: &SentenceId, take: &str) -> Result<Sentence, AppError> {
        let chosen = self
            .list_takes(sentence)?
            .into_iter()
            .find(|t| t.id == take)
            .ok_or_else(|| {
                AppError::not_found(
                    "This take is no longer among the scene's takes: reopen the scene to see the ones it has.",
                )
            })?;
        self.store().write(|tx| {
            // A new revision first, so a render that started from the old one is late when
            // it lands (the store keeps the newer file) instead of replacing the user's pick.
            let rev = sentences::bump_revision(tx, sentence, chosen.kind)?;
            takes::roll_back(tx, take)?;
            if chosen.kind == AssetKind::Audio {
                // Takes keep no word timings: those of the narration rolled away from would
                // highlight the wrong words, so they go until the take is aligned again.
                sentences::record_asset(
                    tx,
                    sentence,
                    AssetKind::Audio,
                    rev,
                    &sentences::AssetResult {
                        file: &chosen.file,
                        duration_ms: chosen.duration_ms,
                        word_timings: None,
                    },
                )?;
            }
            Ok(())
        })?;
        self.get_sentence(sentence)
    }
}

impl Studio {
    /// Every one-take narration a section has had, newest first.
    pub fn list_section_narration_takes(
        &self,
        section: &SectionId,
    ) -> Result<Vec<SectionTakeView>, AppError> {
        let (current, recorded) = self.store().read(|c| {
            let current = sections::get(c, section)?.narration.file;
            Ok((current, takes::list_section(c, section)?))
        })?;
        Ok(recorded
            .into_iter()
            .map(|t| SectionTakeView {
                current: current.as_deref() == Some(t.file.as_str()),
                id: t.id,
                section_id: section.clone(),
                rev: t.rev,
                file: t.file,
                model: t.model,
                duration_ms: t.duration_ms,
                created_at: t.created_at,
            })
            .collect())
    }

    /// Makes `take` the section's narration again; nothing is voiced or queued. The
    /// sentences' cuts came from the take rolled away from, so their narration becomes
    /// stale: the next "generate" cuts them from this take (word timings only, no voice).
    /// Returns the section with its sentences as they now are.
    pub fn roll_back_section_narration_take(
        &self,
        section: &SectionId,
        take: &str,
    ) -> Result<Section, AppError> {
        let known = self
            .list_section_narration_takes(section)?
            .into_iter()
            .any(|t| t.id == take);
        if !known {
            return Err(AppError::not_found(
                "This take is no longer among the section's narrations: reopen the section to see the ones it has.",
            ));
        }
        self.store().write(|tx| takes::roll_back(tx, take))?;
        Ok(self
            .store()
            .read(|c| sections::get_with_sentences(c, section))?)
    }
}

fn views(
    data_dir: &std::path::Path,
    s: &Sentence,
    recorded: Vec<(AssetKind, Vec<takes::Take>)>,
) -> Vec<TakeView> {
    let mut all = Vec::new();
    for (kind, list) in recorded {
        let current = match kind {
            AssetKind::Audio => s.audio.file.as_deref(),
            AssetKind::Image => s.image.file.as_deref(),
            AssetKind::Video => s.video.file.as_deref(),
        };
        all.extend(list.into_iter().map(|t| {
            TakeView {
                current: current == Some(t.file.as_str()),
                id: t.id,
                sentence_id: s.id.clone(),
                kind,
                rev: t.rev,
                thumb: (kind == AssetKind::Image)
                    .then(|| crate::storyboard::thumbnail_of(&t.file))
                    .flatten()
                    .filter(|thumb| data_dir.join(thumb).is_file()),
                file: t.file,
                seed: t.seed,
                model: t.model,
                duration_ms: t.duration_ms,
                created_at: t.created_at,
            }
        }));
    }
    all
}

//! What an export will write and roughly how long it will take, before it starts.

use serde::Serialize;
use videogen_export::plan::{MediaSource, Picture, PlannedMedia};
use videogen_export::{ExportWarning, WarningKind};
use videogen_model::{AppError, ExportFormat, FrameRate, FrameSize};
use videogen_pipeline::export::ExportRequest;
use videogen_store::repo::projects;

use crate::Studio;

/// Copy speed assumed for media that must be copied (a hard link is instant), bytes/s: a
/// laptop SSD copying within one filesystem, conservatively.
const COPY_BYTES_PER_S: f64 = 150e6;
/// ZIP writing speed (media are stored, not compressed), bytes/s.
const ZIP_BYTES_PER_S: f64 = 80e6;
/// One ffmpeg run to conform a file (resample, extend a clip), ms: measured on the 2-core
/// machine for a sentence-long file.
const CONFORM_MS: f64 = 1_500.0;
/// Narration cut from a section's take, written as 48 kHz 16-bit mono, bytes per ms.
const CUT_BYTES_PER_MS: u64 = 96;
/// A generated slate card (PNG), bytes.
const SLATE_BYTES: u64 = 40_000;
/// `script.txt` and `metadata.json` per sentence, bytes. This and [`format_bytes`] are the
/// sizes of `cargo run -p videogen-export --example sample_timelines -- DIR 1200` divided by
/// its 1,200 sentences, rounded up.
const TEXT_BYTES_PER_SENTENCE: u64 = 710;

/// One format's files per sentence, bytes (see [`TEXT_BYTES_PER_SENTENCE`]).
fn format_bytes(format: ExportFormat) -> u64 {
    match format {
        ExportFormat::Fcpxml => 890,
        ExportFormat::Xmeml => 1_360,
        ExportFormat::Otio => 2_300,
        ExportFormat::Mlt => 460,
        // Two EDLs: picture and narration.
        ExportFormat::Edl => 250,
        ExportFormat::Srt => 80,
        ExportFormat::Vtt => 75,
    }
}

/// The estimate shown before an export starts.
#[derive(Clone, Debug, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ExportEstimate {
    /// Media files the export will hold.
    pub media_files: u32,
    /// Their size plus the texts, bytes (the folder; the ZIP adds about as much again).
    pub folder_bytes: u64,
    /// The ZIP's size when one is asked for, bytes.
    pub zip_bytes: u64,
    /// Rough time to write it all, ms (copies, conforms, ZIP).
    pub estimated_ms: u64,
    /// Length of the timeline, ms.
    pub timeline_ms: u64,
    /// Scenes that would get a stand-in: a still for a missing clip, a slate for a missing
    /// image, silence for missing narration.
    pub stand_ins: u32,
    /// Scenes with a file older than its inputs (generating first brings them up to date).
    pub out_of_date: u32,
    /// Clips shorter than their narration, whose last frame is held.
    pub held_clips: u32,
    /// Files that must be conformed (resampled or extended) first.
    pub to_conform: u32,
    /// The target folder (or its ZIP) exists already: the export would be refused.
    pub target_exists: bool,
}

/// A timeline or caption format the export dialog offers.
#[derive(Clone, Debug, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ExportFormatChoice {
    /// The value to put in [`ExportRequest::formats`].
    pub format: ExportFormat,
    /// What it is ("FCPXML 1.10").
    pub name: String,
    /// Where it goes in the export folder.
    pub file: String,
    /// Which editors open it.
    pub editors: String,
}

/// What the export dialog offers: the frame rates and sizes the writers accept, and the
/// timelines and captions to choose from.
#[derive(Clone, Debug, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ExportChoices {
    /// Every frame rate the timelines support.
    pub frame_rates: Vec<FrameRate>,
    /// Common sizes (any even size from 16 to 8192 is accepted).
    pub sizes: Vec<FrameSize>,
    /// Every timeline and caption format, in [`ExportFormat::ALL`]'s order.
    pub formats: Vec<ExportFormatChoice>,
}

/// The export dialog's choices.
pub fn export_choices() -> ExportChoices {
    let describe = |format: ExportFormat| {
        // As `videogen_export::timeline::timeline_files` and the captions name them.
        let (name, file, editors) = match format {
            ExportFormat::Fcpxml => (
                "FCPXML 1.10",
                "timelines/*.fcpxml",
                "Final Cut Pro, DaVinci Resolve",
            ),
            ExportFormat::Xmeml => (
                "Premiere XML (FCP7 xmeml)",
                "timelines/*_xmeml.xml",
                "Premiere Pro, DaVinci Resolve",
            ),
            ExportFormat::Otio => (
                "OpenTimelineIO",
                "timelines/*.otio",
                "DaVinci Resolve, Kdenlive",
            ),
            ExportFormat::Mlt => ("MLT", "timelines/*.mlt", "Shotcut, Kdenlive"),
            ExportFormat::Edl => ("CMX 3600 EDL", "timelines/*.edl", "any editor"),
            ExportFormat::Srt => ("SRT captions", "captions/*.srt", "editors, YouTube"),
            ExportFormat::Vtt => ("WebVTT captions", "captions/*.vtt", "Kdenlive, the web"),
        };
        ExportFormatChoice {
            format,
            name: name.into(),
            file: file.into(),
            editors: editors.into(),
        }
    };
    ExportChoices {
        frame_rates: FrameRate::SUPPORTED.to_vec(),
        sizes: vec![
            FrameSize::HD_1080,
            FrameSize::HD_720,
            FrameSize::new(3840, 2160),
            FrameSize::new(1080, 1920),
            FrameSize::new(1080, 1080),
        ],
        formats: ExportFormat::ALL.into_iter().map(describe).collect(),
    }
}

impl Studio {
    /// Estimates an export: sizes from the files on disk, time from stated speeds.
    pub fn estimate_export(&self, request: &ExportRequest) -> Result<ExportEstimate, AppError> {
        let tree = self
            .store()
            .read(|c| projects::load_tree(c, &request.project_id))?;
        let tree = request.scope(tree)?;
        let plan = videogen_export::build_plan(&tree, self.data_dir(), &request.options())?;
        let size = |m: &PlannedMedia| -> u64 {
            match &m.source {
                MediaSource::Data(rel) => {
                    std::fs::metadata(self.data_dir().join(rel)).map_or(0, |m| m.len())
                }
                MediaSource::SectionCut {
                    start_ms, end_ms, ..
                } => (end_ms - start_ms).max(0) as u64 * CUT_BYTES_PER_MS,
                MediaSource::Slate => SLATE_BYTES,
            }
        };
        let (mut files, mut bytes, mut conform) = (0u32, 0u64, 0u32);
        for s in &plan.sentences {
            let media = s
                .audio
                .iter()
                .chain(std::iter::once(&s.image))
                .chain(match &s.picture {
                    Picture::Clip { media, .. } => Some(media),
                    Picture::Still => None,
                });
            for m in media {
                files += 1;
                bytes += size(m);
                if matches!(m.source, MediaSource::SectionCut { .. }) {
                    conform += 1;
                }
            }
            if matches!(s.picture, Picture::Clip { extended: true, .. }) {
                conform += 1;
            }
        }
        let per_sentence = TEXT_BYTES_PER_SENTENCE
            + ExportFormat::ALL
                .into_iter()
                .filter(|f| request.formats.contains(f))
                .map(format_bytes)
                .sum::<u64>();
        let folder_bytes = bytes + plan.sentences.len() as u64 * per_sentence;
        let zip_bytes = if request.zip { folder_bytes } else { 0 };
        let ms = bytes as f64 / COPY_BYTES_PER_S * 1000.0
            + f64::from(conform) * CONFORM_MS
            + zip_bytes as f64 / ZIP_BYTES_PER_S * 1000.0;
        Ok(ExportEstimate {
            media_files: files,
            folder_bytes,
            zip_bytes,
            estimated_ms: ms.round() as u64,
            timeline_ms: plan
                .sentences
                .last()
                .map_or(0, |s| (s.span.start_ms + s.span.duration_ms).max(0) as u64),
            stand_ins: scenes_with(&plan.warnings, |k| {
                matches!(
                    k,
                    WarningKind::ClipMissing
                        | WarningKind::ImageMissing
                        | WarningKind::NarrationMissing
                )
            }),
            out_of_date: scenes_with(&plan.warnings, |k| matches!(k, WarningKind::Stale)),
            held_clips: scenes_with(&plan.warnings, |k| matches!(k, WarningKind::ClipExtended)),
            to_conform: conform,
            target_exists: request.target.symlink_metadata().is_ok()
                || (request.zip
                    && videogen_export::zip_path(&request.target)
                        .symlink_metadata()
                        .is_ok()),
        })
    }
}

/// How many scenes have a warning of a kind `wanted` picks (a scene missing both its image
/// and its narration counts once).
fn scenes_with(warnings: &[ExportWarning], wanted: impl Fn(&WarningKind) -> bool) -> u32 {
    let scenes: std::collections::HashSet<&str> = warnings
        .iter()
        .filter(|w| wanted(&w.kind))
        .map(|w| w.number.as_str())
        .collect();
    scenes.len() as u32
}

//! The export plan: every sentence numbered, placed on the timeline and given its media
//! files and fallbacks, before anything is written. Pure apart from checking that source
//! files exist, so it is cheap and testable with hand-built [`ProjectTree`]s.

use std::path::Path;

use serde::Serialize;
use videogen_model::{ExportFormat, FrameSize, ProjectTree, SentenceId, WordTiming};

use crate::error::ExportError;
use crate::naming::{self, MediaKind};
use crate::timing::{self, FrameRate, Span};

/// Narration length assumed for a sentence that has none, so it still gets a slot.
pub const MISSING_NARRATION_MS: i64 = 3000;

/// What the caller chose for this export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportOptions {
    /// Timeline frame rate; `None` uses the project's.
    pub fps: Option<FrameRate>,
    /// Frame size; `None` uses the project's.
    pub size: Option<FrameSize>,
    /// Silence between two sentences of one section, ms.
    pub sentence_pause_ms: i64,
    /// Silence between the last sentence of a section and the first of the next, ms
    /// (instead of the sentence pause).
    pub section_pause_ms: i64,
    /// Refuse to export when any fallback would be used, listing them.
    pub strict: bool,
    /// Also write `<target>.zip` holding the same tree.
    pub zip: bool,
    /// Hard-link media that already fit when source and target share a filesystem
    /// (files are never modified in place by the studio, so sharing them is safe).
    pub hard_link: bool,
    /// The timelines and captions to write (media, script and metadata are always written).
    pub formats: Vec<ExportFormat>,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            fps: None,
            size: None,
            sentence_pause_ms: 0,
            section_pause_ms: 0,
            strict: false,
            zip: false,
            hard_link: true,
            formats: ExportFormat::all(),
        }
    }
}

/// Why the export had to improvise for a sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningKind {
    /// The clip is shorter than the narration: its last frame is held.
    ClipExtended,
    /// No clip: the image is used as a still.
    ClipMissing,
    /// No image (and no clip): a slate card stands in.
    ImageMissing,
    /// No narration: the sentence gets a silent slot.
    NarrationMissing,
    /// An asset's file is older than its inputs (it is marked dirty).
    Stale,
}

/// One fallback or problem, for the user to see.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExportWarning {
    /// The sentence's export number (`0042`).
    pub number: String,
    /// What happened.
    pub kind: WarningKind,
    /// A sentence for a person.
    pub message: String,
}

/// Where a planned file comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MediaSource {
    /// A file in the data dir (path relative to it).
    Data(String),
    /// A cut `[start_ms, end_ms)` of a section's one-take narration (relative path).
    SectionCut {
        /// The section narration file.
        file: String,
        /// Cut start, ms.
        start_ms: i64,
        /// Cut end, ms.
        end_ms: i64,
    },
    /// A generated slate card.
    Slate,
}

/// One media file of the export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedMedia {
    /// Path inside the export, with `/`.
    pub path: String,
    /// Where it comes from.
    pub source: MediaSource,
}

/// The picture on the video track for one sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Picture {
    /// The clip (MP4). `frames` is the exported file's length in frames.
    Clip {
        /// The clip file.
        media: PlannedMedia,
        /// Length of the exported file in frames (at least the sentence's frames).
        frames: i64,
        /// Whether it must be extended (last frame held) to cover the narration.
        extended: bool,
    },
    /// The sentence's image (or slate) shown as a still.
    Still,
}

/// One sentence of the export.
#[derive(Clone, Debug, PartialEq)]
pub struct PlannedSentence {
    /// Story-order number, zero-padded (`0001`).
    pub number: String,
    /// Index into [`ExportPlan::sections`].
    pub section: usize,
    /// The sentence's id.
    pub id: SentenceId,
    /// Narrated text.
    pub text: String,
    /// Where its narration sits on the timeline.
    pub span: Span,
    /// Narration file; `None` when there is none.
    pub audio: Option<PlannedMedia>,
    /// Samples of the exported 48 kHz narration (from the stored duration until probed).
    pub audio_samples: u64,
    /// Channels of the exported narration (1 until probed).
    pub audio_channels: u16,
    /// Image file, or the slate standing in for it.
    pub image: PlannedMedia,
    /// What the video track shows.
    pub picture: Picture,
    /// Word timings, ms from the start of the narration.
    pub word_timings: Vec<WordTiming>,
}

impl PlannedSentence {
    /// The file the video track uses: the clip, or the image/slate as a still.
    pub fn picture_path(&self) -> &str {
        match &self.picture {
            Picture::Clip { media, .. } => &media.path,
            Picture::Still => &self.image.path,
        }
    }

    /// Whether the video track shows a still.
    pub fn is_still(&self) -> bool {
        matches!(self.picture, Picture::Still)
    }

    /// A display name for clips: `0001 Intro`.
    pub fn clip_name(&self, plan: &ExportPlan) -> String {
        format!("{} {}", self.number, plan.sections[self.section].title)
    }
}

/// One section of the export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedSection {
    /// Heading (a fallback like `Section 2` when the title is empty).
    pub title: String,
    /// ASCII slug used in file names.
    pub slug: String,
    /// Index of its first sentence in [`ExportPlan::sentences`] (its marker goes there).
    pub first_sentence: usize,
    /// Number of its sentences.
    pub sentence_count: usize,
}

/// Everything the writers need, decided up front.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportPlan {
    /// Project name.
    pub name: String,
    /// ASCII slug of the project name (timeline and caption file names).
    pub slug: String,
    /// Timeline frame rate.
    pub rate: FrameRate,
    /// Frame width.
    pub width: u32,
    /// Frame height.
    pub height: u32,
    /// Sections in order.
    pub sections: Vec<PlannedSection>,
    /// Sentences in story order.
    pub sentences: Vec<PlannedSentence>,
    /// Every fallback, in story order.
    pub warnings: Vec<ExportWarning>,
}

impl ExportPlan {
    /// Length of the timeline in frames.
    pub fn total_frames(&self) -> i64 {
        self.sentences.last().map_or(0, |s| s.span.end_frame)
    }
}

/// Builds the plan for `tree`, checking which source files exist under `data_dir`.
///
/// Fails with [`ExportError::InvalidInput`] for an empty project or a bad rate/size, and
/// with [`ExportError::Strict`] when `options.strict` and any fallback would be used.
pub fn build_plan(
    tree: &ProjectTree,
    data_dir: &Path,
    options: &ExportOptions,
) -> Result<ExportPlan, ExportError> {
    let project = &tree.project;
    // Rate and size are checked where they are made (`FrameRate`, `FrameSize`); checked
    // again here because an export may be asked for with values built in code.
    let rate = options.fps.unwrap_or(project.frame_rate());
    let rate =
        FrameRate::checked(rate.num, rate.den).map_err(|e| ExportError::InvalidInput(e.message))?;
    let size = options.size.unwrap_or(project.frame_size());
    let FrameSize { width, height } = FrameSize::checked(size.width, size.height)
        .map_err(|e| ExportError::InvalidInput(e.message))?;
    let count = tree.sentences().count();
    if count == 0 {
        return Err(ExportError::InvalidInput(format!(
            "project \"{}\" has no sentences: write or import a script before exporting",
            project.name
        )));
    }
    let width_digits = naming::number_width(count);
    let exists = |rel: &Option<String>| -> Option<String> {
        rel.as_ref()
            .filter(|r| !r.is_empty() && data_dir.join(r).is_file())
            .cloned()
    };

    let mut sections = Vec::with_capacity(tree.sections.len());
    let mut sentences = Vec::with_capacity(count);
    let mut warnings = Vec::new();
    let mut durations = Vec::with_capacity(count);
    for (si, section) in tree.sections.iter().enumerate() {
        let title = match section.title.trim() {
            "" => format!("Section {}", si + 1),
            t => t.to_string(),
        };
        let slug = naming::slug(&section.title, &format!("section-{:02}", si + 1));
        sections.push(PlannedSection {
            title,
            slug: slug.clone(),
            first_sentence: sentences.len(),
            sentence_count: section.sentences.len(),
        });
        for (k, s) in section.sentences.iter().enumerate() {
            let number = naming::padded(sentences.len() + 1, width_digits);
            let warn = |warnings: &mut Vec<ExportWarning>, kind, message: String| {
                warnings.push(ExportWarning {
                    number: number.clone(),
                    kind,
                    message: format!("Sentence {number}: {message}"),
                });
            };
            // Narration: the sentence's own file, else its cut of the section take.
            let audio_source = match exists(&s.audio.file) {
                Some(f) => Some((MediaSource::Data(f), s.audio_duration_ms)),
                None => match (
                    exists(&s.section_audio_file),
                    s.audio_start_ms,
                    s.audio_end_ms,
                ) {
                    (Some(file), Some(a), Some(b)) if b > a => Some((
                        MediaSource::SectionCut {
                            file,
                            start_ms: a,
                            end_ms: b,
                        },
                        Some(b - a),
                    )),
                    _ => None,
                },
            };
            let audio_ms = audio_source
                .as_ref()
                .and_then(|(_, d)| *d)
                .filter(|d| *d > 0);
            let (audio, duration_ms) = match (audio_source, audio_ms) {
                (Some((source, _)), Some(d)) => (
                    Some(PlannedMedia {
                        path: naming::media_path(&number, &slug, MediaKind::Audio),
                        source,
                    }),
                    d,
                ),
                _ => {
                    let d = s
                        .video_duration_ms
                        .filter(|d| *d > 0)
                        .unwrap_or(MISSING_NARRATION_MS);
                    warn(
                        &mut warnings,
                        WarningKind::NarrationMissing,
                        format!("no narration; a silent slot of {d} ms is left for it"),
                    );
                    (None, d)
                }
            };
            let image = match exists(&s.image.file) {
                Some(f) => PlannedMedia {
                    path: naming::media_path(&number, &slug, MediaKind::Image),
                    source: MediaSource::Data(f),
                },
                None => PlannedMedia {
                    path: naming::media_path(&number, &slug, MediaKind::Slate),
                    source: MediaSource::Slate,
                },
            };
            let clip = exists(&s.video.file);
            if clip.is_none() {
                // A missing image implies the clip is missing too: one warning says both.
                if image.source == MediaSource::Slate {
                    warn(
                        &mut warnings,
                        WarningKind::ImageMissing,
                        "no clip and no image; a slate card is shown".into(),
                    );
                } else {
                    warn(
                        &mut warnings,
                        WarningKind::ClipMissing,
                        "no clip; its image is shown as a still".into(),
                    );
                }
            }
            for (asset, label) in [
                (&s.audio, "narration"),
                (&s.image, "image"),
                (&s.video, "clip"),
            ] {
                if asset.dirty && exists(&asset.file).is_some() {
                    warn(
                        &mut warnings,
                        WarningKind::Stale,
                        format!("the {label} is out of date (its inputs changed); the old one is exported"),
                    );
                }
            }
            let pause = if k == 0 {
                options.section_pause_ms
            } else {
                options.sentence_pause_ms
            };
            durations.push((duration_ms, pause));
            let video_path = naming::media_path(&number, &slug, MediaKind::Video);
            sentences.push(PlannedSentence {
                number,
                section: si,
                id: s.id.clone(),
                text: s.text.clone(),
                span: Span::place(rate, 0, 0),
                audio,
                audio_samples: (duration_ms.max(0) as u64) * 48,
                audio_channels: 1,
                image,
                picture: match clip {
                    Some(f) => Picture::Clip {
                        media: PlannedMedia {
                            path: video_path,
                            source: MediaSource::Data(f),
                        },
                        // Frames the stored clip holds: its length is whole frames
                        // stored in ms (rounded either way by a millisecond), so the
                        // nearest frame, not the floor; fixed by probing later.
                        frames: s.video_duration_ms.map_or(0, |ms| rate.ms_to_frame(ms)),
                        extended: false,
                    },
                    None => Picture::Still,
                },
                word_timings: s.word_timings.clone().unwrap_or_default(),
            });
        }
    }
    for (sentence, span) in sentences.iter_mut().zip(timing::layout(rate, durations)) {
        sentence.span = span;
        if let Picture::Clip {
            frames, extended, ..
        } = &mut sentence.picture
        {
            if *frames < span.frames() {
                *extended = true;
                *frames = span.frames();
                warnings.push(ExportWarning {
                    number: sentence.number.clone(),
                    kind: WarningKind::ClipExtended,
                    message: format!(
                        "Sentence {}: the clip is shorter than its narration; its last frame is held",
                        sentence.number
                    ),
                });
            }
        }
    }
    // Warnings in story order (extension warnings were added after the layout).
    warnings.sort_by(|a, b| a.number.cmp(&b.number));
    if options.strict && !warnings.is_empty() {
        return Err(ExportError::Strict(warnings));
    }
    Ok(ExportPlan {
        name: project.name.clone(),
        slug: naming::slug(&project.name, "project"),
        rate,
        width,
        height,
        sections,
        sentences,
        warnings,
    })
}

//! `script.txt` and `metadata.json` (schema in `METADATA.md`).

use std::fmt::Write;

use serde::Serialize;
use videogen_model::WordTiming;

use crate::plan::{ExportPlan, ExportWarning, Picture};

/// The script: the project name, then each section as a heading followed by its sentences,
/// each prefixed with its export number so it matches the media names.
pub fn script_txt(plan: &ExportPlan) -> String {
    let mut x = String::with_capacity(256 + plan.sentences.len() * 120);
    let _ = write!(
        x,
        "{}\n{}\n",
        plan.name,
        "=".repeat(plan.name.chars().count().max(1))
    );
    for section in &plan.sections {
        let _ = write!(
            x,
            "\n{}\n{}\n\n",
            section.title,
            "-".repeat(section.title.chars().count().max(1))
        );
        let end = section.first_sentence + section.sentence_count;
        for s in &plan.sentences[section.first_sentence..end] {
            let _ = writeln!(x, "[{}] {}", s.number, s.text.trim());
        }
    }
    x
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Metadata<'a> {
    schema_version: u32,
    project: &'a str,
    fps: String,
    fps_num: u32,
    fps_den: u32,
    width: u32,
    height: u32,
    duration_ms: i64,
    duration_frames: i64,
    sections: Vec<SectionMeta<'a>>,
    sentences: Vec<SentenceMeta<'a>>,
    warnings: &'a [ExportWarning],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SectionMeta<'a> {
    index: usize,
    title: &'a str,
    slug: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SentenceMeta<'a> {
    number: &'a str,
    id: &'a str,
    section: usize,
    section_title: &'a str,
    text: &'a str,
    audio: Option<AudioMeta<'a>>,
    timeline_start_ms: i64,
    duration_ms: i64,
    start_frame: i64,
    frames: i64,
    image: &'a str,
    image_is_slate: bool,
    video: Option<&'a str>,
    video_extended: bool,
    word_timings: &'a [WordTiming],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AudioMeta<'a> {
    file: &'a str,
    timeline_start_ms: i64,
    duration_ms: i64,
}

/// `metadata.json`: project, rate, size and per sentence its timing and files.
pub fn metadata_json(plan: &ExportPlan) -> String {
    let meta = Metadata {
        schema_version: 1,
        project: &plan.name,
        fps: plan.rate.to_string(),
        fps_num: plan.rate.num,
        fps_den: plan.rate.den,
        width: plan.width,
        height: plan.height,
        duration_ms: plan
            .sentences
            .last()
            .map_or(0, |s| s.span.start_ms + s.span.duration_ms),
        duration_frames: plan.total_frames(),
        sections: plan
            .sections
            .iter()
            .enumerate()
            .map(|(index, s)| SectionMeta {
                index,
                title: &s.title,
                slug: &s.slug,
            })
            .collect(),
        sentences: plan
            .sentences
            .iter()
            .map(|s| SentenceMeta {
                number: &s.number,
                id: &s.id.0,
                section: s.section,
                section_title: &plan.sections[s.section].title,
                text: &s.text,
                audio: s.audio.as_ref().map(|a| AudioMeta {
                    file: &a.path,
                    timeline_start_ms: s.span.start_ms,
                    duration_ms: s.span.duration_ms,
                }),
                timeline_start_ms: s.span.start_ms,
                duration_ms: s.span.duration_ms,
                start_frame: s.span.start_frame,
                frames: s.span.frames(),
                image: &s.image.path,
                image_is_slate: s.image.source == crate::plan::MediaSource::Slate,
                video: match &s.picture {
                    Picture::Clip { media, .. } => Some(&media.path),
                    Picture::Still => None,
                },
                video_extended: matches!(s.picture, Picture::Clip { extended: true, .. }),
                word_timings: &s.word_timings,
            })
            .collect(),
        warnings: &plan.warnings,
    };
    // Serialising plain strings and numbers cannot fail.
    serde_json::to_string_pretty(&meta).unwrap_or_default()
}

//! Narration jobs (FR-301…304): per sentence or per section (one TTS call, split by
//! alignment into sentence ranges), never both; the voice reads the spoken text where the
//! user gave one; the project's voice and engine settings; the length read from the file.
//! And alignment: word timings for karaoke, sentence ranges inside section narration.

use std::time::Instant;

use videogen_jobs::{HandlerError, JobContext, JobHandler};
use videogen_model::{
    AppError, AssetKind, JobResult, JobTarget, Project, Section, Sentence, TtsEngine,
};
use videogen_providers::{TtsClient, TtsParams, WhisperClient, WhisperConfig};
use videogen_store::repo::takes::{self, NewTake};
use videogen_store::repo::{sections, sentences};

use crate::generate::{follow_up, GenPayload};
use crate::{files, Pipeline};

/// How often a job redoes its own target when an edit arrived while it ran, before it
/// leaves the target dirty for the next generate.
pub(crate) const REDO_LIMIT: usize = 3;

fn app(e: impl Into<AppError>) -> HandlerError {
    HandlerError::from(e.into())
}

/// The TTS client and voice of a project.
async fn voice_of(
    p: &Pipeline,
    project: &Project,
) -> Result<(std::sync::Arc<TtsClient>, String, TtsParams), HandlerError> {
    let client = match project.tts_engine {
        TtsEngine::Chatterbox => p.services().tts.clone(),
        TtsEngine::Piper => {
            let drafts = p.services().drafts.as_ref().ok_or_else(|| {
                HandlerError::permanent(
                    "The draft voice is not available in this process: install the offline engines (`videogen engines install`).",
                )
            })?;
            std::sync::Arc::new(TtsClient::new(drafts.voice().await?))
        }
    };
    let voice = match &project.voice_id {
        Some(v) => v.clone(),
        None => client
            .voices(&Default::default())
            .await
            .map_err(app)?
            .into_iter()
            .next()
            .map(|v| v.id)
            .ok_or_else(|| {
                HandlerError::permanent(
                    "The TTS server lists no voice: add one to it, or choose the draft voice.",
                )
            })?,
    };
    let s = &project.tts_settings;
    let params = TtsParams {
        temperature: s.temperature,
        exaggeration: s.exaggeration,
        cfg_weight: s.cfg_weight,
        seed: s.seed,
        speed: s.speed,
        language: Some(project.language.clone()),
    };
    Ok((client, voice, params))
}

/// The Whisper client a project aligns with.
async fn whisper_of(
    p: &Pipeline,
    project: &Project,
) -> Result<std::sync::Arc<WhisperClient>, HandlerError> {
    match project.tts_engine {
        TtsEngine::Chatterbox => Ok(p.services().whisper.clone()),
        TtsEngine::Piper => {
            let drafts = p.services().drafts.as_ref().ok_or_else(|| {
                HandlerError::permanent("The draft timings engine is not available in this process: install the offline engines (`videogen engines install`).")
            })?;
            let mut config = WhisperConfig::new(drafts.timings().await?);
            config.language = Some(project.language.clone());
            Ok(std::sync::Arc::new(WhisperClient::new(config)))
        }
    }
}

/// The handler for [`videogen_model::JobKind::AudioSentence`].
pub fn sentence_handler(p: Pipeline) -> impl JobHandler {
    move |ctx: JobContext| {
        let p = p.clone();
        async move {
            let payload: GenPayload = ctx.payload()?;
            let JobTarget::Sentence(id) = ctx.job().target() else {
                return Err(HandlerError::permanent(
                    "A narration job works on a sentence; queue it again.",
                ));
            };
            let (project_id, rows, mut s) = p.sentence_rows(&id)?;
            let (client, voice, params) = voice_of(&p, &rows.project).await?;
            for _ in 0..REDO_LIMIT {
                if !s.audio.dirty {
                    break;
                }
                ctx.progress(0.1, "voicing");
                let rel = files::audio(&project_id, &id, s.audio.rev);
                let out = files::prepare(p.data_dir(), &rel)?;
                let started = Instant::now();
                let speech = client
                    .synthesize(s.voiced_text(), &voice, &params, &out, ctx.cancellation())
                    .await
                    .map_err(app)?;
                let take = NewTake {
                    rev: s.audio.rev,
                    file: &rel,
                    model: Some(&voice),
                    prompt: Some(s.voiced_text()),
                    duration_ms: Some(speech.duration_ms as i64),
                    render_ms: Some(started.elapsed().as_millis() as i64),
                    ..NewTake::default()
                };
                let clean = p.store().write(|tx| {
                    takes::record_sentence_take(tx, &id, AssetKind::Audio, &take, None)
                })?;
                if clean {
                    break;
                }
                // Edited while it was voiced: the file is kept as a take; voice it again.
                s = p.store().read(|c| sentences::get(c, &id))?;
            }
            follow_up(&p, &project_id, &JobTarget::Sentence(id), &payload.stages)?;
            Ok(JobResult::default())
        }
    }
}

/// The handler for [`videogen_model::JobKind::AudioSection`]: the whole section in one take.
pub fn section_handler(p: Pipeline) -> impl JobHandler {
    move |ctx: JobContext| {
        let p = p.clone();
        async move {
            let payload: GenPayload = ctx.payload()?;
            let JobTarget::Section(id) = ctx.job().target() else {
                return Err(HandlerError::permanent(
                    "A section narration job works on a section; queue it again.",
                ));
            };
            let project_id = p.store().read(|c| sections::project_of(c, &id))?;
            let rows = p.project_rows(&project_id)?;
            let (client, voice, params) = voice_of(&p, &rows.project).await?;
            for _ in 0..REDO_LIMIT {
                let section = p.store().read(|c| sections::get_with_sentences(c, &id))?;
                if !section.narration.dirty || section.sentences.is_empty() {
                    break;
                }
                let text = section_text(&section);
                ctx.progress(0.1, "voicing the section");
                let rel = files::section_audio(&project_id, &id, section.narration.rev);
                let out = files::prepare(p.data_dir(), &rel)?;
                let started = Instant::now();
                let speech = client
                    .synthesize(&text, &voice, &params, &out, ctx.cancellation())
                    .await
                    .map_err(app)?;
                let take = NewTake {
                    rev: section.narration.rev,
                    file: &rel,
                    model: Some(&voice),
                    duration_ms: Some(speech.duration_ms as i64),
                    render_ms: Some(started.elapsed().as_millis() as i64),
                    ..NewTake::default()
                };
                let clean = p
                    .store()
                    .write(|tx| takes::record_section_take(tx, &id, &take))?;
                if clean {
                    break;
                }
            }
            follow_up(&p, &project_id, &JobTarget::Section(id), &payload.stages)?;
            Ok(JobResult::default())
        }
    }
}

/// What the voice reads for a section: each sentence's spoken text, in order.
pub fn section_text(section: &Section) -> String {
    section
        .sentences
        .iter()
        .map(|s| s.voiced_text().trim())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The handler for [`videogen_model::JobKind::AudioAlign`]: word timings of one sentence's
/// narration, or the sentence ranges (cut sample-exact into sentence files) and word
/// timings of a section's one take.
pub fn align_handler(p: Pipeline) -> impl JobHandler {
    move |ctx: JobContext| {
        let p = p.clone();
        async move {
            let payload: GenPayload = ctx.payload()?;
            let target = ctx.job().target();
            match &target {
                JobTarget::Sentence(id) => {
                    let (project_id, rows, sentence) = p.sentence_rows(id)?;
                    let whisper = whisper_of(&p, &rows.project).await?;
                    align_sentence(&p, &ctx, &whisper, sentence).await?;
                    follow_up(&p, &project_id, &target, &payload.stages)?;
                }
                JobTarget::Section(id) => {
                    let project_id = p.store().read(|c| sections::project_of(c, id))?;
                    let rows = p.project_rows(&project_id)?;
                    let whisper = whisper_of(&p, &rows.project).await?;
                    crate::section_split::align_section(&p, &ctx, &whisper, &project_id, id)
                        .await?;
                    follow_up(&p, &project_id, &target, &payload.stages)?;
                }
                _ => {
                    return Err(HandlerError::permanent(
                        "An alignment job works on a sentence or a section; queue it again.",
                    ))
                }
            }
            Ok(JobResult::default())
        }
    }
}

async fn align_sentence(
    p: &Pipeline,
    ctx: &JobContext,
    whisper: &WhisperClient,
    s: Sentence,
) -> Result<(), HandlerError> {
    let id = &s.id;
    let (Some(file), Some(file_rev)) = (s.audio.file.clone(), s.audio.file_rev) else {
        return Ok(());
    };
    ctx.progress(0.1, "listening for word timings");
    let heard = whisper
        .transcribe(&p.data_dir().join(&file), ctx.cancellation())
        .await
        .map_err(app)?;
    let words: Vec<crate::align::HeardWord> = heard
        .words
        .iter()
        .map(|w| crate::align::HeardWord {
            text: w.text.clone(),
            start_ms: w.start_ms as i64,
            end_ms: w.end_ms as i64,
        })
        .collect();
    let duration = s
        .audio_duration_ms
        .unwrap_or_else(|| heard.duration_ms.unwrap_or(0) as i64);
    let timings = crate::align::word_timings(s.voiced_text(), &words, duration);
    p.store().write(|tx| {
        let now = sentences::get(tx, id)?;
        // Narrated again meanwhile: these timings belong to an older file.
        if now.audio.file.as_deref() != Some(file.as_str()) {
            return Ok(());
        }
        sentences::record_asset(
            tx,
            id,
            AssetKind::Audio,
            file_rev,
            &sentences::AssetResult {
                file: &file,
                duration_ms: now.audio_duration_ms,
                word_timings: Some(&timings),
            },
        )?;
        Ok(())
    })?;
    Ok(())
}

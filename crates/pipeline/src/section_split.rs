//! Section narration to sentences: align the one take with its script, cut each sentence's
//! range sample-exact into its own file (recorded as the sentence's narration take, so clips,
//! the timeline and the export work as for per-sentence narration), and keep the ranges.

use std::path::Path;

use videogen_jobs::{HandlerError, JobContext};
use videogen_model::{AppError, AssetKind, ErrorCode, ProjectId, SectionId, WordTiming};
use videogen_providers::WhisperClient;
use videogen_store::repo::takes::{self, NewTake};
use videogen_store::repo::{sections, sentences};

use crate::align::{self, HeardWord, Pcm};
use crate::{files, Pipeline};

/// A mono 16-bit PCM file.
struct Mono {
    samples: Vec<i16>,
    rate: u32,
}

fn read_mono(path: &Path) -> Result<Mono, HandlerError> {
    let bad = |e: String| {
        HandlerError::permanent(format!(
            "The section narration {} cannot be read ({e}): narrate the section again.",
            path.display()
        ))
    };
    let mut reader = hound::WavReader::open(path).map_err(|e| bad(e.to_string()))?;
    let spec = reader.spec();
    let channels = usize::from(spec.channels.max(1));
    let all: Vec<i16> = match (spec.sample_format, spec.bits_per_sample) {
        (hound::SampleFormat::Int, 16) => reader
            .samples::<i16>()
            .collect::<Result<_, _>>()
            .map_err(|e| bad(e.to_string()))?,
        (hound::SampleFormat::Float, 32) => reader
            .samples::<f32>()
            .map(|s| s.map(|v| (v.clamp(-1.0, 1.0) * 32767.0) as i16))
            .collect::<Result<_, _>>()
            .map_err(|e| bad(e.to_string()))?,
        (hound::SampleFormat::Int, bits) if bits > 16 => reader
            .samples::<i32>()
            .map(|s| s.map(|v| (v >> (bits - 16)) as i16))
            .collect::<Result<_, _>>()
            .map_err(|e| bad(e.to_string()))?,
        (format, bits) => return Err(bad(format!("{bits}-bit {format:?} audio is not supported"))),
    };
    let samples = all.chunks(channels).map(|frame| frame[0]).collect();
    Ok(Mono {
        samples,
        rate: spec.sample_rate,
    })
}

fn write_mono(path: &Path, samples: &[i16], rate: u32) -> Result<(), HandlerError> {
    let temp = files::temp_beside(path);
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: rate,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let io = |e: hound::Error| {
        HandlerError::from(AppError::new(
            ErrorCode::Io,
            format!("Cannot write {}: {e}", path.display()),
        ))
    };
    let mut w = hound::WavWriter::create(&temp, spec).map_err(io)?;
    for s in samples {
        w.write_sample(*s).map_err(io)?;
    }
    w.finalize().map_err(io)?;
    std::fs::rename(&temp, path)?;
    Ok(())
}

pub(crate) async fn align_section(
    p: &Pipeline,
    ctx: &JobContext,
    whisper: &WhisperClient,
    project: &ProjectId,
    id: &SectionId,
) -> Result<(), HandlerError> {
    let section = p.store().read(|c| sections::get_with_sentences(c, id))?;
    let Some(file) = section.narration.file.clone() else {
        return Ok(());
    };
    let path = p.data_dir().join(&file);
    ctx.progress(0.1, "listening for word timings");
    let heard = whisper
        .transcribe(&path, ctx.cancellation())
        .await
        .map_err(AppError::from)?;
    let words: Vec<HeardWord> = heard
        .words
        .iter()
        .map(|w| HeardWord {
            text: w.text.clone(),
            start_ms: w.start_ms as i64,
            end_ms: w.end_ms as i64,
        })
        .collect();
    let pcm = tokio::task::spawn_blocking(move || read_mono(&path))
        .await
        .map_err(|e| HandlerError::retry(format!("reading the narration stopped: {e}")))??;
    let texts: Vec<&str> = section.sentences.iter().map(|s| s.voiced_text()).collect();
    let spans = align::split_section(
        &texts,
        &words,
        &Pcm {
            samples: &pcm.samples,
            sample_rate: pcm.rate,
        },
    )
    .map_err(|e| {
        HandlerError::permanent(format!(
            "The section narration could not be split into sentences: {e}"
        ))
    })?;
    ctx.progress(0.6, "cutting sentences");
    let rate = i64::from(pcm.rate);
    for (s, span) in section.sentences.iter().zip(&spans) {
        let a = ((span.start_ms * rate) / 1000).clamp(0, pcm.samples.len() as i64) as usize;
        let b = ((span.end_ms * rate) / 1000).clamp(a as i64, pcm.samples.len() as i64) as usize;
        let rel = files::audio(project, &s.id, s.audio.rev);
        let out = files::prepare(p.data_dir(), &rel)?;
        write_mono(&out, &pcm.samples[a..b], pcm.rate)?;
        let duration = ((b - a) as i64 * 1000) / rate.max(1);
        let timings: Vec<WordTiming> = span
            .words
            .iter()
            .map(|w| WordTiming {
                word: w.word.clone(),
                start_ms: (w.start_ms - span.start_ms).max(0),
                end_ms: (w.end_ms - span.start_ms).max(0),
            })
            .collect();
        let take = NewTake {
            rev: s.audio.rev,
            file: &rel,
            duration_ms: Some(duration),
            prompt: Some(s.voiced_text()),
            model: Some("section take"),
            ..NewTake::default()
        };
        p.store().write(|tx| {
            // Narrated again meanwhile: these cuts belong to an older take.
            if sections::get(tx, id)?.narration.file.as_deref() != Some(file.as_str()) {
                return Ok(());
            }
            takes::record_sentence_take(tx, &s.id, AssetKind::Audio, &take, Some(&timings))?;
            sentences::set_section_range(tx, &s.id, &file, span.start_ms, span.end_ms)
        })?;
    }
    Ok(())
}

//! A section's narration as a waveform for the Voice-over screen: min/max pairs per time
//! bucket (the window draws them on a canvas, never decoding audio itself) and where each
//! sentence lies on it.
//!
//! A section voiced in one take has one file and the sentence ranges that alignment found
//! in it; a section voiced sentence by sentence is drawn as its sentence files played one
//! after another. Buckets are by time, not by sample, so files of different sample rates
//! join without resampling.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use videogen_model::{AppError, ErrorCode, SectionId, SentenceId};
use videogen_store::repo::sections;

use crate::Studio;

/// The most buckets one waveform may have: more than any screen is wide.
pub const MAX_BUCKETS: u32 = 10_000;

/// Peaks of audio: for bucket `i` of `min.len()` equal spans of time, the lowest and the
/// highest sample, from -1.0 to 1.0 (0.0 where the bucket holds no sample).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Peaks {
    /// The length of the audio, ms.
    pub duration_ms: u32,
    /// Lowest sample per bucket.
    pub min: Vec<f32>,
    /// Highest sample per bucket.
    pub max: Vec<f32>,
}

/// How a section's narration was made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum NarrationSource {
    /// One take of the whole section.
    Section,
    /// One file per sentence, drawn end to end.
    Sentences,
    /// Nothing voiced yet.
    None,
}

/// Where one sentence lies on its section's waveform.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SentenceSpan {
    /// The sentence.
    pub sentence_id: SentenceId,
    /// Its position in the section, from 0.
    pub order: u32,
    /// Start on the waveform's time axis, ms.
    pub start_ms: u32,
    /// End on the waveform's time axis, ms.
    pub end_ms: u32,
    /// The file to play for this sentence alone (sentence narration), absolute.
    pub file: Option<String>,
}

/// A section's waveform with its sentence boundaries.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SectionWaveform {
    /// The section.
    pub section_id: SectionId,
    /// How the narration was made.
    pub source: NarrationSource,
    /// The one-take file (absolute), when the section was voiced in one take.
    pub file: Option<String>,
    /// The peaks.
    pub peaks: Peaks,
    /// The sentences that have narration, in order.
    pub sentences: Vec<SentenceSpan>,
}

impl Studio {
    /// The waveform of a section's narration in `buckets` buckets (1..=10,000), with the
    /// sentence boundaries on it.
    pub fn section_waveform(
        &self,
        section: &SectionId,
        buckets: u32,
    ) -> Result<SectionWaveform, AppError> {
        if !(1..=MAX_BUCKETS).contains(&buckets) {
            return Err(AppError::invalid(format!(
                "A waveform has from 1 to {MAX_BUCKETS} buckets, not {buckets}."
            )));
        }
        let s = self
            .store()
            .read(|c| sections::get_with_sentences(c, section))?;
        let root = self.data_dir();
        let take = s
            .narration
            .file
            .as_ref()
            .map(|f| (f.clone(), root.join(f)))
            .filter(|(_, p)| p.is_file());
        if let Some((rel, path)) = take {
            let peaks = peaks_of_files(std::slice::from_ref(&path), buckets)?;
            let sentences = s
                .sentences
                .iter()
                .filter(|x| x.section_audio_file.as_deref() == Some(rel.as_str()))
                .filter_map(|x| {
                    Some(SentenceSpan {
                        sentence_id: x.id.clone(),
                        order: x.order,
                        start_ms: ms(x.audio_start_ms?),
                        end_ms: ms(x.audio_end_ms?),
                        file: None,
                    })
                })
                .collect();
            return Ok(SectionWaveform {
                section_id: s.id,
                source: NarrationSource::Section,
                file: Some(path.display().to_string()),
                peaks,
                sentences,
            });
        }
        let voiced: Vec<(&videogen_model::Sentence, PathBuf)> = s
            .sentences
            .iter()
            .filter_map(|x| {
                let path = root.join(x.audio.file.as_ref()?);
                path.is_file().then_some((x, path))
            })
            .collect();
        let files: Vec<PathBuf> = voiced.iter().map(|(_, p)| p.clone()).collect();
        let peaks = peaks_of_files(&files, buckets)?;
        let mut at = 0u32;
        let mut sentences = Vec::with_capacity(voiced.len());
        for (x, path) in &voiced {
            let length = wav_info(path)?.duration_ms;
            sentences.push(SentenceSpan {
                sentence_id: x.id.clone(),
                order: x.order,
                start_ms: at,
                end_ms: at + length,
                file: Some(path.display().to_string()),
            });
            at += length;
        }
        Ok(SectionWaveform {
            section_id: s.id,
            source: if voiced.is_empty() {
                NarrationSource::None
            } else {
                NarrationSource::Sentences
            },
            file: None,
            peaks,
            sentences,
        })
    }
}

fn ms(value: i64) -> u32 {
    u32::try_from(value.max(0)).unwrap_or(u32::MAX)
}

struct WavInfo {
    frames: u64,
    rate: u32,
    duration_ms: u32,
}

fn bad_wav(path: &Path, e: impl std::fmt::Display) -> AppError {
    AppError::new(
        ErrorCode::InvalidFile,
        format!(
            "{} is not a readable WAV ({e}); generate its narration again.",
            path.display()
        ),
    )
}

fn wav_info(path: &Path) -> Result<WavInfo, AppError> {
    let reader = hound::WavReader::open(path).map_err(|e| bad_wav(path, e))?;
    let rate = reader.spec().sample_rate;
    let frames = u64::from(reader.duration());
    if rate == 0 {
        return Err(bad_wav(path, "its sample rate is 0"));
    }
    Ok(WavInfo {
        frames,
        rate,
        duration_ms: u32::try_from(frames * 1000 / u64::from(rate)).unwrap_or(u32::MAX),
    })
}

/// Peaks of `files` played one after another, in `buckets` equal spans of time (fewer
/// when the audio has fewer samples than that). Every channel counts.
pub fn peaks_of_files(files: &[PathBuf], buckets: u32) -> Result<Peaks, AppError> {
    let infos = files
        .iter()
        .map(|f| wav_info(f))
        .collect::<Result<Vec<_>, _>>()?;
    // Seconds as the common axis: files may differ in sample rate.
    let total_s: f64 = infos
        .iter()
        .map(|i| i.frames as f64 / f64::from(i.rate))
        .sum();
    let total_frames: u64 = infos.iter().map(|i| i.frames).sum();
    let n = (buckets as u64)
        .min(total_frames)
        .max(if total_frames == 0 { 0 } else { 1 }) as usize;
    let mut min = vec![f32::INFINITY; n];
    let mut max = vec![f32::NEG_INFINITY; n];
    let mut offset_s = 0.0;
    for (path, info) in files.iter().zip(&infos) {
        let mut reader = hound::WavReader::open(path).map_err(|e| bad_wav(path, e))?;
        let spec = reader.spec();
        let channels = u64::from(spec.channels.max(1));
        let scale = match spec.sample_format {
            hound::SampleFormat::Float => 1.0,
            hound::SampleFormat::Int => 1.0 / (1u64 << (spec.bits_per_sample - 1)) as f32,
        };
        let mut put = |index: u64, value: f32| {
            let t = offset_s + (index / channels) as f64 / f64::from(info.rate);
            let b = ((t / total_s) * n as f64) as usize;
            let b = b.min(n - 1);
            min[b] = min[b].min(value);
            max[b] = max[b].max(value);
        };
        match spec.sample_format {
            hound::SampleFormat::Float => {
                for (i, s) in reader.samples::<f32>().enumerate() {
                    put(i as u64, s.map_err(|e| bad_wav(path, e))?);
                }
            }
            hound::SampleFormat::Int => {
                for (i, s) in reader.samples::<i32>().enumerate() {
                    put(i as u64, s.map_err(|e| bad_wav(path, e))? as f32 * scale);
                }
            }
        }
        offset_s += info.frames as f64 / f64::from(info.rate);
    }
    for (lo, hi) in min.iter_mut().zip(max.iter_mut()) {
        if lo.is_infinite() || hi.is_infinite() {
            (*lo, *hi) = (0.0, 0.0);
        }
    }
    Ok(Peaks {
        duration_ms: u32::try_from((total_s * 1000.0).round() as u64).unwrap_or(u32::MAX),
        min,
        max,
    })
}

//! The narration track: every sentence's 48 kHz WAV placed at its timeline position (its
//! first frame), trimmed to its frames, with silence in the pauses: one WAV for the muxer.

use std::path::{Path, PathBuf};

use crate::error::ExportError;
use crate::media::MediaError;
use crate::timing::FrameRate;

/// The narration track's sample rate (the export's, DESIGN.md "Export and media").
pub(crate) const RATE: u32 = 48_000;

/// One narration file placed on the film.
pub(crate) struct Placed {
    /// A 48 kHz integer PCM WAV.
    pub file: PathBuf,
    /// Its first frame in the film.
    pub start_frame: i64,
    /// One past its last frame: the narration is cut there, as on the timeline.
    pub end_frame: i64,
}

/// The sample at which `frame` starts, rounded to the nearest sample.
pub(crate) fn frame_sample(rate: FrameRate, frame: i64) -> u64 {
    let num = i128::from(rate.num.max(1));
    let n = i128::from(frame.max(0)) * i128::from(RATE) * i128::from(rate.den);
    ((2 * n + num) / (2 * num)) as u64
}

fn bad_wav(path: &Path, e: hound::Error) -> ExportError {
    MediaError::BadWav {
        path: path.to_path_buf(),
        detail: e.to_string(),
    }
    .into()
}

/// Writes the narration track of a film of `total_frames` to `out` (16-bit, mono unless
/// some narration is stereo). `placed` is in film order and never overlaps.
pub(crate) fn write_narration(
    placed: &[Placed],
    rate: FrameRate,
    total_frames: i64,
    out: &Path,
    cancelled: &dyn Fn() -> bool,
) -> Result<(), ExportError> {
    let mut channels = 1u16;
    for p in placed {
        let reader = hound::WavReader::open(&p.file).map_err(|e| bad_wav(&p.file, e))?;
        channels = channels.max(reader.spec().channels.min(2));
    }
    let spec = hound::WavSpec {
        channels,
        sample_rate: RATE,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut writer = hound::WavWriter::create(out, spec).map_err(|e| match e {
        hound::Error::IoError(io) => ExportError::io("writing", out, io),
        other => ExportError::io("writing", out, std::io::Error::other(other.to_string())),
    })?;
    let write_err = |e: hound::Error| match e {
        hound::Error::IoError(io) => ExportError::io("writing", out, io),
        other => ExportError::io("writing", out, std::io::Error::other(other.to_string())),
    };
    let ch = usize::from(channels);
    let mut cursor = 0u64;
    let end = frame_sample(rate, total_frames);
    let silence = |writer: &mut hound::WavWriter<_>, frames: u64| -> Result<(), ExportError> {
        for _ in 0..frames * ch as u64 {
            writer.write_sample(0i16).map_err(write_err)?;
        }
        Ok(())
    };
    for p in placed {
        if cancelled() {
            return Err(ExportError::Cancelled);
        }
        let first = frame_sample(rate, p.start_frame).max(cursor);
        let last = frame_sample(rate, p.end_frame).min(end);
        if last <= first {
            continue;
        }
        silence(&mut writer, first - cursor)?;
        let mut reader = hound::WavReader::open(&p.file).map_err(|e| bad_wav(&p.file, e))?;
        let src = reader.spec();
        if src.sample_rate != RATE || src.sample_format != hound::SampleFormat::Int {
            return Err(ExportError::InvalidInput(format!(
                "{} is not 48 kHz integer PCM: export once to conform the narration, then render again",
                p.file.display()
            )));
        }
        let shift = u32::from(src.bits_per_sample.saturating_sub(16));
        let src_ch = usize::from(src.channels.max(1));
        let wanted = (last - first) as usize;
        let mut written = 0usize;
        let mut frame = Vec::with_capacity(src_ch);
        for sample in reader.samples::<i32>() {
            let sample = sample.map_err(|e| bad_wav(&p.file, e))?;
            frame.push((sample >> shift) as i16);
            if frame.len() < src_ch {
                continue;
            }
            for c in 0..ch {
                // Mono into stereo: both sides; more channels than two: the first two.
                writer
                    .write_sample(frame[c.min(src_ch - 1)])
                    .map_err(write_err)?;
            }
            frame.clear();
            written += 1;
            if written == wanted {
                break;
            }
        }
        // A narration shorter than its frames (under one frame, by the timeline's rule)
        // ends in silence.
        silence(&mut writer, (wanted - written) as u64)?;
        cursor = last;
    }
    silence(&mut writer, end.saturating_sub(cursor))?;
    writer.finalize().map_err(write_err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_map_to_exact_samples() {
        assert_eq!(frame_sample(FrameRate::FPS_24, 24), 48_000);
        assert_eq!(frame_sample(FrameRate::FPS_23_976, 1), 2002);
        // 29.97: 1601.6 samples a frame, rounded per edge (never accumulated).
        assert_eq!(frame_sample(FrameRate::FPS_29_97, 1), 1602);
        assert_eq!(frame_sample(FrameRate::FPS_29_97, 5), 8008);
    }
}

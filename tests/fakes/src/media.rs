//! Real media files: PNGs of a given size, MP4s through ffmpeg, and WAVs that carry
//! their words' timings in a RIFF `LIST`/`INFO` `ICMT` chunk for the fake Whisper.

use std::io::Write;

use serde::{Deserialize, Serialize};

/// One spoken word and where it is in the audio.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimedWord {
    /// As written, punctuation attached (`world.`).
    pub word: String,
    /// Start, ms.
    pub start_ms: u64,
    /// End, ms.
    pub end_ms: u64,
}

/// A `width`×`height` RGB PNG with a gradient (so it is not trivially compressible to nothing).
pub fn png(width: u32, height: u32) -> Result<Vec<u8>, String> {
    let (w, h) = (width.clamp(1, 8192), height.clamp(1, 8192));
    let mut data = Vec::with_capacity((w * h * 3) as usize);
    for y in 0..h {
        for x in 0..w {
            data.extend_from_slice(&[(x * 255 / w) as u8, (y * 255 / h) as u8, 128]);
        }
    }
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, w, h);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
        writer.write_image_data(&data).map_err(|e| e.to_string())?;
    }
    Ok(out)
}

/// An MP4 of `frames` frames at `fps`, made by the `ffmpeg` command.
pub fn mp4(width: u32, height: u32, frames: u32, fps: f64) -> Result<Vec<u8>, String> {
    // yuv420p needs even sizes.
    let (w, h) = (
        (width.clamp(2, 4096) / 2) * 2,
        (height.clamp(2, 4096) / 2) * 2,
    );
    let dir = std::env::temp_dir().join(format!("videogen-fake-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let out = dir.join("clip.mp4");
    let status = std::process::Command::new("ffmpeg")
        .args([
            "-hide_banner",
            "-loglevel",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
        ])
        .arg(format!("testsrc=size={w}x{h}:rate={fps}"))
        .args([
            "-frames:v",
            &frames.max(1).to_string(),
            "-pix_fmt",
            "yuv420p",
        ])
        .arg(&out)
        .status();
    let result = match status {
        Ok(s) if s.success() => std::fs::read(&out).map_err(|e| format!("ffmpeg wrote no file: {e}")),
        Ok(s) => Err(format!("ffmpeg failed ({s}) making a {w}x{h} MP4")),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Err("ffmpeg is not installed: the fake ComfyUI needs it to write MP4s (apt-get install ffmpeg)".to_string())
        }
        Err(e) => Err(format!("cannot run ffmpeg: {e}")),
    };
    let _ = std::fs::remove_dir_all(&dir);
    result
}

/// Words of a text with timings: the length of each follows its letters.
pub fn time_words(text: &str, speed: f64) -> (Vec<TimedWord>, u64) {
    let speed = if speed.is_finite() && speed > 0.1 {
        speed
    } else {
        1.0
    };
    let mut t = 150.0;
    let mut words = Vec::new();
    for word in text.split_whitespace() {
        let letters = word.chars().filter(|c| c.is_alphanumeric()).count() as f64;
        let len = (120.0 + 55.0 * letters) / speed;
        words.push(TimedWord {
            word: word.to_string(),
            start_ms: t as u64,
            end_ms: (t + len) as u64,
        });
        t += len + 60.0 / speed;
        if word.ends_with(['.', '!', '?']) {
            t += 250.0 / speed;
        }
    }
    (words, (t + 150.0) as u64)
}

/// Marker in the ICMT comment that says it carries word timings.
const MARK: &str = "videogen-words:";

/// A 16-bit mono PCM WAV of `duration_ms` (a soft tone under each word) with the words
/// in a `LIST`/`INFO`/`ICMT` chunk, which audio tools ignore.
pub fn wav_with_words(words: &[TimedWord], duration_ms: u64, sample_rate: u32) -> Vec<u8> {
    let n = (duration_ms * u64::from(sample_rate) / 1000) as usize;
    let mut samples = vec![0i16; n];
    for w in words {
        let a = (w.start_ms * u64::from(sample_rate) / 1000) as usize;
        let b = ((w.end_ms * u64::from(sample_rate) / 1000) as usize).min(n);
        // A cheap triangle wave (~220 Hz at 24 kHz): audible, and fast even in debug builds.
        for (i, s) in samples.iter_mut().enumerate().take(b).skip(a) {
            let p = (i % 110) as i16;
            *s = (if p < 55 { p } else { 110 - p } - 27) * 100;
        }
    }
    let comment = format!("{MARK}{}", serde_json::to_string(words).unwrap_or_default());
    let mut icmt = comment.into_bytes();
    icmt.push(0);
    if icmt.len() % 2 == 1 {
        icmt.push(0);
    }
    let list_len = 4 + 8 + icmt.len();
    let data_len = samples.len() * 2;
    let riff_len = 4 + (8 + 16) + (8 + list_len) + (8 + data_len);
    let mut out = Vec::with_capacity(riff_len + 8);
    let _ = out.write_all(b"RIFF");
    out.extend_from_slice(&(riff_len as u32).to_le_bytes());
    out.extend_from_slice(b"WAVEfmt ");
    out.extend_from_slice(&16u32.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes()); // PCM
    out.extend_from_slice(&1u16.to_le_bytes()); // mono
    out.extend_from_slice(&sample_rate.to_le_bytes());
    out.extend_from_slice(&(sample_rate * 2).to_le_bytes());
    out.extend_from_slice(&2u16.to_le_bytes());
    out.extend_from_slice(&16u16.to_le_bytes());
    out.extend_from_slice(b"LIST");
    out.extend_from_slice(&(list_len as u32).to_le_bytes());
    out.extend_from_slice(b"INFOICMT");
    out.extend_from_slice(&(icmt.len() as u32).to_le_bytes());
    out.extend_from_slice(&icmt);
    out.extend_from_slice(b"data");
    out.extend_from_slice(&(data_len as u32).to_le_bytes());
    for s in samples {
        out.extend_from_slice(&s.to_le_bytes());
    }
    out
}

/// Reads the words and the duration back from a WAV made by [`wav_with_words`];
/// `None` when it is not a WAV. A WAV without the chunk has no words.
pub fn read_wav_words(bytes: &[u8]) -> Option<(Vec<TimedWord>, u64)> {
    if bytes.len() < 12 || &bytes[0..4] != b"RIFF" || &bytes[8..12] != b"WAVE" {
        return None;
    }
    let mut pos = 12;
    let mut words = Vec::new();
    let mut rate = 0u32;
    let mut block = 2u16;
    let mut duration = 0;
    while pos + 8 <= bytes.len() {
        let id = &bytes[pos..pos + 4];
        let len = u32::from_le_bytes(bytes[pos + 4..pos + 8].try_into().ok()?) as usize;
        let body = bytes.get(pos + 8..(pos + 8 + len).min(bytes.len()))?;
        match id {
            b"fmt " if body.len() >= 16 => {
                rate = u32::from_le_bytes(body[4..8].try_into().ok()?);
                block = u16::from_le_bytes(body[12..14].try_into().ok()?).max(1);
            }
            b"LIST" => {
                let text = String::from_utf8_lossy(body);
                if let Some(i) = text.find(MARK) {
                    let json = text[i + MARK.len()..].trim_end_matches('\0');
                    words = serde_json::from_str(json).unwrap_or_default();
                }
            }
            b"data" if rate > 0 => {
                duration = (body.len() as u64 / u64::from(block)) * 1000 / u64::from(rate)
            }
            _ => {}
        }
        pos += 8 + len + (len % 2);
    }
    Some((words, duration))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_survive_a_round_trip_through_the_wav() {
        let (words, dur) = time_words("Hello there, world.", 1.0);
        let wav = wav_with_words(&words, dur, 24000);
        let (back, d) = read_wav_words(&wav).unwrap();
        assert_eq!(back, words);
        assert!(d.abs_diff(dur) <= 1);
        let reader = hound::WavReader::new(std::io::Cursor::new(&wav)).unwrap();
        assert_eq!(reader.spec().sample_rate, 24000);
    }

    #[test]
    fn png_has_the_requested_size() {
        let bytes = png(40, 30).unwrap();
        let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        let reader = decoder.read_info().unwrap();
        assert_eq!((reader.info().width, reader.info().height), (40, 30));
    }
}

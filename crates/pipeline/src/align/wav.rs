//! Reading a narration file into mono 16-bit samples for [`super::split_section`].

use std::path::Path;

use super::Pcm;

/// Samples owned, for a file read from disk.
#[derive(Clone, Debug, PartialEq)]
pub struct OwnedPcm {
    pub samples: Vec<i16>,
    pub sample_rate: u32,
}

impl OwnedPcm {
    pub fn as_pcm(&self) -> Pcm<'_> {
        Pcm {
            samples: &self.samples,
            sample_rate: self.sample_rate,
        }
    }
}

/// Reads a WAV file (8/16/24/32-bit integer or 32-bit float, any channel count) as mono
/// 16-bit samples: channels are averaged.
pub fn read_wav(path: &Path) -> Result<OwnedPcm, hound::Error> {
    let mut reader = hound::WavReader::open(path)?;
    let spec = reader.spec();
    let channels = usize::from(spec.channels.max(1));
    let interleaved: Vec<f32> = match spec.sample_format {
        hound::SampleFormat::Float => reader.samples::<f32>().collect::<Result<_, _>>()?,
        hound::SampleFormat::Int => {
            let scale = 1.0 / (1u64 << (spec.bits_per_sample.clamp(1, 32) - 1)) as f32;
            reader
                .samples::<i32>()
                .map(|s| s.map(|v| v as f32 * scale))
                .collect::<Result<_, _>>()?
        }
    };
    let samples = interleaved
        .chunks(channels)
        .map(|frame| {
            let mean = frame.iter().sum::<f32>() / frame.len() as f32;
            (mean * 32767.0).round().clamp(-32768.0, 32767.0) as i16
        })
        .collect();
    Ok(OwnedPcm {
        samples,
        sample_rate: spec.sample_rate,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stereo_file_is_read_as_mono_at_its_rate() {
        let dir = std::env::temp_dir().join(format!("align-wav-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("stereo.wav");
        let spec = hound::WavSpec {
            channels: 2,
            sample_rate: 22050,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let mut writer = hound::WavWriter::create(&path, spec).unwrap();
        for (l, r) in [(1000i16, 3000i16), (-200, -200), (0, 0)] {
            writer.write_sample(l).unwrap();
            writer.write_sample(r).unwrap();
        }
        writer.finalize().unwrap();
        let pcm = read_wav(&path).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(pcm.sample_rate, 22050);
        assert_eq!(pcm.samples, [2000, -200, 0]);
    }
}

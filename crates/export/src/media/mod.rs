//! Media checks and conforming.
//!
//! The probes here validate a user's own files for "attach your own media" and tell the
//! export whether a file already fits the timeline: a WAV that `hound` reads, a PNG or
//! JPEG that decodes, an MP4 that `ffprobe` accepts. Each failure names the problem.

pub(crate) mod conform;
mod ffmpeg;
mod mp4;
mod slate;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub(crate) use conform::{prepare_media, PreparedMedia};
pub use ffmpeg::ffmpeg_available;

/// Why a media file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    /// The file does not exist.
    #[error("{} does not exist: check the path", .0.display())]
    NotFound(PathBuf),
    /// The file is empty.
    #[error("{} is empty: choose a file with content", .0.display())]
    Empty(PathBuf),
    /// The file cannot be read.
    #[error("cannot read {}: {source}", .path.display())]
    Unreadable {
        /// The file.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// Not a WAV `hound` can read (or not PCM).
    #[error("{} is not a readable WAV file ({detail}): give a PCM .wav", .path.display())]
    BadWav {
        /// The file.
        path: PathBuf,
        /// What the decoder said.
        detail: String,
    },
    /// Not a PNG or JPEG that decodes.
    #[error("{} is not a PNG or JPEG image that decodes ({detail}): give a .png or .jpg", .path.display())]
    BadImage {
        /// The file.
        path: PathBuf,
        /// What the decoder said.
        detail: String,
    },
    /// `ffprobe` rejected the file or found no video stream.
    #[error("{} is not a playable MP4 video ({detail}): give an .mp4 with a video stream", .path.display())]
    BadVideo {
        /// The file.
        path: PathBuf,
        /// What ffprobe said.
        detail: String,
    },
    /// `ffmpeg`/`ffprobe` is not installed.
    #[error("{0} is not installed or not on PATH: install ffmpeg (e.g. `apt install ffmpeg`)")]
    ToolMissing(&'static str),
}

impl MediaError {
    /// The code the UI switches on.
    pub fn code(&self) -> videogen_model::ErrorCode {
        use videogen_model::ErrorCode;
        match self {
            MediaError::NotFound(_) => ErrorCode::NotFound,
            MediaError::Unreadable { .. } => ErrorCode::Io,
            MediaError::Empty(_)
            | MediaError::BadWav { .. }
            | MediaError::BadImage { .. }
            | MediaError::BadVideo { .. } => ErrorCode::InvalidFile,
            MediaError::ToolMissing(_) => ErrorCode::ServiceUnavailable,
        }
    }
}

impl From<MediaError> for videogen_model::AppError {
    fn from(e: MediaError) -> Self {
        videogen_model::AppError::new(e.code(), e.to_string())
    }
}

/// What a narration WAV holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WavInfo {
    /// Length, ms (rounded down).
    pub duration_ms: i64,
    /// Samples per second.
    pub sample_rate: u32,
    /// Channels.
    pub channels: u16,
    /// Bits per sample.
    pub bits: u16,
    /// Samples per channel.
    pub samples: u64,
    /// Integer PCM (as opposed to float).
    pub integer_pcm: bool,
}

/// Image file formats accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImageFormat {
    /// PNG.
    Png,
    /// JPEG.
    Jpeg,
}

/// What an image holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageInfo {
    /// Width, pixels.
    pub width: u32,
    /// Height, pixels.
    pub height: u32,
    /// Its format.
    pub format: ImageFormat,
}

/// What an MP4's video stream holds, as ffprobe reports it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VideoInfo {
    /// Length, ms.
    pub duration_ms: i64,
    /// Frame rate numerator.
    pub fps_num: u32,
    /// Frame rate denominator.
    pub fps_den: u32,
    /// Width, pixels.
    pub width: u32,
    /// Height, pixels.
    pub height: u32,
    /// Codec (`h264`, …).
    pub codec: String,
    /// Pixel format (`yuv420p`, …).
    pub pix_fmt: String,
}

fn check_file(path: &Path) -> Result<(), MediaError> {
    match std::fs::metadata(path) {
        Ok(m) if m.len() == 0 => Err(MediaError::Empty(path.to_path_buf())),
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Err(MediaError::NotFound(path.to_path_buf()))
        }
        Err(source) => Err(MediaError::Unreadable {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// Reads a WAV's header (validation and duration). Fails unless `hound` reads it.
pub fn probe_wav(path: &Path) -> Result<WavInfo, MediaError> {
    check_file(path)?;
    let bad = |detail: String| MediaError::BadWav {
        path: path.to_path_buf(),
        detail,
    };
    let reader = hound::WavReader::open(path).map_err(|e| bad(e.to_string()))?;
    let spec = reader.spec();
    let samples = u64::from(reader.duration());
    if spec.sample_rate == 0 || spec.channels == 0 {
        return Err(bad("no sample rate or channels".into()));
    }
    if samples == 0 {
        return Err(bad("no audio samples".into()));
    }
    Ok(WavInfo {
        duration_ms: (samples * 1000 / u64::from(spec.sample_rate)) as i64,
        sample_rate: spec.sample_rate,
        channels: spec.channels,
        bits: spec.bits_per_sample,
        samples,
        integer_pcm: spec.sample_format == hound::SampleFormat::Int,
    })
}

/// Decodes a PNG or JPEG fully (validation) and returns its size.
pub fn probe_image(path: &Path) -> Result<ImageInfo, MediaError> {
    let info = image_header(path)?;
    let reader = image::ImageReader::open(path)
        .and_then(|r| r.with_guessed_format())
        .map_err(|source| MediaError::Unreadable {
            path: path.to_path_buf(),
            source,
        })?;
    reader.decode().map_err(|e| MediaError::BadImage {
        path: path.to_path_buf(),
        detail: e.to_string(),
    })?;
    Ok(info)
}

/// Reads only an image's header: format and size (cheap; used for export decisions).
pub fn image_header(path: &Path) -> Result<ImageInfo, MediaError> {
    check_file(path)?;
    let bad = |detail: String| MediaError::BadImage {
        path: path.to_path_buf(),
        detail,
    };
    let reader = image::ImageReader::open(path)
        .and_then(|r| r.with_guessed_format())
        .map_err(|source| MediaError::Unreadable {
            path: path.to_path_buf(),
            source,
        })?;
    let format = match reader.format() {
        Some(image::ImageFormat::Png) => ImageFormat::Png,
        Some(image::ImageFormat::Jpeg) => ImageFormat::Jpeg,
        other => return Err(bad(format!("format {other:?} is not accepted"))),
    };
    let (width, height) = reader.into_dimensions().map_err(|e| bad(e.to_string()))?;
    Ok(ImageInfo {
        width,
        height,
        format,
    })
}

/// Asks `ffprobe` about an MP4's first video stream. The file must be an MP4 (ISO base
/// media, starting with an `ftyp` box): ffprobe alone also "accepts" text and image files
/// as odd video streams.
pub fn probe_video(path: &Path) -> Result<VideoInfo, MediaError> {
    check_file(path)?;
    let mut head = [0u8; 8];
    let read = std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
        .map_err(|source| MediaError::Unreadable {
            path: path.to_path_buf(),
            source,
        })?;
    if read < 8 || &head[4..8] != b"ftyp" {
        return Err(MediaError::BadVideo {
            path: path.to_path_buf(),
            detail: "it is not an MP4 container".into(),
        });
    }
    ffmpeg::ffprobe_video(path)
}

/// Reads an MP4's first video track from its box headers alone (no ffprobe): `Some` only
/// for H.264 4:2:0 8-bit at a constant frame rate, which is all the export needs to know
/// to copy a clip as is. Returns `None` when unsure; ask [`probe_video`] then.
pub fn mp4_video_info(path: &Path) -> Option<VideoInfo> {
    mp4::quick_info(path)
}

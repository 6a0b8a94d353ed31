//! The picture of the rough cut as a list of segments for ffmpeg's concat demuxer, each an
//! H.264 MP4 of exactly the frames it covers, so that stream copy cuts at the plan's frames:
//!
//! - a sentence's picture covers its span: the prepared clip as is when it already is
//!   H.264 4:2:0 at the film's size and rate with exactly that many frames; otherwise the
//!   clip (held on its last frame when shorter) or the still is encoded to exactly that
//!   many frames, closed GOP;
//! - a pause after a sentence holds that sentence's last frame (the timelines leave a gap
//!   there; a black flash between sentences is not a film), so the cuts to the next
//!   sentence are still the timelines' cuts.
//!
//! Encoded segments are cached in the project's `conformed/` folder next to the export's
//! conformed media, keyed by source identity and settings: a second render copies.

use std::path::{Path, PathBuf};

use crate::error::ExportError;
use crate::media::{mp4_video_info, VideoInfo};
use crate::plan::{ExportPlan, Picture};
use crate::roughcut::run::ffmpeg_with_progress;
use crate::timing::FrameRate;

/// One entry of the concat list.
#[derive(Clone, Debug)]
pub(crate) struct Segment {
    /// An H.264 MP4 with exactly `frames` frames and no audio.
    pub file: PathBuf,
    /// Its frames.
    pub frames: i64,
}

/// The segments and how they were made.
pub(crate) struct Segments {
    /// In film order; their frames add up to the film's.
    pub list: Vec<Segment>,
    /// Prepared clips used as they are.
    pub copied: usize,
    /// Segments encoded in this run (the rest came from the cache).
    pub encoded: usize,
}

/// x264 speed and quality of every segment we encode: `veryfast` at constant quality 20,
/// the settings of the Ken Burns clips, so concatenated streams look alike.
const PRESET: &str = "veryfast";
const CRF: &str = "20";

use crate::media::conform::{fnv, identity};

/// Frames an MP4 holds at `rate`, from its header.
fn clip_frames(info: &VideoInfo, rate: FrameRate) -> i64 {
    ((i128::from(info.duration_ms) * i128::from(rate.num) * 2 + 1000 * i128::from(rate.den))
        / (2000 * i128::from(rate.den))) as i64
}

/// What a sentence's picture segment is made from.
#[derive(Clone, Copy)]
enum Source<'a> {
    Clip(&'a Path),
    Still(&'a Path),
}

struct Maker<'a> {
    dir: &'a Path,
    width: u32,
    height: u32,
    rate: FrameRate,
    cancelled: &'a dyn Fn() -> bool,
    encoded: usize,
}

impl Maker<'_> {
    fn encode_args(&self, frames: i64) -> Vec<String> {
        let gop = (self.rate.nominal() * 2).to_string();
        let rate = format!("{}/{}", self.rate.num, self.rate.den);
        [
            "-an",
            "-frames:v",
            &frames.to_string(),
            "-r",
            &rate,
            "-c:v",
            "libx264",
            "-preset",
            PRESET,
            "-crf",
            CRF,
            "-profile:v",
            "high",
            "-pix_fmt",
            "yuv420p",
            "-g",
            &gop,
            "-flags",
            "+cgop",
            "-colorspace",
            "bt709",
            "-color_primaries",
            "bt709",
            "-color_trc",
            "bt709",
            "-movflags",
            "+faststart",
            "-f",
            "mp4",
        ]
        .map(String::from)
        .to_vec()
    }

    /// The cached segment for `key`, made by ffmpeg with `input` and `filter` when missing.
    fn cached(
        &mut self,
        key: &str,
        source: &Path,
        input: Vec<String>,
        filter: String,
        frames: i64,
    ) -> Result<PathBuf, ExportError> {
        let name = format!("rc_{:016x}", fnv(key));
        let out = self.dir.join(format!("{name}.mp4"));
        if out.is_file() {
            return Ok(out);
        }
        let tmp = self.dir.join(format!("{name}.tmp.mp4"));
        let mut args = input;
        args.extend(["-vf".to_string(), filter]);
        args.extend(self.encode_args(frames));
        args.push(tmp.display().to_string());
        let made = ffmpeg_with_progress(&args, self.dir, source, self.cancelled, &|_| {});
        if let Err(e) = made {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
        std::fs::rename(&tmp, &out).map_err(|e| ExportError::io("saving", &out, e))?;
        self.encoded += 1;
        Ok(out)
    }

    /// A sentence's picture as exactly `frames` frames.
    fn picture(&mut self, source: Source<'_>, frames: i64) -> Result<PathBuf, ExportError> {
        let (w, h, rate) = (self.width, self.height, self.rate);
        let fit = format!(
            "scale={w}:{h}:force_original_aspect_ratio=decrease,pad={w}:{h}:(ow-iw)/2:(oh-ih)/2:color=black,setsar=1"
        );
        let settings = format!("{w}x{h}|{rate}|{frames}|{PRESET}|{CRF}");
        match source {
            Source::Clip(file) => {
                let key = format!("roughcut-clip|{settings}|{}", identity(file)?);
                let input = vec!["-i".into(), file.display().to_string()];
                // Held on its last frame when shorter: tpad clones it for as long as needed.
                let filter = format!(
                    "fps={}/{},{fit},format=yuv420p,tpad=stop_mode=clone:stop={frames}",
                    rate.num, rate.den
                );
                self.cached(&key, file, input, filter, frames)
            }
            Source::Still(file) => {
                let key = format!("roughcut-still|{settings}|{}", identity(file)?);
                let input = [
                    "-loop",
                    "1",
                    "-framerate",
                    &format!("{}/{}", rate.num, rate.den),
                    "-i",
                ]
                .map(String::from)
                .into_iter()
                .chain([file.display().to_string()])
                .collect();
                self.cached(&key, file, input, format!("{fit},format=yuv420p"), frames)
            }
        }
    }

    /// `frames` frames holding the last frame of `segment` (which has `of` frames).
    fn hold(&mut self, segment: &Path, of: i64, frames: i64) -> Result<PathBuf, ExportError> {
        let rate = self.rate;
        let key = format!(
            "roughcut-hold|{}x{}|{rate}|{of}|{frames}|{}",
            self.width,
            self.height,
            identity(segment)?
        );
        // Seek a quarter frame before the last frame: frames before it are dropped, the
        // last one is kept (its timestamp is at or after the seek point).
        let at = ((of - 1) as f64 - 0.25).max(0.0) * f64::from(rate.den) / f64::from(rate.num);
        let input = vec![
            "-ss".into(),
            format!("{at:.6}"),
            "-i".into(),
            segment.display().to_string(),
        ];
        let filter = format!("trim=end_frame=1,tpad=stop_mode=clone:stop={frames}");
        self.cached(&key, segment, input, filter, frames)
    }
}

/// Whether a prepared clip can be concatenated as it is for `frames` frames.
fn fits(file: &Path, plan: &ExportPlan, frames: i64) -> bool {
    mp4_video_info(file).is_some_and(|info| {
        info.codec == "h264"
            && info.pix_fmt == "yuv420p"
            && (info.width, info.height) == (plan.width, plan.height)
            && reduce(info.fps_num, info.fps_den) == (plan.rate.num, plan.rate.den)
            && clip_frames(&info, plan.rate) == frames
    })
}

fn reduce(n: u32, d: u32) -> (u32, u32) {
    let (mut a, mut b) = (n, d);
    while b != 0 {
        (a, b) = (b, a % b);
    }
    let g = a.max(1);
    (n / g, d / g)
}

/// Makes the segments of `plan` (spans rebased so the film starts at frame 0).
/// `ready(sentence index)` gives the prepared clip or still for each sentence.
pub(crate) fn make_segments(
    plan: &ExportPlan,
    ready: &dyn Fn(usize) -> Option<PathBuf>,
    cache_dir: &Path,
    cancelled: &dyn Fn() -> bool,
    tick: &dyn Fn(usize, usize),
) -> Result<Segments, ExportError> {
    let mut maker = Maker {
        dir: cache_dir,
        width: plan.width,
        height: plan.height,
        rate: plan.rate,
        cancelled,
        encoded: 0,
    };
    let mut list: Vec<Segment> = Vec::with_capacity(plan.sentences.len());
    let mut copied = 0;
    let mut cursor = 0i64;
    let total = plan.sentences.len();
    for (i, s) in plan.sentences.iter().enumerate() {
        if cancelled() {
            return Err(ExportError::Cancelled);
        }
        let frames = s.span.frames();
        if frames <= 0 {
            continue;
        }
        if s.span.start_frame > cursor {
            // Invariant: the film starts with a sentence (spans are rebased to frame 0),
            // so a pause always has a segment before it.
            if let Some(prev) = list.last().cloned() {
                let gap = s.span.start_frame - cursor;
                let file = maker.hold(&prev.file, prev.frames, gap)?;
                list.push(Segment { file, frames: gap });
            }
        }
        let file = ready(i).ok_or_else(|| {
            ExportError::InvalidInput(format!("sentence {} has no prepared picture", s.number))
        })?;
        let file = match &s.picture {
            Picture::Clip { .. } if fits(&file, plan, frames) => {
                copied += 1;
                file
            }
            Picture::Clip { .. } => maker.picture(Source::Clip(&file), frames)?,
            Picture::Still => maker.picture(Source::Still(&file), frames)?,
        };
        list.push(Segment { file, frames });
        cursor = s.span.end_frame;
        tick(i + 1, total);
    }
    Ok(Segments {
        list,
        copied,
        encoded: maker.encoded,
    })
}

/// The concat demuxer's list. Each file's `duration` is given so that its successor starts
/// at the exact time of its first frame (rounded to the microsecond from the cumulative
/// frame count, never accumulated): without it, ffmpeg takes each file's own rounded
/// duration and the cuts drift by a few ticks per file.
pub(crate) fn concat_list(segments: &[Segment], rate: FrameRate) -> String {
    let us = |frame: i64| {
        let n = i128::from(frame) * 1_000_000 * i128::from(rate.den);
        let d = i128::from(rate.num.max(1));
        ((2 * n + d) / (2 * d)) as i64
    };
    let mut out = String::from("ffconcat version 1.0\n");
    let mut at = 0i64;
    for s in segments {
        let path = s.file.display().to_string().replace('\'', "'\\''");
        let d = us(at + s.frames) - us(at);
        out.push_str(&format!(
            "file '{path}'\nduration {}.{:06}\n",
            d / 1_000_000,
            d % 1_000_000
        ));
        at += s.frames;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concat_durations_add_up_to_exact_frame_times() {
        let seg = |frames| Segment {
            file: PathBuf::from("/m/it's.mp4"),
            frames,
        };
        let text = concat_list(&[seg(13), seg(7)], FrameRate::FPS_24);
        assert_eq!(
            text,
            "ffconcat version 1.0\nfile '/m/it'\\''s.mp4'\nduration 0.541667\nfile '/m/it'\\''s.mp4'\nduration 0.291666\n"
        );
    }
}

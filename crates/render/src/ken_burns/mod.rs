//! The "Ken Burns" video model: a camera move over a still picture, encoded by ffmpeg.
//!
//! Frames are drawn here (bilinear resampling at sub-pixel positions, `warp`) and piped
//! to ffmpeg as raw yuv420p, because ffmpeg's own `zoompan` snaps its window to whole pixels and
//! jitters on slow moves. The clip is exactly `rate.frames_covering_ms(duration_ms)` frames:
//! the narration's length rounded up to whole frames, as the timelines cut it.

mod ffmpeg;
pub mod motion;
mod warp;

use std::path::Path;

use videogen_model::{CameraMovement, FrameRate, FrameSize};

use crate::atomic::TempOutput;
use crate::RenderError;

/// A clip as written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KenBurnsClip {
    /// Frames in the file: `rate.frames_covering_ms(duration_ms)`.
    pub frames: i64,
    /// The clip's length in ms, `rate.frame_to_ms(frames)` (at or just past the narration's).
    pub duration_ms: i64,
    /// Frame rate of the file.
    pub rate: FrameRate,
    /// Frame size of the file.
    pub size: FrameSize,
}

/// Threads drawing frames. ffmpeg's x264 takes the rest of the machine; two keeps drawing
/// ahead of the encoder on the 2-core machines we target without starving it.
const DRAW_THREADS: usize = 2;

/// Renders `image` moving as `camera` says for `duration_ms` at `rate` and `size`, into an
/// MP4 at `out` (written atomically; the folder is created if missing).
///
/// `motion_strength` 0..1 scales the movement (0 nearly still, 1 strong; see
/// [`motion::amount`]). `cancel` is polled before each frame; when it returns true ffmpeg
/// is stopped, nothing is left at `out` or beside it, and [`RenderError::Cancelled`] is
/// returned.
#[allow(clippy::too_many_arguments)]
pub fn render_ken_burns(
    image: &Path,
    camera: CameraMovement,
    motion_strength: f64,
    duration_ms: i64,
    rate: FrameRate,
    size: FrameSize,
    out: &Path,
    cancel: &dyn Fn() -> bool,
) -> Result<KenBurnsClip, RenderError> {
    let _span = tracing::debug_span!(
        "ken_burns",
        camera = ?camera,
        duration_ms,
        size = %size,
        out = %out.display()
    )
    .entered();
    if rate.num == 0 || rate.den == 0 {
        return Err(RenderError::InvalidInput(format!(
            "The frame rate {rate} cannot time a clip: use {}.",
            FrameRate::CHOICES
        )));
    }
    let size = FrameSize::checked(size.width, size.height)
        .map_err(|e| RenderError::InvalidInput(e.message))?;
    let frames = rate.frames_covering_ms(duration_ms);
    if frames < 1 {
        return Err(RenderError::InvalidInput(format!(
            "A Ken Burns clip needs a length: the narration is {duration_ms} ms long. Voice the sentence first."
        )));
    }

    let (width, height) = (size.width as usize, size.height as usize);
    let aspect = f64::from(size.width) / f64::from(size.height);
    // Prepare the picture so that the closest view maps one picture pixel to one frame
    // pixel: sharp at the end of a zoom in, and at most 1/smallest downscaling elsewhere.
    let smallest = motion::smallest_size(camera, motion_strength, aspect);
    let pic_w = (width as f64 / smallest).ceil() as usize;
    let pic_h = ((pic_w as f64) / aspect).round() as usize;
    let tmp = TempOutput::beside(out)?;
    // The encoder starts first so that its start-up overlaps decoding the picture. On any
    // error below, dropping `encoder` stops it and dropping `tmp` removes its file.
    let mut encoder = ffmpeg::Encoder::start(size, rate, frames, tmp.path())?;
    let picture = ffmpeg::prepare_picture(image, size, pic_w.max(2), pic_h.max(2))?;
    let mut frame = vec![0u8; warp::frame_len(width, height)];
    let mut drawn: Option<motion::View> = None;
    for k in 0..frames {
        if cancel() {
            // Dropping the encoder kills ffmpeg; dropping `tmp` removes its file.
            return Err(RenderError::Cancelled);
        }
        let p = if frames > 1 {
            k as f64 / (frames - 1) as f64
        } else {
            0.0
        };
        let view = motion::view_at(camera, motion_strength, aspect, p);
        // A static camera (or a still moment) repeats the frame already drawn.
        if drawn != Some(view) {
            warp::draw_view(&picture, view, width, height, DRAW_THREADS, &mut frame);
            drawn = Some(view);
        }
        encoder.write_frame(&frame)?;
    }
    encoder.finish()?;
    tmp.commit(out)?;
    Ok(KenBurnsClip {
        frames,
        duration_ms: rate.frame_to_ms(frames),
        rate,
        size,
    })
}

//! The two ffmpeg runs of a clip: decoding the picture into the prepared cover box, and
//! encoding the frames we draw.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::thread::JoinHandle;

use videogen_model::{FrameRate, FrameSize};

use super::warp::Picture;
use crate::RenderError;

/// How much of ffmpeg's standard error an error message keeps (its last lines say why).
const STDERR_TAIL: usize = 2000;

/// x264 speed: the `veryfast` preset with the cheapest motion search (diamond, one
/// sub-pixel refinement). A camera move over a still picture is one smooth global motion
/// that this finds as well as a wider search; measured on a 5 s 720p clip it cut x264's CPU
/// time by a third (1.45 s to 0.99 s) for a file 1 % larger, where `superfast` saved the
/// same time but made the file 50 % larger (BENCHMARKS.md).
const PRESET: &str = "veryfast";
const X264_PARAMS: &str = "me=dia:subme=1";
/// Constant quality: visually clean for draft clips; the rough cut copies these streams.
const CRF: &str = "20";

fn spawn(cmd: &mut Command) -> Result<Child, RenderError> {
    cmd.spawn().map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => RenderError::FfmpegMissing,
        _ => RenderError::io("start", "ffmpeg", e),
    })
}

fn tail(text: &str) -> String {
    let text = text.trim();
    let start = text.len().saturating_sub(STDERR_TAIL);
    let start = (start..=text.len())
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    text[start..].to_string()
}

/// Decodes `image` (any format ffmpeg reads), crops it to the frame's aspect (centred),
/// scales it with Lanczos to `width`×`height` and converts it to full-resolution BT.709
/// limited-range YUV, the colours the clip is encoded in.
pub(crate) fn prepare_picture(
    image: &Path,
    frame: FrameSize,
    width: usize,
    height: usize,
) -> Result<Picture, RenderError> {
    if !image.is_file() {
        return Err(RenderError::UnreadablePicture {
            path: image.to_path_buf(),
            detail: "no such file".into(),
        });
    }
    let (fw, fh) = (frame.width, frame.height);
    // Crop in RGB so that chroma subsampling cannot round the crop to even pixels.
    let filter = format!(
        "format=rgb24,crop='min(iw,ih*{fw}/{fh})':'min(ih,iw*{fh}/{fw})',\
         scale={width}:{height}:flags=lanczos+accurate_rnd+full_chroma_int:\
         out_color_matrix=bt709:out_range=tv,format=yuv444p"
    );
    let output = spawn(
        Command::new("ffmpeg")
            .args(["-hide_banner", "-loglevel", "error", "-nostdin", "-i"])
            .arg(image)
            .args([
                "-frames:v",
                "1",
                "-vf",
                &filter,
                "-f",
                "rawvideo",
                "-pix_fmt",
                "yuv444p",
                "pipe:1",
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped()),
    )?
    .wait_with_output()
    .map_err(|e| RenderError::io("read the picture through ffmpeg", image, e))?;
    let expected = width * height * 3;
    if !output.status.success() || output.stdout.len() != expected {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(RenderError::UnreadablePicture {
            path: image.to_path_buf(),
            detail: if stderr.trim().is_empty() {
                format!("ffmpeg gave {} bytes, not {expected}", output.stdout.len())
            } else {
                tail(&stderr)
            },
        });
    }
    let mut data = output.stdout;
    let plane = width * height;
    let v = data.split_off(2 * plane);
    let u = data.split_off(plane);
    Ok(Picture {
        width,
        height,
        planes: [data, u, v],
    })
}

/// A running ffmpeg that encodes raw yuv420p frames from its stdin into an MP4.
pub(crate) struct Encoder {
    child: Child,
    stdin: Option<ChildStdin>,
    stderr: Option<JoinHandle<String>>,
}

impl Encoder {
    /// Starts ffmpeg reading yuv420p frames and writing `frames` of them at `size` and
    /// `rate` to `out` (MP4, H.264 BT.709 limited range, closed GOPs of about a second, moov
    /// atom first, no audio).
    pub(crate) fn start(
        size: FrameSize,
        rate: FrameRate,
        frames: i64,
        out: &Path,
    ) -> Result<Self, RenderError> {
        let gop = rate.nominal().max(1).to_string();
        let mut child = spawn(
            Command::new("ffmpeg")
                .args(["-hide_banner", "-loglevel", "error", "-nostats", "-y"])
                .args(["-f", "rawvideo", "-pix_fmt", "yuv420p"])
                .args([
                    "-s",
                    &size.to_string(),
                    "-framerate",
                    &format!("{}/{}", rate.num, rate.den),
                ])
                .args(["-i", "pipe:0", "-an", "-frames:v", &frames.to_string()])
                .args(["-pix_fmt", "yuv420p"])
                .args([
                    "-c:v",
                    "libx264",
                    "-preset",
                    PRESET,
                    "-x264-params",
                    X264_PARAMS,
                ])
                .args(["-crf", CRF])
                .args(["-g", &gop, "-keyint_min", &gop, "-flags", "+cgop"])
                .args(["-colorspace", "bt709", "-color_primaries", "bt709"])
                .args(["-color_trc", "bt709", "-color_range", "tv"])
                .args(["-movflags", "+faststart", "-f", "mp4"])
                .arg(out)
                .stdin(Stdio::piped())
                .stdout(Stdio::null())
                .stderr(Stdio::piped()),
        )?;
        let stdin = child.stdin.take();
        let stderr = child.stderr.take().map(|mut pipe| {
            // Drained on its own thread so a chatty ffmpeg never blocks on a full pipe.
            std::thread::spawn(move || {
                let mut text = String::new();
                let _ = pipe.read_to_string(&mut text);
                text
            })
        });
        Ok(Encoder {
            child,
            stdin,
            stderr,
        })
    }

    /// Sends one frame; blocks while ffmpeg is busy.
    pub(crate) fn write_frame(&mut self, frame: &[u8]) -> Result<(), RenderError> {
        let Some(stdin) = self.stdin.as_mut() else {
            return Err(self.failure());
        };
        if stdin.write_all(frame).is_err() {
            // ffmpeg stopped reading: it failed, and its stderr says why.
            self.stdin = None;
            return Err(self.failure());
        }
        Ok(())
    }

    /// Closes the input and waits for ffmpeg to finish the file.
    pub(crate) fn finish(mut self) -> Result<(), RenderError> {
        drop(self.stdin.take());
        let status = self
            .child
            .wait()
            .map_err(|e| RenderError::io("wait for", "ffmpeg", e))?;
        if status.success() {
            Ok(())
        } else {
            Err(self.failure())
        }
    }

    fn failure(&mut self) -> RenderError {
        drop(self.stdin.take());
        let _ = self.child.wait();
        let stderr = self
            .stderr
            .take()
            .and_then(|h| h.join().ok())
            .unwrap_or_default();
        RenderError::Ffmpeg {
            doing: "encoding the clip",
            stderr: tail(&stderr),
        }
    }
}

impl Drop for Encoder {
    /// An encoder dropped before [`Encoder::finish`] (a cancel, an error) is killed, not
    /// left writing a file nobody will use.
    fn drop(&mut self) {
        if self.stdin.is_some() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_ffmpeg_says_how_to_install_it() {
        let err = spawn(&mut Command::new("/nonexistent/bin/ffmpeg")).unwrap_err();
        assert!(matches!(err, RenderError::FfmpegMissing));
        assert!(err.to_string().contains("apt-get install ffmpeg"), "{err}");
        assert_eq!(err.code(), videogen_model::ErrorCode::ServiceUnavailable);
    }

    #[test]
    fn error_tail_keeps_the_end_on_a_character_boundary() {
        let long = "é".repeat(STDERR_TAIL) + "the reason";
        let t = tail(&long);
        assert!(t.ends_with("the reason") && t.len() <= STDERR_TAIL);
    }
}

//! Running `ffmpeg` and `ffprobe`: cancellable, with the error text kept for the message.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use serde::Deserialize;

use super::{MediaError, VideoInfo};
use crate::error::ExportError;

/// How often a running ffmpeg is checked for completion or cancellation.
const POLL: Duration = Duration::from_millis(40);

/// Whether `ffmpeg` can be started.
pub fn ffmpeg_available() -> bool {
    Command::new("ffmpeg")
        .arg("-version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Runs `ffmpeg` with `args`, killing it when `cancelled()` turns true.
pub(crate) fn run_ffmpeg(
    args: &[String],
    source: &Path,
    cancelled: &dyn Fn() -> bool,
) -> Result<(), ExportError> {
    let mut child = Command::new("ffmpeg")
        .args(["-nostdin", "-hide_banner", "-loglevel", "error", "-y"])
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => MediaError::ToolMissing("ffmpeg").into(),
            _ => ExportError::io("starting ffmpeg for", source, e),
        })?;
    // Drain stderr on a thread so a chatty ffmpeg never blocks on a full pipe.
    let mut stderr = child.stderr.take();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(err) = stderr.as_mut() {
            let _ = err.read_to_string(&mut text);
        }
        text
    });
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if cancelled() => {
                let _ = child.kill();
                let _ = child.wait();
                let _ = reader.join();
                return Err(ExportError::Cancelled);
            }
            Ok(None) => std::thread::sleep(POLL),
            Err(e) => return Err(ExportError::io("waiting for ffmpeg on", source, e)),
        }
    };
    let text = reader.join().unwrap_or_default();
    if status.success() {
        Ok(())
    } else {
        let detail: Vec<&str> = text.lines().rev().take(3).collect();
        Err(ExportError::Conform {
            source_path: source.to_path_buf(),
            detail: detail.into_iter().rev().collect::<Vec<_>>().join(" / "),
        })
    }
}

#[derive(Deserialize)]
struct Probe {
    #[serde(default)]
    streams: Vec<Stream>,
    format: Option<Format>,
}

#[derive(Deserialize)]
struct Stream {
    codec_name: Option<String>,
    pix_fmt: Option<String>,
    width: Option<u32>,
    height: Option<u32>,
    r_frame_rate: Option<String>,
    avg_frame_rate: Option<String>,
    duration: Option<String>,
}

#[derive(Deserialize)]
struct Format {
    duration: Option<String>,
}

fn ratio(text: Option<&str>) -> Option<(u32, u32)> {
    let (n, d) = text?.split_once('/')?;
    let (n, d) = (n.parse().ok()?, d.parse().ok()?);
    (n > 0 && d > 0).then_some((n, d))
}

pub(crate) fn ffprobe_video(path: &Path) -> Result<VideoInfo, MediaError> {
    let bad = |detail: String| MediaError::BadVideo {
        path: path.to_path_buf(),
        detail,
    };
    let out = Command::new("ffprobe")
        .args(["-v", "error", "-select_streams", "v:0", "-show_entries"])
        .arg("stream=codec_name,pix_fmt,width,height,r_frame_rate,avg_frame_rate,duration:format=duration")
        .args(["-of", "json"])
        .arg(path)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => MediaError::ToolMissing("ffprobe"),
            _ => MediaError::Unreadable {
                path: path.to_path_buf(),
                source: e,
            },
        })?;
    if !out.status.success() {
        let text = String::from_utf8_lossy(&out.stderr);
        return Err(bad(text
            .lines()
            .next()
            .unwrap_or("ffprobe failed")
            .to_string()));
    }
    let probe: Probe = serde_json::from_slice(&out.stdout).map_err(|e| bad(e.to_string()))?;
    let stream = probe
        .streams
        .into_iter()
        .next()
        .ok_or_else(|| bad("no video stream".into()))?;
    let (fps_num, fps_den) = ratio(stream.avg_frame_rate.as_deref())
        .or(ratio(stream.r_frame_rate.as_deref()))
        .ok_or_else(|| bad("no frame rate".into()))?;
    let seconds = stream
        .duration
        .or(probe.format.and_then(|f| f.duration))
        .and_then(|d| d.parse::<f64>().ok())
        .filter(|d| d.is_finite() && *d > 0.0)
        .ok_or_else(|| bad("no duration".into()))?;
    Ok(VideoInfo {
        duration_ms: (seconds * 1000.0).round() as i64,
        fps_num,
        fps_den,
        width: stream.width.ok_or_else(|| bad("no width".into()))?,
        height: stream.height.ok_or_else(|| bad("no height".into()))?,
        codec: stream.codec_name.unwrap_or_default(),
        pix_fmt: stream.pix_fmt.unwrap_or_default(),
    })
}

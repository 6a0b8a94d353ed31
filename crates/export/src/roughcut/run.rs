//! Running the final ffmpeg of a rough cut: `-progress pipe:1` parsed into a fraction of the
//! film's length, and cancellation by killing the process.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crate::error::ExportError;
use crate::media::MediaError;

/// How often a running ffmpeg is checked for completion or cancellation.
const POLL: Duration = Duration::from_millis(40);

/// Characters of ffmpeg's standard error an error message keeps (its last lines say why).
const STDERR_TAIL: usize = 600;

/// Runs `ffmpeg args` in `cwd`, calling `on_time(out_time_us)` as it reports progress and
/// killing it when `cancelled()` turns true.
pub(crate) fn ffmpeg_with_progress(
    args: &[String],
    cwd: &Path,
    what: &Path,
    cancelled: &dyn Fn() -> bool,
    on_time: &dyn Fn(i64),
) -> Result<(), ExportError> {
    let mut child = Command::new("ffmpeg")
        .args(["-nostdin", "-hide_banner", "-loglevel", "error", "-nostats"])
        .args(["-progress", "pipe:1", "-y"])
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => MediaError::ToolMissing("ffmpeg").into(),
            _ => ExportError::io("starting ffmpeg for", what, e),
        })?;
    // The progress lines arrive on stdout about twice a second; the reader thread records
    // the latest time so the polling loop below can report it without blocking.
    let latest = Arc::new(AtomicI64::new(-1));
    let fresh = Arc::new(AtomicBool::new(false));
    let stdout = child.stdout.take();
    let progress_reader = {
        let (latest, fresh) = (latest.clone(), fresh.clone());
        std::thread::spawn(move || {
            let Some(out) = stdout else { return };
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                // `out_time_ms` is, despite its name, microseconds too; prefer `_us`.
                if let Some(v) = line.strip_prefix("out_time_us=") {
                    if let Ok(us) = v.trim().parse::<i64>() {
                        latest.store(us, Ordering::Relaxed);
                        fresh.store(true, Ordering::Relaxed);
                    }
                }
            }
        })
    };
    let mut stderr = child.stderr.take();
    let err_reader = std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(err) = stderr.as_mut() {
            let _ = err.read_to_string(&mut text);
        }
        text
    });
    let status = loop {
        if fresh.swap(false, Ordering::Relaxed) {
            on_time(latest.load(Ordering::Relaxed));
        }
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if cancelled() => {
                let _ = child.kill();
                let _ = child.wait();
                let _ = progress_reader.join();
                let _ = err_reader.join();
                return Err(ExportError::Cancelled);
            }
            Ok(None) => std::thread::sleep(POLL),
            Err(e) => return Err(ExportError::io("waiting for ffmpeg on", what, e)),
        }
    };
    let _ = progress_reader.join();
    let text = err_reader.join().unwrap_or_default();
    if status.success() {
        return Ok(());
    }
    let text = text.trim();
    let mut start = text.len().saturating_sub(STDERR_TAIL);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    Err(ExportError::Conform {
        source_path: what.to_path_buf(),
        detail: text[start..].lines().collect::<Vec<_>>().join(" / "),
    })
}

/// Whether this ffmpeg has the `subtitles` filter (it needs libass).
pub(crate) fn has_subtitles_filter() -> Result<bool, ExportError> {
    let out = Command::new("ffmpeg")
        .args(["-hide_banner", "-filters"])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => MediaError::ToolMissing("ffmpeg").into(),
            _ => ExportError::io("starting", "ffmpeg", e),
        })?;
    let text = String::from_utf8_lossy(&out.stdout);
    Ok(text
        .lines()
        .any(|l| l.split_whitespace().nth(1) == Some("subtitles")))
}

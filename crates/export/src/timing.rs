//! Timing math shared by every writer: frame rates as rationals, milliseconds to frames
//! with the *edges* rounded (never the lengths), and timecodes.
//!
//! Every clip's first and last frame are computed from the cumulative millisecond position
//! on the timeline, so rounding never accumulates: over 2,700 sentences the last edge is
//! still within half a frame of the exact time.

use serde::{Deserialize, Serialize};

pub use videogen_model::FrameRate;

/// One item placed on the timeline: exact ms and the rounded frame edges.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// Exact start on the timeline, ms (cumulative, never rounded).
    pub start_ms: i64,
    /// Exact length, ms.
    pub duration_ms: i64,
    /// First frame on the timeline (`frame(start_ms)`).
    pub start_frame: i64,
    /// One past the last frame (`frame(start_ms + duration_ms)`).
    pub end_frame: i64,
}

impl Span {
    /// Places `duration_ms` at `start_ms`, rounding both edges independently.
    pub fn place(rate: FrameRate, start_ms: i64, duration_ms: i64) -> Self {
        Span {
            start_ms,
            duration_ms,
            start_frame: rate.ms_to_frame(start_ms),
            end_frame: rate.ms_to_frame(start_ms + duration_ms),
        }
    }

    /// Length in frames (`end_frame - start_frame`); zero for an item shorter than half a frame.
    pub fn frames(&self) -> i64 {
        self.end_frame - self.start_frame
    }
}

/// Lays out consecutive items: each one's start is the previous end plus a pause, all in ms.
///
/// `items` yields `(duration_ms, pause_before_ms)`; the first item's pause is ignored so
/// every timeline starts at 00:00:00:00.
pub fn layout(rate: FrameRate, items: impl IntoIterator<Item = (i64, i64)>) -> Vec<Span> {
    let mut cursor = 0i64;
    let mut spans = Vec::new();
    for (i, (duration, pause)) in items.into_iter().enumerate() {
        if i > 0 {
            cursor += pause.max(0);
        }
        let span = Span::place(rate, cursor, duration.max(0));
        cursor += duration.max(0);
        spans.push(span);
    }
    spans
}

/// Non-drop-frame timecode `HH:MM:SS:FF` counting at the nominal rate (how EDLs and
/// timecode displays count 23.976 and 29.97 material).
pub fn timecode(rate: FrameRate, frame: i64) -> String {
    let fps = i64::from(rate.nominal().max(1));
    let frame = frame.max(0);
    let ff = frame % fps;
    let total_s = frame / fps;
    format!(
        "{:02}:{:02}:{:02}:{:02}",
        total_s / 3600,
        (total_s / 60) % 60,
        total_s % 60,
        ff
    )
}

/// A caption clock time: `HH:MM:SS` + `sep` + `mmm` (`,` for SRT, `.` for WebVTT).
pub fn clock_ms(ms: i64, sep: char) -> String {
    let ms = ms.max(0);
    format!(
        "{:02}:{:02}:{:02}{sep}{:03}",
        ms / 3_600_000,
        (ms / 60_000) % 60,
        (ms / 1000) % 60,
        ms % 1000
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timecode_counts_at_nominal_rate() {
        assert_eq!(timecode(FrameRate::FPS_29_97, 30 * 61 + 5), "00:01:01:05");
        assert_eq!(timecode(FrameRate::FPS_24, 56), "00:00:02:08");
    }
}

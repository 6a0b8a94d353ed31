//! Timing math shared by every writer: frame rates as rationals, milliseconds to frames
//! with the *edges* rounded (never the lengths), and timecodes.
//!
//! Every clip's first and last frame are computed from the cumulative millisecond position
//! on the timeline, so rounding never accumulates: over 2,700 sentences the last edge is
//! still within half a frame of the exact time.

use serde::{Deserialize, Serialize};

/// A frame rate as an exact rational `num / den` frames per second.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FrameRate {
    /// Numerator (24 for 24 fps, 24000 for 23.976).
    pub num: u32,
    /// Denominator (1, or 1001 for the NTSC rates).
    pub den: u32,
}

impl FrameRate {
    /// 23.976 fps (24000/1001).
    pub const FPS_23_976: FrameRate = FrameRate::new(24000, 1001);
    /// 24 fps.
    pub const FPS_24: FrameRate = FrameRate::new(24, 1);
    /// 25 fps.
    pub const FPS_25: FrameRate = FrameRate::new(25, 1);
    /// 29.97 fps (30000/1001).
    pub const FPS_29_97: FrameRate = FrameRate::new(30000, 1001);
    /// 30 fps.
    pub const FPS_30: FrameRate = FrameRate::new(30, 1);
    /// The rates an export may use, in the order the CLI lists them.
    pub const SUPPORTED: [FrameRate; 5] = [
        Self::FPS_23_976,
        Self::FPS_24,
        Self::FPS_25,
        Self::FPS_29_97,
        Self::FPS_30,
    ];

    /// A rate from its numerator and denominator (not checked: see [`FrameRate::is_supported`]).
    pub const fn new(num: u32, den: u32) -> Self {
        FrameRate { num, den }
    }

    /// Parses `24`, `25`, `30`, `23.976`, `29.97` or a fraction like `24000/1001`.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let rate = match text {
            "23.976" | "23.98" => Self::FPS_23_976,
            "29.97" => Self::FPS_29_97,
            _ => match text.split_once('/') {
                Some((n, d)) => Self::new(n.trim().parse().ok()?, d.trim().parse().ok()?),
                None => Self::new(text.parse().ok()?, 1),
            },
        };
        rate.is_supported().then_some(rate)
    }

    /// Whether this is one of the five rates editors and our writers agree on.
    pub fn is_supported(self) -> bool {
        Self::SUPPORTED.contains(&self)
    }

    /// Whether the rate is an NTSC (x/1001) rate.
    pub fn is_ntsc(self) -> bool {
        self.den == 1001
    }

    /// The whole-number rate timecodes count in (24 for 23.976, 30 for 29.97).
    pub fn nominal(self) -> u32 {
        self.num.div_ceil(self.den)
    }

    /// The rate as a float (for OTIO, whose rates are doubles).
    pub fn as_f64(self) -> f64 {
        f64::from(self.num) / f64::from(self.den)
    }

    /// The frame nearest to `ms` (ties round up), integers only:
    /// `(2·ms·num + 1000·den) / (2000·den)`. Negative times clamp to frame 0.
    pub fn ms_to_frame(self, ms: i64) -> i64 {
        let ms = i128::from(ms.max(0));
        let num = i128::from(self.num);
        let den = i128::from(self.den);
        // The quotient is at most ms·num/1000·den, far inside i64 for any real timeline.
        ((2 * ms * num + 1000 * den) / (2000 * den)) as i64
    }

    /// The time of frame `frame`'s leading edge in ms, rounded to the nearest ms.
    pub fn frame_to_ms(self, frame: i64) -> i64 {
        let f = i128::from(frame);
        let num = i128::from(self.num);
        let den = i128::from(self.den);
        ((2 * f * 1000 * den + num) / (2 * num)) as i64
    }

    /// Number of whole frames that hold `samples` audio samples at `sample_rate`, counting
    /// a partial last frame (a clip may overrun its WAV by less than a frame).
    pub fn frames_for_samples(self, samples: u64, sample_rate: u32) -> i64 {
        let num = u128::from(self.num);
        let den = u128::from(self.den);
        let s = u128::from(samples);
        let r = u128::from(sample_rate.max(1));
        (s * num).div_ceil(r * den) as i64
    }
}

impl std::fmt::Display for FrameRate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.num, self.den) {
            (24000, 1001) => f.write_str("23.976"),
            (30000, 1001) => f.write_str("29.97"),
            (n, 1) => write!(f, "{n}"),
            (n, d) => write!(f, "{n}/{d}"),
        }
    }
}

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
    fn ms_to_frame_rounds_half_up() {
        let r = FrameRate::FPS_24;
        // 1 frame = 41.666 ms: 20 ms -> 0, 21 ms -> 1 (20.83 is the half point).
        assert_eq!(r.ms_to_frame(20), 0);
        assert_eq!(r.ms_to_frame(21), 1);
        assert_eq!(r.ms_to_frame(1000), 24);
        assert_eq!(FrameRate::FPS_23_976.ms_to_frame(1001), 24);
    }

    #[test]
    fn parse_accepts_decimal_and_fraction_forms() {
        assert_eq!(FrameRate::parse("23.976"), Some(FrameRate::FPS_23_976));
        assert_eq!(FrameRate::parse("30000/1001"), Some(FrameRate::FPS_29_97));
        assert_eq!(FrameRate::parse("25"), Some(FrameRate::FPS_25));
        assert_eq!(FrameRate::parse("16"), None);
        assert_eq!(FrameRate::parse("x"), None);
    }

    #[test]
    fn timecode_counts_at_nominal_rate() {
        assert_eq!(timecode(FrameRate::FPS_29_97, 30 * 61 + 5), "00:01:01:05");
        assert_eq!(timecode(FrameRate::FPS_24, 56), "00:00:02:08");
    }

    #[test]
    fn frames_for_samples_counts_partial_last_frame() {
        assert_eq!(FrameRate::FPS_24.frames_for_samples(48000, 48000), 24);
        assert_eq!(FrameRate::FPS_24.frames_for_samples(48001, 48000), 25);
    }
}

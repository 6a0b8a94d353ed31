//! Frame rate and frame size: the one place where a timeline's rate and size are parsed
//! and checked. The store, the export, the pipeline and the shells all take these types.

use serde::{Deserialize, Serialize};

use crate::AppError;

/// A frame rate as an exact rational `num / den` frames per second. Only the five rates that
/// editors' timelines and our writers agree on are accepted ([`FrameRate::SUPPORTED`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
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
    /// The rates a project and an export may use, in the order the CLI lists them.
    pub const SUPPORTED: [FrameRate; 5] = [
        Self::FPS_23_976,
        Self::FPS_24,
        Self::FPS_25,
        Self::FPS_29_97,
        Self::FPS_30,
    ];
    /// What a person may type, for messages.
    pub const CHOICES: &'static str = "23.976, 24, 25, 29.97 or 30";

    /// A rate from its parts, unchecked: for constants and for rows the store already
    /// checked. Values from a person go through [`FrameRate::parse`] or [`FrameRate::checked`].
    pub const fn new(num: u32, den: u32) -> Self {
        FrameRate { num, den }
    }

    /// The rate `num/den` if it is one of [`FrameRate::SUPPORTED`].
    pub fn checked(num: u32, den: u32) -> Result<Self, AppError> {
        let rate = Self::new(num, den);
        if rate.is_supported() {
            Ok(rate)
        } else {
            Err(AppError::invalid(format!(
                "The frame rate {rate} is not one editors' timelines take from us: choose {}.",
                Self::CHOICES
            )))
        }
    }

    /// Parses `24`, `25`, `30`, `23.976` (or `23.98`), `29.97` or a fraction like
    /// `24000/1001`; anything else is refused with a message listing the choices.
    pub fn parse(text: &str) -> Result<Self, AppError> {
        let trimmed = text.trim();
        let bad = || {
            AppError::invalid(format!(
                "{text:?} is not a frame rate: use {}.",
                Self::CHOICES
            ))
        };
        let (num, den) = match trimmed {
            "23.976" | "23.98" => (24000, 1001),
            "29.97" => (30000, 1001),
            _ => match trimmed.split_once('/') {
                Some((n, d)) => (
                    n.trim().parse().map_err(|_| bad())?,
                    d.trim().parse().map_err(|_| bad())?,
                ),
                None => (trimmed.parse().map_err(|_| bad())?, 1),
            },
        };
        Self::checked(num, den).map_err(|_| bad())
    }

    /// Whether this is one of the five supported rates.
    pub fn is_supported(self) -> bool {
        Self::SUPPORTED.contains(&self)
    }

    /// Whether the rate is an NTSC (x/1001) rate.
    pub fn is_ntsc(self) -> bool {
        self.den == 1001
    }

    /// The whole-number rate timecodes count in (24 for 23.976, 30 for 29.97).
    pub fn nominal(self) -> u32 {
        self.num.div_ceil(self.den.max(1))
    }

    /// The rate as a float (for OTIO, whose rates are doubles).
    pub fn as_f64(self) -> f64 {
        f64::from(self.num) / f64::from(self.den.max(1))
    }

    /// The frame nearest to `ms` (ties round up), integers only:
    /// `(2·ms·num + 1000·den) / (2000·den)`. Negative times clamp to frame 0.
    pub fn ms_to_frame(self, ms: i64) -> i64 {
        let ms = i128::from(ms.max(0));
        let num = i128::from(self.num);
        let den = i128::from(self.den.max(1));
        // The quotient is at most ms·num/1000·den, far inside i64 for any real timeline.
        ((2 * ms * num + 1000 * den) / (2000 * den)) as i64
    }

    /// The time of frame `frame`'s leading edge in ms, rounded to the nearest ms.
    pub fn frame_to_ms(self, frame: i64) -> i64 {
        let f = i128::from(frame);
        let num = i128::from(self.num.max(1));
        let den = i128::from(self.den);
        ((2 * f * 1000 * den + num) / (2 * num)) as i64
    }

    /// Whole frames needed to show `ms` of material, counting a partial last frame.
    pub fn frames_covering_ms(self, ms: i64) -> i64 {
        let ms = i128::from(ms.max(0));
        let num = i128::from(self.num);
        let den = i128::from(self.den.max(1));
        ((ms * num + 1000 * den - 1) / (1000 * den)) as i64
    }

    /// Number of whole frames that hold `samples` audio samples at `sample_rate`, counting
    /// a partial last frame (a clip may overrun its WAV by less than a frame).
    pub fn frames_for_samples(self, samples: u64, sample_rate: u32) -> i64 {
        let num = u128::from(self.num);
        let den = u128::from(self.den.max(1));
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

/// A frame size in pixels: both sides even (4:2:0 video needs it) and from 16 to 8192.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FrameSize {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

impl FrameSize {
    /// 1920×1080, the default of a new project.
    pub const HD_1080: FrameSize = FrameSize::new(1920, 1080);
    /// 1280×720.
    pub const HD_720: FrameSize = FrameSize::new(1280, 720);
    /// Smallest side.
    pub const MIN_SIDE: u32 = 16;
    /// Largest side.
    pub const MAX_SIDE: u32 = 8192;

    /// A size from its parts, unchecked: for constants and for rows the store already
    /// checked. Values from a person go through [`FrameSize::parse`] or [`FrameSize::checked`].
    pub const fn new(width: u32, height: u32) -> Self {
        FrameSize { width, height }
    }

    /// The size `width`×`height` if both sides are even and from 16 to 8192.
    pub fn checked(width: u32, height: u32) -> Result<Self, AppError> {
        let ok =
            |side: u32| (Self::MIN_SIDE..=Self::MAX_SIDE).contains(&side) && side.is_multiple_of(2);
        if ok(width) && ok(height) {
            Ok(Self::new(width, height))
        } else {
            Err(AppError::invalid(format!(
                "The frame size {width}x{height} is not usable: width and height must be even numbers from {} to {}, e.g. 1920x1080.",
                Self::MIN_SIDE,
                Self::MAX_SIDE
            )))
        }
    }

    /// Parses `1920x1080` (also `1920X1080`, `1920×1080`, `1920:1080`).
    pub fn parse(text: &str) -> Result<Self, AppError> {
        let bad = || {
            AppError::invalid(format!(
                "{text:?} is not a frame size: write it as WIDTHxHEIGHT, e.g. 1920x1080."
            ))
        };
        let (w, h) = text
            .trim()
            .split_once(['x', 'X', '×', ':'])
            .ok_or_else(bad)?;
        let w = w.trim().parse().map_err(|_| bad())?;
        let h = h.trim().parse().map_err(|_| bad())?;
        Self::checked(w, h)
    }
}

impl std::fmt::Display for FrameSize {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}x{}", self.width, self.height)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_parse_accepts_decimal_and_fraction_forms_and_names_the_choices() {
        assert_eq!(FrameRate::parse("23.976").unwrap(), FrameRate::FPS_23_976);
        assert_eq!(
            FrameRate::parse("30000/1001").unwrap(),
            FrameRate::FPS_29_97
        );
        assert_eq!(FrameRate::parse(" 25 ").unwrap(), FrameRate::FPS_25);
        for bad in ["16", "x", "", "24/0", "60"] {
            let err = FrameRate::parse(bad).unwrap_err();
            assert!(
                err.message.contains("23.976, 24, 25, 29.97 or 30"),
                "{bad}: {err}"
            );
        }
    }

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
    fn frames_covering_counts_a_partial_last_frame() {
        assert_eq!(FrameRate::FPS_24.frames_covering_ms(1000), 24);
        assert_eq!(FrameRate::FPS_24.frames_covering_ms(1001), 25);
        assert_eq!(FrameRate::FPS_24.frames_covering_ms(0), 0);
    }

    #[test]
    fn frames_for_samples_counts_partial_last_frame() {
        assert_eq!(FrameRate::FPS_24.frames_for_samples(48000, 48000), 24);
        assert_eq!(FrameRate::FPS_24.frames_for_samples(48001, 48000), 25);
    }

    #[test]
    fn size_must_be_even_and_in_range() {
        assert_eq!(FrameSize::parse("1280x720").unwrap(), FrameSize::HD_720);
        assert_eq!(FrameSize::parse("1920 X 1080").unwrap(), FrameSize::HD_1080);
        for bad in ["1921x1080", "8x8", "9000x1080", "1920", "axb"] {
            assert!(FrameSize::parse(bad).is_err(), "{bad}");
        }
    }
}

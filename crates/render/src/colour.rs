//! sRGB colours as styles write them (`#rrggbb`) and the WCAG 2 contrast arithmetic that the
//! title card uses to keep its text legible.

use std::fmt;

/// An 8-bit sRGB colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// Black.
    pub const BLACK: Rgb = Rgb(0, 0, 0);
    /// White.
    pub const WHITE: Rgb = Rgb(255, 255, 255);

    /// Parses `#rrggbb` or `#rgb` (case-insensitive, surrounding spaces ignored).
    pub fn parse(text: &str) -> Option<Rgb> {
        let hex = text.trim().strip_prefix('#')?;
        if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        let digit = |i: usize| u8::from_str_radix(&hex[i..i + 1], 16).ok();
        let pair = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        match hex.len() {
            6 => Some(Rgb(pair(0)?, pair(2)?, pair(4)?)),
            3 => Some(Rgb(digit(0)? * 17, digit(1)? * 17, digit(2)? * 17)),
            _ => None,
        }
    }

    /// WCAG 2 relative luminance, 0 (black) to 1 (white).
    pub fn relative_luminance(self) -> f64 {
        fn linear(c: u8) -> f64 {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        }
        0.2126 * linear(self.0) + 0.7152 * linear(self.1) + 0.0722 * linear(self.2)
    }

    /// `self` moved a fraction `t` (0..=1) of the way to `other`, per sRGB channel.
    pub fn mix(self, other: Rgb, t: f64) -> Rgb {
        let t = t.clamp(0.0, 1.0);
        let ch = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as u8;
        Rgb(
            ch(self.0, other.0),
            ch(self.1, other.1),
            ch(self.2, other.2),
        )
    }
}

impl fmt::Display for Rgb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

/// WCAG 2 contrast ratio, 1 (same luminance) to 21 (black on white); symmetric.
pub fn contrast_ratio(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (a.relative_luminance(), b.relative_luminance());
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// `colour` if it already has `min_ratio` contrast with `background`; otherwise the least
/// change that reaches it: `colour` mixed toward white or black (whichever ends further from
/// the background), in steps of 1/256. Any background has at least 4.58:1 with black or with
/// white, so every ratio up to that is reachable; above it the extreme is returned.
pub fn ensure_contrast(colour: Rgb, background: Rgb, min_ratio: f64) -> Rgb {
    if contrast_ratio(colour, background) >= min_ratio {
        return colour;
    }
    let target = if contrast_ratio(Rgb::WHITE, background) >= contrast_ratio(Rgb::BLACK, background)
    {
        Rgb::WHITE
    } else {
        Rgb::BLACK
    };
    (1..=256)
        .map(|step| colour.mix(target, f64::from(step) / 256.0))
        .find(|c| contrast_ratio(*c, background) >= min_ratio)
        .unwrap_or(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_long_and_short_hex_and_refuses_the_rest() {
        assert_eq!(Rgb::parse("#1a2B3c"), Some(Rgb(0x1a, 0x2b, 0x3c)));
        assert_eq!(Rgb::parse(" #fa0 "), Some(Rgb(0xff, 0xaa, 0x00)));
        for bad in [
            "1a2b3c",
            "#1a2b3",
            "#gggggg",
            "blue",
            "",
            "#",
            "#1a2b3c4d",
            "#ä12",
        ] {
            assert_eq!(Rgb::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn contrast_matches_the_wcag_reference_values() {
        assert!((contrast_ratio(Rgb::BLACK, Rgb::WHITE) - 21.0).abs() < 1e-9);
        assert!((contrast_ratio(Rgb::WHITE, Rgb::WHITE) - 1.0).abs() < 1e-9);
        // #777777 on white is the classic just-failing grey: 4.48:1.
        let grey = contrast_ratio(Rgb(0x77, 0x77, 0x77), Rgb::WHITE);
        assert!((grey - 4.48).abs() < 0.01, "{grey}");
    }

    #[test]
    fn ensure_contrast_keeps_a_passing_colour_and_fixes_a_failing_one() {
        let bg = Rgb(0x20, 0x20, 0x28);
        let good = Rgb(0xf0, 0xf0, 0xe0);
        assert_eq!(ensure_contrast(good, bg, 4.5), good);
        for (text, bg) in [
            (Rgb(0x88, 0x88, 0x88), Rgb(0x77, 0x77, 0x77)),
            (Rgb(0x30, 0x30, 0x90), Rgb(0x20, 0x20, 0x28)),
            (Rgb(0xff, 0xff, 0xff), Rgb(0xff, 0xee, 0x00)),
            (Rgb(0x76, 0x76, 0x76), Rgb(0x76, 0x76, 0x76)),
        ] {
            let fixed = ensure_contrast(text, bg, 4.5);
            assert!(
                contrast_ratio(fixed, bg) >= 4.5,
                "{text} on {bg} -> {fixed}"
            );
        }
    }

    #[test]
    fn every_grey_background_can_reach_four_and_a_half() {
        for v in 0..=255u8 {
            let bg = Rgb(v, v, v);
            let fixed = ensure_contrast(bg, bg, 4.5);
            assert!(contrast_ratio(fixed, bg) >= 4.5, "{bg}");
        }
    }
}

//! The "Title card" image model: a sentence (and, on a section's first sentence, the
//! section's title) set on a style's colours as a PNG of the project's frame size.
//!
//! Legibility rules, each kept by construction and checked by a test:
//! - **Size.** The body text's cap height (the height of a capital letter above the baseline,
//!   from the font's OS/2 capHeight) is at least [`MIN_CAP_HEIGHT`] (4 %) of the frame
//!   height. Short texts are set larger (cap height up to [`MAX_CAP_HEIGHT`]); a long one is
//!   shrunk step by step down to the floor and wrapped onto more lines. The heading is set
//!   [`HEADING_SCALE`] times the body size, in bold.
//! - **Safe area.** Every mark (glyph ink and the accent rule) lies inside the title-safe
//!   area: the centred rectangle of [`TITLE_SAFE`] (90 %) of the frame's width and height
//!   (SMPTE ST 2046-1's safe title area for 16:9).
//! - **Nothing cut.** Text wraps at word boundaries (inside a word only when the word alone
//!   is wider than the safe area) and is never ellipsised or clipped. A text too long to fit
//!   at the floor size keeps shrinking below it rather than lose words or leave the safe
//!   area: [`TitleCardLayout::below_floor`] says so and a warning is logged. At 1280x720 a
//!   600-character sentence still fits at the floor.
//! - **Contrast.** Text and background have at least [`MIN_CONTRAST`] (4.5:1, WCAG 2 AA)
//!   between them. When the style's colours fall short, the text colour is moved toward
//!   white or black just far enough (see [`crate::colour::ensure_contrast`]) and
//!   [`CardColours::text_adjusted`] is set; the background is never changed, so a card
//!   still looks like its style. The accent rule is kept at 3:1 (WCAG's figure for graphics).
//!
//! The bundled Noto Sans covers Latin, Greek and Cyrillic; a character outside them is set
//! as the font's empty box (never dropped), since no system font is asked for a fallback.

mod draw;
mod fit;
#[cfg(test)]
mod tests;

use std::ops::Range;
use std::path::Path;

use videogen_model::{FrameSize, StyleColours};

use crate::atomic::TempOutput;
use crate::colour::{contrast_ratio, ensure_contrast, Rgb};
use crate::RenderError;

/// Smallest body cap height, as a fraction of the frame height.
pub const MIN_CAP_HEIGHT: f32 = 0.04;
/// Largest body cap height (a short sentence), as a fraction of the frame height.
pub const MAX_CAP_HEIGHT: f32 = 0.075;
/// Side of the title-safe area as a fraction of the frame's width and of its height.
pub const TITLE_SAFE: f32 = 0.9;
/// Heading size relative to the body size.
pub const HEADING_SCALE: f32 = 1.3;
/// Least WCAG contrast ratio between text and background.
pub const MIN_CONTRAST: f64 = 4.5;

/// Background when the style names none: a near-black slate that most pictures cut well to.
pub const DEFAULT_BACKGROUND: Rgb = Rgb(0x14, 0x17, 0x1c);
/// Text colour on a dark background when the style names none.
pub const DEFAULT_LIGHT_TEXT: Rgb = Rgb(0xf4, 0xf1, 0xea);
/// Text colour on a light background when the style names none.
pub const DEFAULT_DARK_TEXT: Rgb = Rgb(0x16, 0x18, 0x1d);
/// Accent (the rule under a heading) when the style names none.
pub const DEFAULT_ACCENT: Rgb = Rgb(0xe8, 0xa3, 0x3d);

/// What a title card shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TitleCard {
    /// The section's title, set above the text in bold; `None` for all but a section's
    /// first sentence.
    pub heading: Option<String>,
    /// The sentence. May be empty only when there is a heading.
    pub text: String,
    /// The style's colours, each `#rrggbb` (or `#rgb`) or unset.
    pub colours: StyleColours,
}

/// The colours a card was set in, after defaults and the contrast rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CardColours {
    /// Background.
    pub background: Rgb,
    /// Text (heading and body).
    pub text: Rgb,
    /// The rule between heading and text.
    pub accent: Rgb,
    /// The style's text colour had less than [`MIN_CONTRAST`] with the background and was
    /// changed.
    pub text_adjusted: bool,
}

/// A rectangle in frame pixels, `x0 <= x < x1`, `y0 <= y < y1`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PixelRect {
    /// Left edge.
    pub x0: f32,
    /// Top edge.
    pub y0: f32,
    /// Right edge (exclusive).
    pub x1: f32,
    /// Bottom edge (exclusive).
    pub y1: f32,
}

impl PixelRect {
    /// Whether `other` lies wholly inside `self`.
    pub fn contains(&self, other: &PixelRect) -> bool {
        other.x0 >= self.x0 && other.y0 >= self.y0 && other.x1 <= self.x1 && other.y1 <= self.y1
    }

    pub(crate) fn union(self, other: PixelRect) -> PixelRect {
        PixelRect {
            x0: self.x0.min(other.x0),
            y0: self.y0.min(other.y0),
            x1: self.x1.max(other.x1),
            y1: self.y1.max(other.y1),
        }
    }
}

/// How a card was set: sizes, where the ink fell, and which characters were laid out.
#[derive(Clone, Debug, PartialEq)]
pub struct TitleCardLayout {
    /// The frame.
    pub size: FrameSize,
    /// Body font size (em) in pixels.
    pub body_font_px: f32,
    /// Body cap height in pixels: the text size the 4 % rule is about.
    pub cap_height_px: f32,
    /// Heading font size in pixels, if there is a heading.
    pub heading_font_px: Option<f32>,
    /// Lines of body text.
    pub body_lines: usize,
    /// Lines of heading.
    pub heading_lines: usize,
    /// The title-safe area.
    pub safe_area: PixelRect,
    /// Bounding box of every mark drawn (glyph coverage and the rule).
    pub ink: PixelRect,
    /// The text was too long for the floor size and was set smaller rather than cut.
    pub below_floor: bool,
    /// The colours used.
    pub colours: CardColours,
    /// Byte ranges of [`TitleCard::text`] covered by laid-out glyphs (one per glyph cluster).
    pub body_clusters: Vec<Range<usize>>,
    /// Byte ranges of the heading covered by laid-out glyphs.
    pub heading_clusters: Vec<Range<usize>>,
}

/// Renders `card` at `size` as a PNG at `out` (written atomically: a temporary file in the
/// same folder, renamed into place). The folder is created if missing.
pub fn render_title_card(card: &TitleCard, size: FrameSize, out: &Path) -> Result<(), RenderError> {
    let _span = tracing::debug_span!("title_card", size = %size, out = %out.display()).entered();
    let (image, layout) = draw::draw(card, size)?;
    if layout.colours.text_adjusted {
        tracing::info!(
            text = %layout.colours.text,
            background = %layout.colours.background,
            "style text colour lacked contrast with its background; adjusted"
        );
    }
    let tmp = TempOutput::beside(out)?;
    image
        .save_with_format(tmp.path(), image::ImageFormat::Png)
        .map_err(|e| match e {
            image::ImageError::IoError(io) => RenderError::io("write", tmp.path(), io),
            other => RenderError::Encode(other),
        })?;
    tmp.commit(out)
}

/// Lays `card` out at `size` without drawing: the sizes, ink box and colours
/// [`render_title_card`] would use.
pub fn layout_title_card(
    card: &TitleCard,
    size: FrameSize,
) -> Result<TitleCardLayout, RenderError> {
    let mut t = crate::fonts::typesetter();
    let colours = resolve_colours(&card.colours)?;
    fit::fit(&mut t, card, size, colours).map(|fitted| fitted.layout)
}

/// The style's colours with defaults filled in and the contrast rule applied.
pub fn resolve_colours(style: &StyleColours) -> Result<CardColours, RenderError> {
    let parse = |value: &Option<String>, what: &str| -> Result<Option<Rgb>, RenderError> {
        match value.as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some(text) => Rgb::parse(text).map(Some).ok_or_else(|| {
                RenderError::InvalidInput(format!(
                    "The style's {what} colour {text:?} is not a colour: write it as #rrggbb, e.g. #14171c."
                ))
            }),
        }
    };
    let background = parse(&style.background, "background")?.unwrap_or(DEFAULT_BACKGROUND);
    let wanted_text = parse(&style.text, "text")?;
    let accent = parse(&style.accent, "accent")?.unwrap_or(DEFAULT_ACCENT);
    let text = wanted_text.unwrap_or_else(|| {
        if contrast_ratio(DEFAULT_LIGHT_TEXT, background)
            >= contrast_ratio(DEFAULT_DARK_TEXT, background)
        {
            DEFAULT_LIGHT_TEXT
        } else {
            DEFAULT_DARK_TEXT
        }
    });
    let fixed = ensure_contrast(text, background, MIN_CONTRAST);
    Ok(CardColours {
        background,
        text: fixed,
        accent: ensure_contrast(accent, background, 3.0),
        text_adjusted: fixed != text,
    })
}

//! Choosing the size: set the card at a candidate size, measure, and shrink until every mark
//! lies in the safe area (module doc of `title_card` for the rules).

use std::ops::Range;

use cosmic_text::{Align, Attrs, Buffer, Family, Metrics, PhysicalGlyph, Shaping, Weight, Wrap};
use videogen_model::FrameSize;

use super::{
    CardColours, PixelRect, TitleCard, TitleCardLayout, HEADING_SCALE, MAX_CAP_HEIGHT,
    MIN_CAP_HEIGHT, TITLE_SAFE,
};
use crate::fonts::{Typesetter, FAMILY};
use crate::RenderError;

/// Each step sets the text this much smaller: small enough that a card does not jump from
/// roomy to cramped, large enough that a long text needs only a handful of layouts.
const SHRINK_STEP: f32 = 0.92;
/// Body line spacing, in ems: generous, for lines read at a distance.
const BODY_LEADING: f32 = 1.3;
/// Heading line spacing, in ems.
const HEADING_LEADING: f32 = 1.15;
/// Space from the heading's last line to the rule, in body ems.
const GAP_ABOVE_RULE: f32 = 0.45;
/// Space from the rule to the body's first line, in body ems.
const GAP_BELOW_RULE: f32 = 0.7;
/// Rule thickness in body ems (at least 2 px) and length in body ems.
const RULE_THICKNESS: f32 = 0.08;
const RULE_LENGTH: f32 = 3.0;
/// A body of more lines than this is set flush left (a ragged centred paragraph is hard to
/// read); fewer lines are centred.
const MAX_CENTRED_LINES: usize = 3;
/// Below this body size a text is refused rather than set: it could not be read at all.
const SMALLEST_FONT_PX: f32 = 4.0;

/// A glyph placed on the frame, ready to rasterise.
pub(super) struct Mark {
    pub glyph: PhysicalGlyph,
}

/// The outcome of fitting: the layout report and what to draw.
pub(super) struct Fitted {
    pub layout: TitleCardLayout,
    pub marks: Vec<Mark>,
    pub rule: PixelRect,
}

/// One text block (heading or body) laid out at a size, positioned at the origin.
struct Block {
    lines: Vec<Line>,
    font_px: f32,
    clusters: Vec<Range<usize>>,
    /// Widest line.
    width: f32,
    left_aligned: bool,
}

struct Line {
    baseline: f32,
    glyphs: Vec<cosmic_text::LayoutGlyph>,
}

impl Block {
    /// Top and bottom of the block by the font's declared ascent and descent.
    fn extent(&self, t: &Typesetter) -> (f32, f32) {
        match (self.lines.first(), self.lines.last()) {
            (Some(first), Some(last)) => (
                first.baseline - t.metrics.ascent * self.font_px,
                last.baseline + t.metrics.descent * self.font_px,
            ),
            _ => (0.0, 0.0),
        }
    }
}

/// Sets `text` in a column `width` pixels wide.
/// Surrounding whitespace is not set (it would shift a centred line); cluster ranges still
/// index `text` as given.
fn set_block(
    t: &mut Typesetter,
    text: &str,
    bold: bool,
    font_px: f32,
    leading: f32,
    width: f32,
) -> Block {
    let lead = text.len() - text.trim_start().len();
    let text = text.trim();
    let line_px = font_px * leading;
    let attrs = Attrs::new().family(Family::Name(FAMILY)).weight(if bold {
        Weight::BOLD
    } else {
        Weight::NORMAL
    });
    let layout = |t: &mut Typesetter, align: Align| {
        let mut buffer = Buffer::new(&mut t.fonts, Metrics::new(font_px, line_px));
        buffer.set_wrap(Wrap::WordOrGlyph);
        buffer.set_size(Some(width), None);
        buffer.set_text(text, &attrs, Shaping::Advanced, Some(align));
        buffer.shape_until_scroll(&mut t.fonts, false);
        let mut lines = Vec::new();
        let mut clusters = Vec::new();
        let mut widest: f32 = 0.0;
        for run in buffer.layout_runs() {
            widest = widest.max(run.line_w);
            // Byte offsets are per paragraph (buffer line): map them back into `text`.
            let base = lead + paragraph_start(text, run.line_i);
            for g in run.glyphs {
                clusters.push(base + g.start..base + g.end);
            }
            lines.push(Line {
                baseline: run.line_y,
                glyphs: run.glyphs.to_vec(),
            });
        }
        (lines, clusters, widest)
    };
    let (mut lines, mut clusters, mut width_used) = layout(t, Align::Center);
    let left_aligned = lines.len() > MAX_CENTRED_LINES;
    if left_aligned {
        (lines, clusters, width_used) = layout(t, Align::Left);
    }
    Block {
        lines,
        font_px,
        clusters,
        width: width_used,
        left_aligned,
    }
}

/// Byte offset in `text` where paragraph `index` starts, as cosmic-text splits paragraphs
/// (at `\n`, `\r\n` or `\r`).
fn paragraph_start(text: &str, index: usize) -> usize {
    if index == 0 {
        return 0;
    }
    let bytes = text.as_bytes();
    let mut seen = 0;
    let mut i = 0;
    while i < bytes.len() {
        let end = match bytes[i] {
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => Some(i + 2),
            b'\r' | b'\n' => Some(i + 1),
            _ => None,
        };
        if let Some(end) = end {
            seen += 1;
            if seen == index {
                return end;
            }
            i = end;
        } else {
            i += 1;
        }
    }
    text.len()
}

/// Fits `card` into `size`: the largest size from [`MAX_CAP_HEIGHT`] down (in
/// [`SHRINK_STEP`]s, with the floor itself always tried) at which every mark lies in the
/// safe area.
pub(super) fn fit(
    t: &mut Typesetter,
    card: &TitleCard,
    size: FrameSize,
    colours: CardColours,
) -> Result<Fitted, RenderError> {
    let heading = card.heading.as_deref().filter(|h| !h.trim().is_empty());
    let body = card.text.as_str();
    if heading.is_none() && body.trim().is_empty() {
        return Err(RenderError::InvalidInput(
            "A title card needs text: the sentence and the section title are both empty.".into(),
        ));
    }
    let (w, h) = (size.width as f32, size.height as f32);
    let safe = PixelRect {
        x0: w * (1.0 - TITLE_SAFE) / 2.0,
        y0: h * (1.0 - TITLE_SAFE) / 2.0,
        x1: w * (1.0 + TITLE_SAFE) / 2.0,
        y1: h * (1.0 + TITLE_SAFE) / 2.0,
    };
    let cap = t.metrics.cap_height;
    let floor_px = MIN_CAP_HEIGHT * h / cap;
    let mut font_px = MAX_CAP_HEIGHT * h / cap;
    loop {
        if let Some(fitted) = try_size(t, heading, body, font_px, safe, size, colours) {
            let mut fitted = fitted;
            fitted.layout.below_floor = font_px < floor_px * 0.999;
            if fitted.layout.below_floor {
                tracing::warn!(
                    chars = card.text.chars().count(),
                    cap_height_px = fitted.layout.cap_height_px,
                    "title card text too long for the 4 % floor; set smaller rather than cut"
                );
            }
            return Ok(fitted);
        }
        let next = font_px * SHRINK_STEP;
        font_px = if font_px > floor_px * 1.0001 && next < floor_px {
            floor_px
        } else {
            next
        };
        if font_px < SMALLEST_FONT_PX {
            return Err(RenderError::InvalidInput(format!(
                "The text is too long for one title card at {size} ({} characters): shorten or split the sentence.",
                card.text.chars().count()
            )));
        }
    }
}

/// The card set with a body of `font_px`, or `None` if some mark would leave the safe area.
fn try_size(
    t: &mut Typesetter,
    heading: Option<&str>,
    body: &str,
    font_px: f32,
    safe: PixelRect,
    size: FrameSize,
    colours: CardColours,
) -> Option<Fitted> {
    let safe_w = safe.x1 - safe.x0;
    let safe_h = safe.y1 - safe.y0;
    let head = heading.map(|text| {
        set_block(
            t,
            text,
            true,
            font_px * HEADING_SCALE,
            HEADING_LEADING,
            safe_w,
        )
    });
    let body_block =
        (!body.trim().is_empty()).then(|| set_block(t, body, false, font_px, BODY_LEADING, safe_w));

    let rule_thickness = (RULE_THICKNESS * font_px).round().max(2.0);
    let rule_len = (RULE_LENGTH * font_px).min(safe_w);
    // Stack: heading, gap, rule, gap, body. Without a heading the rule tops the body;
    // without a body it underlines the heading.
    let mut height = rule_thickness;
    let head_ext = head.as_ref().map(|b| b.extent(t));
    let body_ext = body_block.as_ref().map(|b| b.extent(t));
    if let Some((top, bottom)) = head_ext {
        height += bottom - top + GAP_ABOVE_RULE * font_px;
    }
    if let Some((top, bottom)) = body_ext {
        height += bottom - top + GAP_BELOW_RULE * font_px;
    }
    if height > safe_h {
        return None;
    }

    let mut y = safe.y0 + (safe_h - height) / 2.0;
    let mut marks = Vec::new();
    let place = |t: &mut Typesetter, block: &Block, top: f32, y: f32, marks: &mut Vec<Mark>| {
        let dx = if block.left_aligned {
            safe.x0 + (safe_w - block.width) / 2.0
        } else {
            safe.x0
        };
        let dy = y - top;
        let mut ink: Option<PixelRect> = None;
        for line in &block.lines {
            for g in &line.glyphs {
                let glyph = g.physical((dx, dy + line.baseline), 1.0);
                if let Some(r) = glyph_ink(t, &glyph) {
                    ink = Some(ink.map_or(r, |i| i.union(r)));
                }
                marks.push(Mark { glyph });
            }
        }
        (ink, dx)
    };

    let mut ink: Option<PixelRect> = None;
    let mut join = |r: Option<PixelRect>| {
        if let Some(r) = r {
            ink = Some(ink.map_or(r, |i| i.union(r)));
        }
    };
    if let (Some(block), Some((top, bottom))) = (&head, head_ext) {
        join(place(t, block, top, y, &mut marks).0);
        y += bottom - top + GAP_ABOVE_RULE * font_px;
    }
    let rule_y = y.round();
    y += rule_thickness;
    let mut rule_x = safe.x0 + (safe_w - rule_len) / 2.0;
    if let (Some(block), Some((top, _))) = (&body_block, body_ext) {
        y += GAP_BELOW_RULE * font_px;
        let (body_ink, dx) = place(t, block, top, y, &mut marks);
        join(body_ink);
        if block.left_aligned {
            rule_x = dx;
        }
    }
    let rule = PixelRect {
        x0: rule_x.round(),
        y0: rule_y,
        x1: (rule_x + rule_len).round(),
        y1: rule_y + rule_thickness,
    };
    join(Some(rule));
    let ink = ink?;
    if !safe.contains(&ink) {
        return None;
    }
    Some(Fitted {
        layout: TitleCardLayout {
            size,
            body_font_px: font_px,
            cap_height_px: font_px * t.metrics.cap_height,
            heading_font_px: head.as_ref().map(|b| b.font_px),
            body_lines: body_block.as_ref().map_or(0, |b| b.lines.len()),
            heading_lines: head.as_ref().map_or(0, |b| b.lines.len()),
            safe_area: safe,
            ink,
            below_floor: false,
            colours,
            body_clusters: body_block.map(|b| b.clusters).unwrap_or_default(),
            heading_clusters: head.map(|b| b.clusters).unwrap_or_default(),
        },
        marks,
        rule,
    })
}

/// The pixel box a glyph's coverage occupies, or `None` for a blank glyph (a space).
fn glyph_ink(t: &mut Typesetter, glyph: &PhysicalGlyph) -> Option<PixelRect> {
    let image = t.glyphs.get_image(&mut t.fonts, glyph.cache_key).as_ref()?;
    let p = image.placement;
    if p.width == 0 || p.height == 0 {
        return None;
    }
    let x0 = (glyph.x + p.left) as f32;
    let y0 = (glyph.y - p.top) as f32;
    Some(PixelRect {
        x0,
        y0,
        x1: x0 + p.width as f32,
        y1: y0 + p.height as f32,
    })
}

//! Painting a fitted card into an RGB frame.

use cosmic_text::SwashContent;
use image::RgbImage;
use videogen_model::FrameSize;

use super::fit::{fit, Fitted};
use super::{resolve_colours, PixelRect, TitleCard, TitleCardLayout};
use crate::colour::Rgb;
use crate::RenderError;

/// The card as pixels, and how it was set.
pub(crate) fn draw(
    card: &TitleCard,
    size: FrameSize,
) -> Result<(RgbImage, TitleCardLayout), RenderError> {
    let colours = resolve_colours(&card.colours)?;
    let mut t = crate::fonts::typesetter();
    let t = &mut *t;
    let Fitted {
        layout,
        marks,
        rule,
    } = fit(t, card, size, colours)?;

    let bg = colours.background;
    let mut image = RgbImage::from_pixel(size.width, size.height, image::Rgb([bg.0, bg.1, bg.2]));
    fill(&mut image, rule, colours.accent);
    for mark in &marks {
        let Some(glyph) = t
            .glyphs
            .get_image(&mut t.fonts, mark.glyph.cache_key)
            .as_ref()
        else {
            continue;
        };
        let p = glyph.placement;
        let (x0, y0) = (mark.glyph.x + p.left, mark.glyph.y - p.top);
        let (w, h) = (p.width as i32, p.height as i32);
        for gy in 0..h {
            for gx in 0..w {
                let i = (gy * w + gx) as usize;
                let (colour, alpha) = match glyph.content {
                    SwashContent::Mask => (colours.text, glyph.data[i]),
                    // Not in the bundled font; handled so a colour glyph cannot panic.
                    SwashContent::Color => {
                        let px = &glyph.data[i * 4..i * 4 + 4];
                        (Rgb(px[0], px[1], px[2]), px[3])
                    }
                    SwashContent::SubpixelMask => (colours.text, glyph.data[i * 4 + 1]),
                };
                blend(&mut image, x0 + gx, y0 + gy, colour, alpha);
            }
        }
    }
    Ok((image, layout))
}

fn fill(image: &mut RgbImage, rect: PixelRect, colour: Rgb) {
    let (w, h) = (image.width() as f32, image.height() as f32);
    let (x0, x1) = (rect.x0.max(0.0) as u32, rect.x1.min(w) as u32);
    let (y0, y1) = (rect.y0.max(0.0) as u32, rect.y1.min(h) as u32);
    for y in y0..y1 {
        for x in x0..x1 {
            image.put_pixel(x, y, image::Rgb([colour.0, colour.1, colour.2]));
        }
    }
}

/// Coverage blend of `colour` over the pixel, in sRGB like every text renderer people are
/// used to (gamma-correct blending looks thinner on dark backgrounds).
fn blend(image: &mut RgbImage, x: i32, y: i32, colour: Rgb, alpha: u8) {
    if alpha == 0 || x < 0 || y < 0 || x as u32 >= image.width() || y as u32 >= image.height() {
        return;
    }
    let px = image.get_pixel_mut(x as u32, y as u32);
    let a = u32::from(alpha);
    for (c, src) in px.0.iter_mut().zip([colour.0, colour.1, colour.2]) {
        *c = ((u32::from(src) * a + u32::from(*c) * (255 - a) + 127) / 255) as u8;
    }
}

//! Thumbnails: 320 pixels wide (or the image's width when it is smaller), WebP, beside the image, made once when the image is made so
//! that lists (2,700 scenes) never decode a full-size image (DESIGN.md, Thumbnails).

use std::path::Path;

use videogen_jobs::HandlerError;

/// Width of every thumbnail, pixels.
pub const WIDTH: u32 = 320;

/// Writes `image`'s thumbnail to `out` (atomically).
pub fn write_thumbnail(image: &Path, out: &Path) -> Result<(), HandlerError> {
    let bad = |e: String| {
        HandlerError::permanent(format!(
            "The image {} cannot be read to make its thumbnail ({e}): render it again.",
            image.display()
        ))
    };
    let picture = image::ImageReader::open(image)
        .map_err(|e| bad(e.to_string()))?
        .with_guessed_format()
        .map_err(|e| bad(e.to_string()))?
        .decode()
        .map_err(|e| bad(e.to_string()))?;
    // Never wider than the image: a small render is kept at its size, not blown up.
    let width = WIDTH.min(picture.width().max(1));
    let height = ((u64::from(picture.height()) * u64::from(width))
        / u64::from(picture.width().max(1)))
    .max(1) as u32;
    let small = if width == picture.width() {
        picture.to_rgba8()
    } else {
        // `thumbnail_exact` averages whole source pixels per output pixel: as sharp as a
        // filtered resize at this scale, several times faster on a 1080p render.
        picture.thumbnail_exact(width, height).to_rgba8()
    };
    let temp = crate::files::temp_beside(out);
    small
        .save_with_format(&temp, image::ImageFormat::WebP)
        .map_err(|e| HandlerError::retry(format!("cannot write {}: {e}", temp.display())))?;
    std::fs::rename(&temp, out)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn thumb_of(width: u32, height: u32) -> image::DynamicImage {
        let dir = tempfile::tempdir().expect("dir");
        let src = dir.path().join("image.png");
        image::RgbImage::from_fn(width, height, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
        })
        .save(&src)
        .expect("png");
        let out = dir.path().join("thumb.webp");
        write_thumbnail(&src, &out).expect("thumbnail");
        image::open(&out).expect("webp")
    }

    #[test]
    fn a_large_render_is_scaled_to_320_wide_keeping_its_shape() {
        let t = thumb_of(1920, 1080);
        assert_eq!((t.width(), t.height()), (320, 180));
    }

    #[test]
    fn a_render_smaller_than_a_thumbnail_keeps_its_size() {
        let t = thumb_of(64, 48);
        assert_eq!((t.width(), t.height()), (64, 48));
    }
}

//! Thumbnails: 320 pixels wide, WebP, beside the image, made once when the image is made so
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
    let height = ((u64::from(picture.height()) * u64::from(WIDTH))
        / u64::from(picture.width().max(1)))
    .max(1) as u32;
    let small = picture
        .resize_exact(WIDTH, height, image::imageops::FilterType::Triangle)
        .to_rgba8();
    let temp = crate::files::temp_beside(out);
    small
        .save_with_format(&temp, image::ImageFormat::WebP)
        .map_err(|e| HandlerError::retry(format!("cannot write {}: {e}", temp.display())))?;
    std::fs::rename(&temp, out)?;
    Ok(())
}

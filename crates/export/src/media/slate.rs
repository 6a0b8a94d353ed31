//! The slate card that stands in for a missing image: a dark frame with a lighter band,
//! so a gap in the generated media is obvious in the editor (its clip name says why).

use std::path::Path;

use image::{ImageEncoder, Rgb, RgbImage};

use crate::error::ExportError;

/// Writes a `width`×`height` slate PNG to `path`.
pub(crate) fn write_slate(path: &Path, width: u32, height: u32) -> Result<(), ExportError> {
    let band = (height / 3)..(height - height / 3);
    let img = RgbImage::from_fn(width, height, |_, y| {
        if band.contains(&y) {
            Rgb([70, 70, 84])
        } else {
            Rgb([24, 24, 30])
        }
    });
    let file = std::fs::File::create(path).map_err(|e| ExportError::io("creating", path, e))?;
    let writer = std::io::BufWriter::new(file);
    image::codecs::png::PngEncoder::new(writer)
        .write_image(img.as_raw(), width, height, image::ExtendedColorType::Rgb8)
        .map_err(|e| ExportError::io("writing", path, std::io::Error::other(e.to_string())))
}

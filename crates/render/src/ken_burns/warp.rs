//! Drawing one frame: the view window over the prepared picture, resampled bilinearly.
//!
//! ffmpeg's `zoompan` places its window on whole pixels, so a slow pan moves 0 or 1 px per
//! frame and visibly stutters. Here every output pixel samples the picture at its exact
//! fractional position (weights in 1/1024 px), so a pan of 0.3 px per frame moves 0.3 px
//! every frame.

use super::motion::View;

/// The picture cropped to the frame's aspect (the cover box) and scaled so that the closest
/// view of the clip maps about one picture pixel to one frame pixel, as full-resolution Y,
/// U and V planes (BT.709, limited range: what the clip is encoded in), row-major.
pub(crate) struct Picture {
    pub width: usize,
    pub height: usize,
    /// Y, U, V; each `width * height` bytes.
    pub planes: [Vec<u8>; 3],
}

/// Bits of sub-pixel precision in the interpolation weights.
const FRAC_BITS: u32 = 10;
const ONE: u32 = 1 << FRAC_BITS;

/// Where one output column (or row) samples the picture: the left (top) neighbour and the
/// weight of the right (bottom) one.
#[derive(Clone, Copy)]
struct Tap {
    index: usize,
    weight: u32,
}

/// Taps for `n` output pixels covering `[start, start + span)` of a picture axis of
/// `len` pixels, sampling at pixel centres.
fn taps(n: usize, start: f64, span: f64, len: usize) -> Vec<Tap> {
    let scale = span / n as f64;
    let last = (len.max(2) - 2) as f64;
    (0..n)
        .map(|i| {
            let x = (start + (i as f64 + 0.5) * scale - 0.5).clamp(0.0, len as f64 - 1.0);
            let index = x.floor().min(last);
            let weight = ((x - index) * f64::from(ONE)).round() as u32;
            Tap {
                index: index as usize,
                weight: weight.min(ONE),
            }
        })
        .collect()
}

/// Bytes of one yuv420p frame of `width`×`height` (both even).
pub(crate) fn frame_len(width: usize, height: usize) -> usize {
    width * height + 2 * (width / 2) * (height / 2)
}

/// Draws `view` of `picture` into `out`, one yuv420p frame of `width`×`height` (Y plane,
/// then U and V at half resolution, each sampled at the centre of its 2×2 luma block), using
/// up to `threads` threads.
///
/// Drawing straight into the encoder's format spares ffmpeg a colour conversion per frame
/// and samples half as many values as RGB would: together about a third of a clip's cost.
pub(crate) fn draw_view(
    picture: &Picture,
    view: View,
    width: usize,
    height: usize,
    threads: usize,
    out: &mut [u8],
) {
    debug_assert_eq!(out.len(), frame_len(width, height));
    let (y_out, chroma) = out.split_at_mut(width * height);
    let (u_out, v_out) = chroma.split_at_mut((width / 2) * (height / 2));
    draw_plane(
        &picture.planes[0],
        picture,
        view,
        width,
        height,
        threads,
        y_out,
    );
    draw_plane(
        &picture.planes[1],
        picture,
        view,
        width / 2,
        height / 2,
        threads,
        u_out,
    );
    draw_plane(
        &picture.planes[2],
        picture,
        view,
        width / 2,
        height / 2,
        threads,
        v_out,
    );
}

/// One plane of the view, `width`×`height`, from a picture plane, in bands of rows.
fn draw_plane(
    plane: &[u8],
    picture: &Picture,
    view: View,
    width: usize,
    height: usize,
    threads: usize,
    out: &mut [u8],
) {
    let (pw, ph) = (picture.width as f64, picture.height as f64);
    let cols = taps(
        width,
        (view.cx - view.size / 2.0) * pw,
        view.size * pw,
        picture.width,
    );
    let rows = taps(
        height,
        (view.cy - view.size / 2.0) * ph,
        view.size * ph,
        picture.height,
    );
    let stride = picture.width;
    let band_rows = height.div_ceil(threads.max(1)).max(1);
    let bands = height.div_ceil(band_rows);
    std::thread::scope(|scope| {
        for (band, chunk) in out.chunks_mut(band_rows * width).enumerate() {
            let rows = &rows[band * band_rows..];
            let cols = &cols;
            let mut draw = move || {
                // Separable: blend the two picture rows over the columns this row reads
                // (a contiguous run the compiler vectorises), then blend neighbours across.
                let first = cols.first().map_or(0, |c| c.index);
                let last = cols
                    .last()
                    .map_or(0, |c| c.index + 1)
                    .min(picture.width - 1);
                let mut blended = vec![0u16; last + 2 - first];
                for (row, line) in rows.iter().zip(chunk.chunks_exact_mut(width)) {
                    let top = &plane[row.index * stride + first..=row.index * stride + last];
                    // The bottom neighbour of the last picture row is itself (weight 0 there).
                    let below = (row.index + 1).min(picture.height - 1) * stride;
                    let bottom = &plane[below + first..=below + last];
                    let wy = row.weight;
                    for ((b, t), u) in blended.iter_mut().zip(top).zip(bottom) {
                        // 10-bit weights, kept to 8 fractional bits: fits in u16.
                        *b = ((u32::from(*t) * (ONE - wy) + u32::from(*u) * wy) >> 2) as u16;
                    }
                    for (col, px) in cols.iter().zip(line.iter_mut()) {
                        // One bounds check for both neighbours.
                        let pair = &blended[col.index - first..col.index - first + 2];
                        let wx = col.weight;
                        let v = u32::from(pair[0]) * (ONE - wx) + u32::from(pair[1]) * wx;
                        *px = ((v + (1 << (FRAC_BITS + 7))) >> (FRAC_BITS + 8)) as u8;
                    }
                }
            };
            // The last band is drawn on this thread, which would otherwise only wait.
            if band + 1 == bands {
                draw();
            } else {
                scope.spawn(draw);
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A picture whose three planes are `f(x, y)`, `g`, `h`.
    fn picture(w: usize, h: usize, f: impl Fn(usize, usize) -> [u8; 3]) -> Picture {
        let mut planes = [vec![0; w * h], vec![0; w * h], vec![0; w * h]];
        for y in 0..h {
            for x in 0..w {
                for (plane, v) in planes.iter_mut().zip(f(x, y)) {
                    plane[y * w + x] = v;
                }
            }
        }
        Picture {
            width: w,
            height: h,
            planes,
        }
    }

    fn gradient(w: usize, h: usize) -> Picture {
        picture(w, h, |x, y| {
            [(x * 255 / (w - 1)) as u8, (y * 255 / (h - 1)) as u8, 77]
        })
    }

    const FULL: View = View {
        cx: 0.5,
        cy: 0.5,
        size: 1.0,
    };

    #[test]
    fn full_view_at_same_size_copies_luma_and_averages_chroma_blocks() {
        let (w, h) = (64, 36);
        let pic = gradient(w, h);
        let mut out = vec![0; frame_len(w, h)];
        draw_view(&pic, FULL, w, h, 2, &mut out);
        assert_eq!(&out[..w * h], &pic.planes[0][..]);
        // Chroma at the centre of each 2×2 block: the mean of the block.
        let u = &out[w * h..w * h + (w / 2) * (h / 2)];
        for cy in 0..h / 2 {
            for cx in 0..w / 2 {
                let block: u32 = [(0, 0), (1, 0), (0, 1), (1, 1)]
                    .iter()
                    .map(|(dx, dy)| u32::from(pic.planes[1][(2 * cy + dy) * w + 2 * cx + dx]))
                    .sum();
                let got = i64::from(u[cy * (w / 2) + cx]);
                assert!((got - i64::from(block / 4)).abs() <= 1, "({cx},{cy})");
            }
        }
    }

    #[test]
    fn half_pixel_shift_averages_neighbours() {
        // Columns alternate 0 and 200: a window shifted by half a picture pixel lands every
        // sample halfway between, giving 100 everywhere.
        let (w, h) = (40, 4);
        let pic = picture(w, h, |x, _| {
            let v = if x % 2 == 0 { 0 } else { 200 };
            [v, v, v]
        });
        let size = 0.5;
        let view = View {
            cx: size / 2.0 + 0.5 / w as f64 + 0.1,
            cy: 0.5,
            size,
        };
        let (ow, oh) = (20, 2);
        let mut out = vec![0; frame_len(ow, oh)];
        draw_view(&pic, view, ow, oh, 1, &mut out);
        assert!(out[..ow * oh].iter().all(|v| *v == 100), "{out:?}");
    }

    #[test]
    fn threads_do_not_change_the_result() {
        let pic = gradient(300, 170);
        let view = View {
            cx: 0.43,
            cy: 0.52,
            size: 0.77,
        };
        let (w, h) = (128, 72);
        let mut one = vec![0; frame_len(w, h)];
        let mut two = vec![0; frame_len(w, h)];
        draw_view(&pic, view, w, h, 1, &mut one);
        draw_view(&pic, view, w, h, 3, &mut two);
        assert_eq!(one, two);
    }

    /// The sampler alone, before any encoder: a disc under a slow pan moves the same
    /// fraction of a pixel every frame, to a thousandth of a pixel.
    #[test]
    fn a_slow_pan_moves_a_feature_by_the_same_sub_pixel_step_every_frame() {
        use super::super::motion::view_at;
        use videogen_model::CameraMovement;
        let (pw, ph) = (694usize, 390usize);
        let (cx, cy, r) = (347.0, 195.0, 15.0);
        let pic = picture(pw, ph, |x, y| {
            let d = ((x as f64 + 0.5 - cx).powi(2) + (y as f64 + 0.5 - cy).powi(2)).sqrt();
            let v = ((r - d + 0.5).clamp(0.0, 1.0) * 255.0).round() as u8;
            [v, 128, 128]
        });
        let (w, h) = (640usize, 360usize);
        let mut out = vec![0; frame_len(w, h)];
        let xs: Vec<f64> = (0..100)
            .map(|k| {
                let view = view_at(CameraMovement::PanRight, 0.3, 16.0 / 9.0, k as f64 / 99.0);
                draw_view(&pic, view, w, h, 2, &mut out);
                let (mut sw, mut sx) = (0.0, 0.0);
                for (i, v) in out[..w * h].iter().enumerate() {
                    sw += f64::from(*v);
                    sx += f64::from(*v) * (i % w) as f64;
                }
                sx / sw
            })
            .collect();
        let steps: Vec<f64> = xs.windows(2).map(|s| s[1] - s[0]).collect();
        let mean = steps.iter().sum::<f64>() / steps.len() as f64;
        assert!(mean < -0.3 && mean > -1.0, "sub-pixel pan: {mean}");
        for s in &steps {
            assert!((s - mean).abs() < 0.002, "step {s} vs {mean}");
        }
    }
}

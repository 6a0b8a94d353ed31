//! Synthetic pictures with features whose position can be measured to a fraction of a pixel,
//! and readers of what ffmpeg wrote.

use std::path::Path;
use std::process::Command;

/// A black picture with white discs of `radius` px at `dots`, their edges anti-aliased over
/// about a pixel: large, high-contrast features whose centroid the encoder cannot move much.
pub fn dots_picture(path: &Path, width: u32, height: u32, dots: &[(f64, f64)], radius: f64) {
    let mut img = image::GrayImage::new(width, height);
    for (x, y, px) in img.enumerate_pixels_mut() {
        let mut v: f64 = 0.0;
        for (dx, dy) in dots {
            let d = ((f64::from(x) + 0.5 - dx).powi(2) + (f64::from(y) + 0.5 - dy).powi(2)).sqrt();
            v += (radius - d + 0.5).clamp(0.0, 1.0);
        }
        px.0[0] = (v.min(1.0) * 255.0).round() as u8;
    }
    img.save(path).unwrap();
}

/// A colourful picture with detail everywhere (for speed and sanity, not measurement).
pub fn busy_picture(path: &Path, width: u32, height: u32) {
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        let (fx, fy) = (f64::from(x), f64::from(y));
        image::Rgb([
            ((fx * 0.05).sin() * 120.0 + 128.0) as u8,
            ((fy * 0.07).cos() * 120.0 + 128.0) as u8,
            (((fx + fy) * 0.013).sin() * 120.0 + 128.0) as u8,
        ])
    });
    img.save(path).unwrap();
}

/// Every frame of `video` as 8-bit luma, `width`×`height` each.
pub fn gray_frames(video: &Path, width: usize, height: usize) -> Vec<Vec<u8>> {
    let out = Command::new("ffmpeg")
        .args(["-v", "error", "-i"])
        .arg(video)
        // Passthrough: one output frame per coded frame, never duplicated or dropped to fit
        // a constant rate.
        .args([
            "-fps_mode",
            "passthrough",
            "-f",
            "rawvideo",
            "-pix_fmt",
            "gray",
            "pipe:1",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
        .chunks_exact(width * height)
        .map(<[u8]>::to_vec)
        .collect()
}

/// Intensity-weighted centroid of the bright blob nearest `near` (searched within `radius`
/// px), using only pixels above a small threshold so that coding noise in the black does
/// not pull it.
pub fn centroid(frame: &[u8], width: usize, near: (f64, f64), radius: f64) -> (f64, f64) {
    let height = frame.len() / width;
    let (x0, x1) = (
        (near.0 - radius).max(0.0) as usize,
        ((near.0 + radius) as usize).min(width - 1),
    );
    let (y0, y1) = (
        (near.1 - radius).max(0.0) as usize,
        ((near.1 + radius) as usize).min(height - 1),
    );
    let (mut sw, mut sx, mut sy) = (0.0, 0.0, 0.0);
    for y in y0..=y1 {
        for x in x0..=x1 {
            let v = f64::from(frame[y * width + x]);
            if v > 8.0 {
                let w = v - 8.0;
                sw += w;
                sx += w * x as f64;
                sy += w * y as f64;
            }
        }
    }
    assert!(sw > 0.0, "no blob near {near:?}");
    (sx / sw, sy / sw)
}

/// `ffprobe`'s view of the video stream and the file.
#[derive(Debug)]
pub struct Probe {
    pub codec: String,
    pub pix_fmt: String,
    pub nb_frames: i64,
    pub width: u32,
    pub height: u32,
    pub r_frame_rate: String,
    pub streams: usize,
    pub key_frames: Vec<usize>,
}

pub fn probe(video: &Path) -> Probe {
    let run = |args: &[&str]| {
        let out = Command::new("ffprobe")
            .args(["-v", "error"])
            .args(args)
            .arg(video)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let stream = run(&[
        "-select_streams",
        "v:0",
        "-show_entries",
        "stream=codec_name,pix_fmt,nb_frames,width,height,r_frame_rate",
        "-of",
        "default=noprint_wrappers=1",
    ]);
    let field = |name: &str| {
        stream
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{name}=")))
            .unwrap_or_default()
            .to_string()
    };
    let streams = run(&["-show_entries", "stream=index", "-of", "csv=p=0"])
        .lines()
        .filter(|l| !l.trim().is_empty())
        .count();
    let key_frames = run(&[
        "-select_streams",
        "v:0",
        "-show_entries",
        "frame=key_frame",
        "-of",
        "csv=p=0",
    ])
    .lines()
    // One line per frame ("1," or "0,"), with blank lines between for side data.
    .filter_map(|l| l.trim().trim_end_matches(',').parse::<u8>().ok())
    .enumerate()
    .filter(|(_, key)| *key == 1)
    .map(|(i, _)| i)
    .collect();
    Probe {
        codec: field("codec_name"),
        pix_fmt: field("pix_fmt"),
        nb_frames: field("nb_frames").parse().unwrap(),
        width: field("width").parse().unwrap(),
        height: field("height").parse().unwrap(),
        r_frame_rate: field("r_frame_rate"),
        streams,
        key_frames,
    }
}

/// Checks that a sequence of per-frame positions (px) moves smoothly: every step within
/// `tolerance` (a fraction) of the mean step, so no frame stands still and none jumps
/// double, and every second difference at most `max_second_difference` px. Returns what is
/// wrong. The measurement itself (centroids in an H.264 clip) is good to a few hundredths of
/// a pixel, so the limits leave room for that and no more.
pub fn check_smooth(
    positions: &[f64],
    tolerance: f64,
    max_second_difference: f64,
) -> Result<(), String> {
    let steps: Vec<f64> = positions.windows(2).map(|w| w[1] - w[0]).collect();
    let mean = steps.iter().sum::<f64>() / steps.len() as f64;
    for (k, s) in steps.iter().enumerate() {
        if (s - mean).abs() > tolerance * mean.abs() {
            return Err(format!("frame {k}: step {s:.3} px vs mean {mean:.3} px"));
        }
    }
    for (k, w) in steps.windows(2).enumerate() {
        let d2 = w[1] - w[0];
        if d2.abs() > max_second_difference {
            return Err(format!("frame {k}: second difference {d2:.3} px"));
        }
    }
    Ok(())
}

//! Ken Burns clips: length to the frame, format, every preset, smooth sub-pixel motion,
//! cancel and errors.

use std::cell::Cell;
use std::path::Path;

use videogen_model::{CameraMovement, ErrorCode, FrameRate, FrameSize};
use videogen_render::{render_ken_burns, RenderError};

use crate::support::{busy_picture, centroid, check_smooth, dots_picture, gray_frames, probe};

/// Largest frame-to-frame change of speed (px) a clip may show. The drawing itself is
/// smooth to a thousandth of a pixel (the `warp` unit tests); what these tests read back has
/// been through H.264, whose coding error moves a centroid by up to about 0.15 px (most on
/// the last P-frame before a keyframe). Whole-pixel stepping, as zoompan does, shows 0.5 to
/// 1 px here.
const SECOND_DIFFERENCE_PX: f64 = 0.25;

fn never() -> bool {
    false
}

#[test]
fn clip_has_exactly_the_frames_covering_the_narration() {
    let dir = tempfile::tempdir().unwrap();
    let pic = dir.path().join("pic.png");
    busy_picture(&pic, 400, 300);
    for (rate, ms) in [
        (FrameRate::FPS_23_976, 4171),
        (FrameRate::FPS_29_97, 1001),
        (FrameRate::FPS_25, 1999),
        (FrameRate::FPS_24, 30),
        (FrameRate::FPS_30, 2000),
    ] {
        let out = dir.path().join(format!("clip-{}-{ms}.mp4", rate.num));
        let size = FrameSize::new(320, 180);
        let clip = render_ken_burns(
            &pic,
            CameraMovement::ZoomIn,
            0.5,
            ms,
            rate,
            size,
            &out,
            &never,
        )
        .unwrap();
        let expected = rate.frames_covering_ms(ms);
        assert_eq!(clip.frames, expected);
        assert_eq!(clip.duration_ms, rate.frame_to_ms(expected));
        assert!(clip.duration_ms >= ms - 1, "covers the narration");
        let p = probe(&out);
        assert_eq!(p.nb_frames, expected, "{rate} {ms} ms: {p:?}");
        assert_eq!(p.r_frame_rate, format!("{}/{}", rate.num, rate.den));
    }
}

#[test]
fn clip_is_h264_yuv420p_without_audio_with_short_closed_gops_and_faststart() {
    let dir = tempfile::tempdir().unwrap();
    let pic = dir.path().join("pic.png");
    busy_picture(&pic, 640, 480);
    let out = dir.path().join("clip.mp4");
    let rate = FrameRate::FPS_25;
    render_ken_burns(
        &pic,
        CameraMovement::PanLeft,
        0.7,
        3000,
        rate,
        FrameSize::new(480, 270),
        &out,
        &never,
    )
    .unwrap();
    let p = probe(&out);
    assert_eq!((p.codec.as_str(), p.pix_fmt.as_str()), ("h264", "yuv420p"));
    assert_eq!((p.width, p.height), (480, 270));
    assert_eq!(p.streams, 1, "video only");
    assert_eq!(p.key_frames.first(), Some(&0));
    for w in p.key_frames.windows(2) {
        assert!(
            w[1] - w[0] <= 25,
            "GOP of at most a second: {:?}",
            p.key_frames
        );
    }
    let bytes = std::fs::read(&out).unwrap();
    let find = |tag: &[u8]| bytes.windows(4).position(|w| w == tag).unwrap();
    assert!(find(b"moov") < find(b"mdat"), "moov first (+faststart)");
}

#[test]
fn every_camera_preset_renders_and_only_static_stands_still() {
    let dir = tempfile::tempdir().unwrap();
    let pic = dir.path().join("pic.png");
    busy_picture(&pic, 800, 450);
    let size = FrameSize::new(256, 144);
    for camera in CameraMovement::ALL {
        let out = dir.path().join(format!("{camera:?}.mp4"));
        let clip = render_ken_burns(
            &pic,
            camera,
            1.0,
            1000,
            FrameRate::FPS_24,
            size,
            &out,
            &never,
        )
        .unwrap();
        assert_eq!(probe(&out).nb_frames, clip.frames);
        let frames = gray_frames(&out, 256, 144);
        let (first, last) = (&frames[0], &frames[frames.len() - 1]);
        let mean_diff = first
            .iter()
            .zip(last)
            .map(|(a, b)| (i32::from(*a) - i32::from(*b)).unsigned_abs())
            .sum::<u32>() as f64
            / first.len() as f64;
        if camera == CameraMovement::Static {
            assert!(mean_diff < 1.0, "{camera:?} moved: {mean_diff}");
        } else {
            assert!(mean_diff > 5.0, "{camera:?} did not move: {mean_diff}");
        }
    }
}

/// Positions of the dot nearest `start` in every frame, following it as it moves.
fn track(frames: &[Vec<u8>], width: usize, start: (f64, f64)) -> Vec<(f64, f64)> {
    let mut at = start;
    frames
        .iter()
        .map(|f| {
            at = centroid(f, width, at, 28.0);
            at
        })
        .collect()
}

#[test]
fn a_slow_pan_moves_the_same_fraction_of_a_pixel_every_frame() {
    // A pan of about half a pixel per frame: where zoompan alternates 0 and 1 px steps.
    let dir = tempfile::tempdir().unwrap();
    let pic = dir.path().join("dots.png");
    dots_picture(&pic, 1280, 720, &[(640.0, 360.0)], 30.0);
    let out = dir.path().join("pan.mp4");
    let (w, h) = (640, 360);
    let clip = render_ken_burns(
        &pic,
        CameraMovement::PanRight,
        0.3,
        4000,
        FrameRate::FPS_25,
        FrameSize::new(w, h),
        &out,
        &never,
    )
    .unwrap();
    let frames = gray_frames(&out, w as usize, h as usize);
    assert_eq!(frames.len() as i64, clip.frames);
    let path = track(
        &frames,
        w as usize,
        (f64::from(w) / 2.0 + 27.0, f64::from(h) / 2.0),
    );
    let xs: Vec<f64> = path.iter().map(|p| p.0).collect();
    let ys: Vec<f64> = path.iter().map(|p| p.1).collect();
    let step = (xs[xs.len() - 1] - xs[0]) / (xs.len() - 1) as f64;
    // The camera moves right, so the picture moves left, by a fraction of a pixel.
    assert!(step < -0.2 && step > -1.0, "step {step}");
    check_smooth(&xs, 0.5, SECOND_DIFFERENCE_PX).unwrap();
    let drift = ys.iter().map(|y| (y - ys[0]).abs()).fold(0.0, f64::max);
    assert!(drift < 0.1, "a pan does not move vertically: {drift}");
}

#[test]
fn the_smoothness_check_catches_whole_pixel_stepping_and_stalls() {
    // What zoompan does to a 0.54 px/frame pan: positions rounded to whole pixels.
    let ideal: Vec<f64> = (0..100).map(|k| 100.0 - 0.54 * f64::from(k)).collect();
    let rounded: Vec<f64> = ideal.iter().map(|x| x.round()).collect();
    assert!(check_smooth(&ideal, 0.5, SECOND_DIFFERENCE_PX).is_ok());
    assert!(check_smooth(&rounded, 0.5, SECOND_DIFFERENCE_PX).is_err());
    // One repeated frame (a stall) and the catch-up after it.
    let mut stalled = ideal.clone();
    stalled[40] = stalled[39];
    assert!(check_smooth(&stalled, 0.5, SECOND_DIFFERENCE_PX).is_err());
}

#[test]
fn a_zoom_grows_the_picture_at_a_steady_rate() {
    let dir = tempfile::tempdir().unwrap();
    let pic = dir.path().join("dots.png");
    // Two dots either side of the centre: their distance measures the zoom.
    dots_picture(&pic, 1280, 720, &[(440.0, 360.0), (840.0, 360.0)], 30.0);
    let out = dir.path().join("zoom.mp4");
    let (w, h) = (640usize, 360usize);
    render_ken_burns(
        &pic,
        CameraMovement::ZoomIn,
        0.5,
        3000,
        FrameRate::FPS_30,
        FrameSize::new(w as u32, h as u32),
        &out,
        &never,
    )
    .unwrap();
    let frames = gray_frames(&out, w, h);
    let left = track(&frames, w, (220.0, 180.0));
    let right = track(&frames, w, (420.0, 180.0));
    let distance: Vec<f64> = left.iter().zip(&right).map(|(l, r)| r.0 - l.0).collect();
    assert!(distance[distance.len() - 1] > distance[0] * 1.1, "zooms in");
    // A geometric zoom grows the distance a little faster each frame; over three seconds
    // the step changes by a few percent, well inside the tolerance.
    check_smooth(&distance, 0.5, SECOND_DIFFERENCE_PX).unwrap();
}

#[test]
fn an_orbit_drifts_on_a_smooth_curve() {
    let dir = tempfile::tempdir().unwrap();
    let pic = dir.path().join("dots.png");
    dots_picture(&pic, 1280, 720, &[(640.0, 360.0)], 30.0);
    let out = dir.path().join("orbit.mp4");
    let (w, h) = (640usize, 360usize);
    render_ken_burns(
        &pic,
        CameraMovement::Orbit,
        1.0,
        3000,
        FrameRate::FPS_25,
        FrameSize::new(w as u32, h as u32),
        &out,
        &never,
    )
    .unwrap();
    let frames = gray_frames(&out, w, h);
    let path = track(&frames, w, (320.0 + 12.0, 180.0));
    // Constant angular speed on a circle: the speed along the path is steady and the
    // direction turns a little each frame, never snapping.
    let speeds: Vec<f64> = path
        .windows(2)
        .map(|p| ((p[1].0 - p[0].0).powi(2) + (p[1].1 - p[0].1).powi(2)).sqrt())
        .collect();
    let mean = speeds.iter().sum::<f64>() / speeds.len() as f64;
    assert!(mean > 0.2, "moves: {mean}");
    for (k, s) in speeds.iter().enumerate() {
        assert!(
            (s - mean).abs() < 0.35 * mean + 0.05,
            "frame {k}: {s} vs {mean}"
        );
    }
    let xs: Vec<f64> = path.iter().map(|p| p.0).collect();
    let ys: Vec<f64> = path.iter().map(|p| p.1).collect();
    for series in [&xs, &ys] {
        for w in series.windows(3) {
            assert!(
                (w[2] - 2.0 * w[1] + w[0]).abs() < SECOND_DIFFERENCE_PX,
                "{w:?}"
            );
        }
    }
}

#[test]
fn cancel_stops_the_render_and_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let pic = dir.path().join("pic.png");
    busy_picture(&pic, 400, 300);
    let clips = dir.path().join("clips");
    std::fs::create_dir(&clips).unwrap();
    let out = clips.join("clip.mp4");
    let polls = Cell::new(0);
    let cancel = || {
        polls.set(polls.get() + 1);
        polls.get() > 10
    };
    let err = render_ken_burns(
        &pic,
        CameraMovement::PanRight,
        0.5,
        10_000,
        FrameRate::FPS_25,
        FrameSize::new(320, 180),
        &out,
        &cancel,
    )
    .unwrap_err();
    assert!(matches!(err, RenderError::Cancelled), "{err}");
    assert_eq!(err.code(), ErrorCode::Cancelled);
    assert_eq!(
        std::fs::read_dir(&clips).unwrap().count(),
        0,
        "no clip, no temporary"
    );
}

#[test]
fn a_picture_that_is_not_an_image_is_refused_as_an_unusable_file() {
    let dir = tempfile::tempdir().unwrap();
    let pic = dir.path().join("notes.png");
    std::fs::write(&pic, "not a picture").unwrap();
    let out = dir.path().join("clip.mp4");
    let err = render_ken_burns(
        &pic,
        CameraMovement::Static,
        0.5,
        1000,
        FrameRate::FPS_25,
        FrameSize::HD_720,
        &out,
        &never,
    )
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidFile, "{err}");
    assert!(err.to_string().contains("notes.png"), "{err}");
    assert!(!out.exists());
    let missing = render_ken_burns(
        Path::new("/nonexistent/pic.png"),
        CameraMovement::Static,
        0.5,
        1000,
        FrameRate::FPS_25,
        FrameSize::HD_720,
        &out,
        &never,
    )
    .unwrap_err();
    assert_eq!(missing.code(), ErrorCode::InvalidFile, "{missing}");
}

#[test]
fn a_narration_without_length_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let pic = dir.path().join("pic.png");
    busy_picture(&pic, 64, 64);
    let err = render_ken_burns(
        &pic,
        CameraMovement::ZoomIn,
        0.5,
        0,
        FrameRate::FPS_25,
        FrameSize::HD_720,
        &dir.path().join("clip.mp4"),
        &never,
    )
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput, "{err}");
}

#[test]
fn colours_survive_the_trip_through_yuv() {
    let dir = tempfile::tempdir().unwrap();
    let pic = dir.path().join("flat.png");
    let colour = [200u8, 60, 30];
    image::RgbImage::from_pixel(320, 180, image::Rgb(colour))
        .save(&pic)
        .unwrap();
    let out = dir.path().join("flat.mp4");
    render_ken_burns(
        &pic,
        CameraMovement::Static,
        0.5,
        200,
        FrameRate::FPS_25,
        FrameSize::new(160, 90),
        &out,
        &never,
    )
    .unwrap();
    // Decoded as a player would: the file says BT.709, limited range.
    let rgb = std::process::Command::new("ffmpeg")
        .args(["-v", "error", "-i"])
        .arg(&out)
        .args([
            "-frames:v",
            "1",
            "-vf",
            "scale=in_color_matrix=bt709:in_range=tv",
        ])
        .args(["-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"])
        .output()
        .unwrap()
        .stdout;
    let centre = (45 * 160 + 80) * 3;
    for (got, want) in rgb[centre..centre + 3].iter().zip(colour) {
        assert!(
            (i32::from(*got) - i32::from(want)).abs() <= 4,
            "{:?} vs {colour:?}",
            &rgb[centre..centre + 3]
        );
    }
}

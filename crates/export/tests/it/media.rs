//! Validation probes name what is wrong with a user's file.

use videogen_export::media::{probe_image, probe_video, probe_wav, ImageFormat};
use videogen_export::MediaError;

use crate::support::{write_mp4, write_png, write_wav};

#[test]
fn wav_probe_reports_duration_and_rejects_garbage() {
    let dir = tempfile::tempdir().unwrap();
    let wav = dir.path().join("a.wav");
    write_wav(&wav, 1500, 24000);
    let info = probe_wav(&wav).unwrap();
    assert_eq!(
        (info.duration_ms, info.sample_rate, info.channels),
        (1500, 24000, 1)
    );
    let bad = dir.path().join("b.wav");
    std::fs::write(&bad, b"RIFF not really").unwrap();
    let err = probe_wav(&bad).unwrap_err();
    assert!(matches!(err, MediaError::BadWav { .. }));
    assert!(err.to_string().contains("b.wav"));
    assert!(matches!(
        probe_wav(&dir.path().join("none.wav")),
        Err(MediaError::NotFound(_))
    ));
}

#[test]
fn image_probe_decodes_png_and_jpeg_and_rejects_truncated_files() {
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("a.png");
    write_png(&png, 64, 36);
    let info = probe_image(&png).unwrap();
    assert_eq!(
        (info.width, info.height, info.format),
        (64, 36, ImageFormat::Png)
    );
    let jpg = dir.path().join("a.jpg");
    image::RgbImage::from_pixel(32, 16, image::Rgb([1, 2, 3]))
        .save(&jpg)
        .unwrap();
    assert_eq!(probe_image(&jpg).unwrap().format, ImageFormat::Jpeg);
    let bytes = std::fs::read(&png).unwrap();
    let cut = dir.path().join("cut.png");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    assert!(matches!(
        probe_image(&cut),
        Err(MediaError::BadImage { .. })
    ));
    let txt = dir.path().join("t.png");
    std::fs::write(&txt, b"hello").unwrap();
    assert!(matches!(
        probe_image(&txt),
        Err(MediaError::BadImage { .. })
    ));
}

#[test]
fn video_probe_reports_fps_size_and_duration_and_rejects_garbage() {
    let dir = tempfile::tempdir().unwrap();
    let mp4 = dir.path().join("a.mp4");
    write_mp4(&mp4, 320, 180, "24000/1001", 2.0);
    let info = probe_video(&mp4).unwrap();
    assert_eq!(
        (info.fps_num, info.fps_den, info.width, info.height),
        (24000, 1001, 320, 180)
    );
    assert!(
        (info.duration_ms - 2000).abs() <= 50,
        "{}",
        info.duration_ms
    );
    assert_eq!(info.codec, "h264");
    let bad = dir.path().join("b.mp4");
    std::fs::write(&bad, b"not a video").unwrap();
    let err = probe_video(&bad).unwrap_err();
    assert!(matches!(err, MediaError::BadVideo { .. }), "{err}");
}

#[test]
fn mp4_header_reader_agrees_with_ffprobe() {
    let dir = tempfile::tempdir().unwrap();
    for (fps, num, den) in [
        ("24", 24, 1),
        ("24000/1001", 24000, 1001),
        ("30000/1001", 30000, 1001),
        ("25", 25, 1),
    ] {
        let mp4 = dir.path().join(format!("{num}.mp4"));
        write_mp4(&mp4, 320, 180, fps, 2.0);
        let quick =
            videogen_export::media::mp4_video_info(&mp4).expect("an H.264 clip is understood");
        let probed = probe_video(&mp4).unwrap();
        assert_eq!((quick.fps_num, quick.fps_den), (num, den));
        assert_eq!((quick.width, quick.height), (probed.width, probed.height));
        assert!(
            (quick.duration_ms - probed.duration_ms).abs() <= 42,
            "{fps}: {} vs {}",
            quick.duration_ms,
            probed.duration_ms
        );
    }
    // Not H.264 4:2:0: the fast path declines rather than guessing.
    let other = dir.path().join("yuv444.mp4");
    let ok = std::process::Command::new("ffmpeg")
        .args([
            "-nostdin",
            "-loglevel",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            "testsrc=size=64x64:rate=24:duration=1",
            "-c:v",
            "libx264",
            "-pix_fmt",
            "yuv444p",
        ])
        .arg(&other)
        .status()
        .unwrap();
    assert!(ok.success());
    assert!(videogen_export::media::mp4_video_info(&other).is_none());
    std::fs::write(dir.path().join("junk.mp4"), b"\0\0\0\x08junk").unwrap();
    assert!(videogen_export::media::mp4_video_info(&dir.path().join("junk.mp4")).is_none());
}

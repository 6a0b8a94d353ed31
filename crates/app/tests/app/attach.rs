//! Bringing your own media for a sentence.

use videogen_model::{AssetKind, ErrorCode};

use crate::studio;

/// A mono 16-bit PCM WAV of `ms` milliseconds of silence at 24 kHz.
pub fn wav(ms: u32) -> Vec<u8> {
    let rate = 24_000u32;
    let data_len = rate / 1000 * ms * 2;
    let mut b = Vec::new();
    b.extend_from_slice(b"RIFF");
    b.extend_from_slice(&(36 + data_len).to_le_bytes());
    b.extend_from_slice(b"WAVEfmt ");
    b.extend_from_slice(&16u32.to_le_bytes());
    b.extend_from_slice(&1u16.to_le_bytes()); // PCM
    b.extend_from_slice(&1u16.to_le_bytes()); // mono
    b.extend_from_slice(&rate.to_le_bytes());
    b.extend_from_slice(&(rate * 2).to_le_bytes());
    b.extend_from_slice(&2u16.to_le_bytes());
    b.extend_from_slice(&16u16.to_le_bytes());
    b.extend_from_slice(b"data");
    b.extend_from_slice(&data_len.to_le_bytes());
    b.resize(b.len() + data_len as usize, 0);
    b
}

/// A valid 1×1 PNG.
const PNG_1X1: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0,
    0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

/// A one-second 64×64 H.264 MP4 made by ffmpeg.
fn mp4(path: &std::path::Path) {
    let status = std::process::Command::new("ffmpeg")
        .args(["-nostdin", "-loglevel", "error", "-y", "-f", "lavfi", "-i"])
        .arg("color=c=black:s=64x64:d=1:r=24")
        .args(["-c:v", "libx264", "-pix_fmt", "yuv420p"])
        .arg(path)
        .status()
        .expect("run ffmpeg");
    assert!(status.success(), "ffmpeg could not make {}", path.display());
}

#[test]
fn attached_audio_and_image_are_copied_recorded_and_follow_the_dirty_rules() {
    let (dir, studio) = studio();
    let p = studio
        .import_script_text("Mine", "One line. Two lines.")
        .expect("import");
    let id = studio.load_project(&p.id).expect("load").sections[0].sentences[0]
        .id
        .clone();

    assert!(studio.get_sentence(&id).expect("sentence").audio.dirty);
    let narration = dir.path().join("take.wav");
    std::fs::write(&narration, wav(1500)).expect("wav");
    let s = studio
        .attach_media(&id, AssetKind::Audio, &narration)
        .expect("attach audio");
    assert!(!s.audio.dirty);
    assert_eq!(s.audio_duration_ms, Some(1500));
    let stored = studio
        .data_dir()
        .join(s.audio.file.as_deref().expect("file"));
    assert_eq!(std::fs::read(&stored).expect("copied"), wav(1500));
    assert!(narration.exists(), "the user's file stays where it was");

    // The clip starts up to date, so that the new image has something to make stale.
    let clip = dir.path().join("clip.mp4");
    mp4(&clip);
    let s = studio
        .attach_media(&id, AssetKind::Video, &clip)
        .expect("attach clip");
    assert!(!s.video.dirty && s.video.file.is_some());
    let before = s.video.rev;

    let image = dir.path().join("shot.png");
    std::fs::write(&image, PNG_1X1).expect("png");
    let s = studio
        .attach_media(&id, AssetKind::Image, &image)
        .expect("attach image");
    assert!(!s.image.dirty);
    assert!(
        s.video.dirty && s.video.rev == before + 1,
        "a new image makes the clip dirty"
    );
    assert!(!s.audio.dirty, "a new image leaves the narration as it is");
    // A second take at the same revision keeps the first.
    let again = studio
        .attach_media(&id, AssetKind::Image, &image)
        .expect("again");
    assert_ne!(again.image.file, s.image.file);
    assert!(studio
        .data_dir()
        .join(s.image.file.as_deref().expect("file"))
        .exists());
}

#[test]
fn a_file_of_the_wrong_kind_is_refused_and_nothing_changes() {
    let (dir, studio) = studio();
    let p = studio
        .import_script_text("Mine", "One line.")
        .expect("import");
    let id = studio.load_project(&p.id).expect("load").sections[0].sentences[0]
        .id
        .clone();
    let fake = dir.path().join("fake.png");
    std::fs::write(&fake, b"this is text, not a picture").expect("write");
    let err = studio
        .attach_media(&id, AssetKind::Image, &fake)
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidFile);
    assert!(err.message.contains("fake.png"), "{}", err.message);
    let err = studio
        .attach_media(&id, AssetKind::Video, &fake)
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidFile);
    let err = studio
        .attach_media(&id, AssetKind::Audio, &dir.path().join("none.wav"))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Io);
    let s = studio.get_sentence(&id).expect("sentence");
    assert!(s.image.file.is_none() && s.image.dirty && s.audio.file.is_none());
}

//! Whole exports on disk: linking, conforming, fallbacks, strict mode, safety, ZIP.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use videogen_export::media::{probe_image, probe_video, probe_wav};
use videogen_export::{
    export_project, ExportError, ExportOptions, ExportProgress, NoProgress, WarningKind,
};
use videogen_model::{ErrorCode, ExportFormat, ProjectTree};

use crate::support::{project, real_media, touch_media, write_mp4, Media, ALL};

struct Fixture {
    dir: tempfile::TempDir,
    tree: ProjectTree,
}

impl Fixture {
    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }
    fn out(&self, name: &str) -> PathBuf {
        self.dir.path().join("out").join(name)
    }
}

/// Two sections, 24 fps 320x180; clips 5 s, narration 2 s at `wav_rate`.
fn fixture(wav_rate: u32, clip_seconds: f64, titles: &[(&str, usize)]) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let tree = project(titles, (24, 1), (320, 180), |i| 1500 + i as i64 * 250, ALL);
    let clip = dir.path().join("clip.mp4");
    write_mp4(&clip, 320, 180, "24", clip_seconds);
    real_media(&tree, &dir.path().join("data"), wav_rate, &clip);
    Fixture { dir, tree }
}

fn no_partials(parent: &Path) {
    for e in std::fs::read_dir(parent).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        assert!(!name.ends_with(".partial"), "left behind: {name}");
    }
}

#[test]
fn fitting_media_are_linked_and_the_partial_folder_is_renamed() {
    let f = fixture(48000, 5.0, &[("Intro", 2), ("Main part", 2)]);
    let target = f.out("My Export");
    let options = ExportOptions {
        zip: true,
        ..Default::default()
    };
    let report = export_project(&f.tree, &f.data(), &target, &options, &NoProgress).unwrap();
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    assert_eq!((report.linked, report.copied), (12, 0));
    assert!(target.join("audio/001_intro_audio.wav").is_file());
    assert!(target.join("video/004_main-part_video.mp4").is_file());
    for rel in &report.files {
        assert!(target.join(rel).is_file(), "{rel} listed but missing");
    }
    for t in [
        "my-project-a-b.fcpxml",
        "my-project-a-b_xmeml.xml",
        "my-project-a-b.otio",
        "my-project-a-b.mlt",
        "my-project-a-b_video.edl",
        "my-project-a-b_audio.edl",
    ] {
        assert!(
            report.files.contains(&format!("timelines/{t}")),
            "{t} missing"
        );
    }
    // Media URLs point at the final folder, not the .partial one.
    let fcp = std::fs::read_to_string(target.join("timelines/my-project-a-b.fcpxml")).unwrap();
    assert!(
        fcp.contains("/out/My%20Export/video/001_intro_video.mp4") && !fcp.contains(".partial")
    );
    let meta: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(target.join("metadata.json")).unwrap())
            .unwrap();
    assert_eq!(meta["sentences"].as_array().unwrap().len(), 4);
    assert_eq!(meta["sentences"][1]["audio"]["timelineStartMs"], 1500);
    assert_eq!(
        meta["sentences"][1]["audio"]["file"],
        "audio/002_intro_audio.wav"
    );
    let script = std::fs::read_to_string(target.join("script.txt")).unwrap();
    assert!(script.find("Intro").unwrap() < script.find("Main part").unwrap());
    no_partials(target.parent().unwrap());

    // The ZIP: one top folder, media stored, text deflated.
    let zip_file = std::fs::File::open(report.zip.unwrap()).unwrap();
    let mut archive = zip::ZipArchive::new(zip_file).unwrap();
    assert_eq!(archive.len(), report.files.len());
    for i in 0..archive.len() {
        let entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        assert!(name.starts_with("My Export/"), "{name}");
        let media = [".wav", ".png", ".mp4"].iter().any(|e| name.ends_with(e));
        let method = entry.compression();
        if media {
            assert_eq!(method, zip::CompressionMethod::Stored, "{name}");
        } else {
            assert_eq!(method, zip::CompressionMethod::Deflated, "{name}");
        }
    }
}

#[test]
fn media_that_do_not_fit_are_conformed_once_and_cached() {
    // 24 kHz narration, 1-second clips for narrations of 1.5 s and more.
    let f = fixture(24000, 1.0, &[("Only", 2)]);
    let target = f.out("first");
    let report = export_project(
        &f.tree,
        &f.data(),
        &target,
        &ExportOptions::default(),
        &NoProgress,
    )
    .unwrap();
    let wav = probe_wav(&target.join("audio/001_only_audio.wav")).unwrap();
    assert_eq!(wav.sample_rate, 48000);
    assert_eq!(wav.duration_ms, 1500);
    let clip = probe_video(&target.join("video/002_only_video.mp4")).unwrap();
    assert!(
        clip.duration_ms >= 1750,
        "clip not extended: {} ms",
        clip.duration_ms
    );
    assert_eq!(
        (clip.fps_num, clip.fps_den, clip.pix_fmt.as_str()),
        (24, 1, "yuv420p")
    );
    let extended: Vec<_> = report
        .warnings
        .iter()
        .filter(|w| w.kind == WarningKind::ClipExtended)
        .collect();
    assert_eq!(extended.len(), 2);

    let conformed = f
        .data()
        .join("projects")
        .join(&f.tree.project.id.0)
        .join("conformed");
    let listing = |d: &Path| {
        let mut v: Vec<_> = std::fs::read_dir(d)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                (e.file_name(), e.metadata().unwrap().modified().unwrap())
            })
            .collect();
        v.sort();
        v
    };
    let before = listing(&conformed);
    let second = export_project(
        &f.tree,
        &f.data(),
        &f.out("second"),
        &ExportOptions::default(),
        &NoProgress,
    )
    .unwrap();
    assert_eq!(
        listing(&conformed),
        before,
        "a second export must reuse the conformed cache"
    );
    assert_eq!(second.linked, report.linked);
}

#[test]
fn missing_clip_uses_the_image_and_missing_image_a_slate_with_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let mut tree = project(
        &[("S", 2)],
        (25, 1),
        (320, 180),
        |_| 2000,
        Media {
            audio: true,
            image: true,
            video: false,
        },
    );
    tree.sections[0].sentences[1].image.file = None;
    let clip = dir.path().join("c.mp4");
    write_mp4(&clip, 320, 180, "25", 1.0);
    real_media(&tree, &dir.path().join("data"), 48000, &clip);
    let target = dir.path().join("out");
    let report = export_project(
        &tree,
        &dir.path().join("data"),
        &target,
        &ExportOptions::default(),
        &NoProgress,
    )
    .unwrap();
    let kinds: Vec<_> = report.warnings.iter().map(|w| w.kind).collect();
    assert_eq!(
        kinds,
        vec![WarningKind::ClipMissing, WarningKind::ImageMissing]
    );
    let slate = probe_image(&target.join("images/002_s_slate.png")).unwrap();
    assert_eq!((slate.width, slate.height), (320, 180));
    let otio = std::fs::read_to_string(target.join("timelines/my-project-a-b.otio")).unwrap();
    assert!(otio.contains("images/001_s_image.png") && otio.contains("images/002_s_slate.png"));

    let strict = ExportOptions {
        strict: true,
        ..Default::default()
    };
    let target2 = dir.path().join("strict");
    let err = export_project(
        &tree,
        &dir.path().join("data"),
        &target2,
        &strict,
        &NoProgress,
    )
    .unwrap_err();
    match &err {
        ExportError::Strict(list) => assert_eq!(list.len(), 2),
        other => panic!("expected a strict refusal, got {other}"),
    }
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    assert!(err.to_string().contains("Sentence 002"));
    assert!(!target2.exists());
    no_partials(dir.path());
}

#[test]
fn an_existing_target_is_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let tree = project(&[("A", 1)], (24, 1), (320, 180), |_| 1000, ALL);
    touch_media(&tree, &dir.path().join("data"));
    let target = dir.path().join("taken");
    std::fs::create_dir(&target).unwrap();
    std::fs::write(target.join("mine.txt"), b"keep").unwrap();
    let err = export_project(
        &tree,
        &dir.path().join("data"),
        &target,
        &ExportOptions::default(),
        &NoProgress,
    )
    .unwrap_err();
    assert!(matches!(err, ExportError::TargetExists(_)));
    assert_eq!(err.code(), ErrorCode::Conflict);
    assert_eq!(std::fs::read(target.join("mine.txt")).unwrap(), b"keep");
    // An existing ZIP blocks a ZIP export too.
    std::fs::write(dir.path().join("other.zip"), b"z").unwrap();
    let zip = ExportOptions {
        zip: true,
        ..Default::default()
    };
    let err = export_project(
        &tree,
        &dir.path().join("data"),
        &dir.path().join("other"),
        &zip,
        &NoProgress,
    )
    .unwrap_err();
    assert!(matches!(err, ExportError::TargetExists(p) if p.ends_with("other.zip")));
}

#[test]
fn an_unwritable_target_gives_a_clear_error_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let tree = project(&[("A", 1)], (24, 1), (320, 180), |_| 1000, ALL);
    touch_media(&tree, &dir.path().join("data"));
    // A regular file where the parent folder should be: not writable even as root.
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, b"").unwrap();
    let err = export_project(
        &tree,
        &dir.path().join("data"),
        &blocker.join("export"),
        &ExportOptions::default(),
        &NoProgress,
    )
    .unwrap_err();
    assert!(matches!(err, ExportError::TargetUnwritable { .. }), "{err}");
    assert_eq!(err.code(), ErrorCode::Io);
    let msg = err.to_string();
    assert!(
        msg.contains("cannot write the export") && msg.contains("Choose a folder"),
        "{msg}"
    );
}

/// Cancels at the first progress report of the given step.
struct CancelAt {
    step: &'static str,
    cancelled: AtomicBool,
    steps: Mutex<Vec<String>>,
}

impl ExportProgress for CancelAt {
    fn progress(&self, fraction: f64, step: &str) {
        assert!((0.0..=1.0).contains(&fraction));
        self.steps.lock().unwrap().push(step.to_string());
        if step == self.step {
            self.cancelled.store(true, Ordering::SeqCst);
        }
    }
    fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::SeqCst)
    }
}

#[test]
fn a_cancelled_export_leaves_nothing_half_written() {
    let f = fixture(48000, 5.0, &[("A", 3)]);
    for step in ["conforming media", "copying media", "writing ZIP"] {
        let progress = CancelAt {
            step,
            cancelled: AtomicBool::new(false),
            steps: Mutex::new(vec![]),
        };
        let target = f.out(&format!("cancel-{}", step.replace(' ', "-")));
        let options = ExportOptions {
            zip: true,
            ..Default::default()
        };
        let err = export_project(&f.tree, &f.data(), &target, &options, &progress).unwrap_err();
        assert!(matches!(err, ExportError::Cancelled), "{step}: {err}");
        assert_eq!(err.code(), ErrorCode::Cancelled);
        assert!(!target.exists() && !videogen_export::zip_path(&target).exists());
        no_partials(target.parent().unwrap());
    }
}

#[test]
fn odd_section_titles_stay_inside_the_export_folder() {
    let f = fixture(48000, 5.0, &[("../../x", 1), ("CON", 1), ("🎬 שלום", 1)]);
    let target = f.out("odd");
    let report = export_project(
        &f.tree,
        &f.data(),
        &target,
        &ExportOptions::default(),
        &NoProgress,
    )
    .unwrap();
    let all = crate::export::walk(&f.dir.path().join("out"));
    assert!(all.iter().all(|p| p.starts_with(&target)), "{all:?}");
    assert!(report.files.iter().all(|r| r.is_ascii()));
    assert!(target.join("audio/002_con-x_audio.wav").is_file());
}

pub fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![];
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn warming_the_conform_cache_makes_the_next_export_a_copy() {
    let f = fixture(24000, 1.0, &[("Warm", 1)]);
    let warnings = videogen_export::warm_conform_cache(
        &f.tree,
        &f.data(),
        &ExportOptions::default(),
        &NoProgress,
    )
    .unwrap();
    assert_eq!(warnings.len(), 1, "the short clip is reported as extended");
    let conformed = f
        .data()
        .join("projects")
        .join(&f.tree.project.id.0)
        .join("conformed");
    let made = std::fs::read_dir(&conformed).unwrap().count();
    assert!(
        made >= 2,
        "narration and clip are conformed ahead of the export"
    );
    let report = export_project(
        &f.tree,
        &f.data(),
        &f.out("after-warm"),
        &ExportOptions::default(),
        &NoProgress,
    )
    .unwrap();
    assert_eq!(std::fs::read_dir(&conformed).unwrap().count(), made);
    assert_eq!(report.copied + report.linked, 3);
}

#[test]
fn only_the_chosen_timelines_and_captions_are_written() {
    let f = fixture(48000, 5.0, &[("Intro", 1), ("Main part", 1)]);
    // Every format first: the files the narrower export must leave out exist there.
    let all = export_project(
        &f.tree,
        &f.data(),
        &f.out("all"),
        &ExportOptions::default(),
        &NoProgress,
    )
    .unwrap();
    for rel in [
        "timelines/my-project-a-b.otio",
        "timelines/my-project-a-b_video.edl",
        "captions/my-project-a-b.vtt",
    ] {
        assert!(
            all.files.iter().any(|f| f == rel),
            "{rel} in the full export"
        );
    }

    let options = ExportOptions {
        formats: vec![ExportFormat::Fcpxml, ExportFormat::Srt],
        ..Default::default()
    };
    let target = f.out("some");
    let report = export_project(&f.tree, &f.data(), &target, &options, &NoProgress).unwrap();
    let texts: Vec<&str> = report
        .files
        .iter()
        .map(String::as_str)
        .filter(|f| f.starts_with("timelines/") || f.starts_with("captions/"))
        .collect();
    assert_eq!(
        texts,
        [
            "captions/my-project-a-b.srt",
            "timelines/my-project-a-b.fcpxml"
        ]
    );
    let on_disk = |dir: &str| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(target.join(dir))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    assert_eq!(on_disk("timelines"), ["my-project-a-b.fcpxml"]);
    assert_eq!(on_disk("captions"), ["my-project-a-b.srt"]);
    let readme = std::fs::read_to_string(target.join("README.txt")).unwrap();
    assert!(readme.contains("my-project-a-b.fcpxml") && readme.contains("my-project-a-b.srt"));
    assert!(!readme.contains(".otio") && !readme.contains(".edl") && !readme.contains(".vtt"));
    // Media and the texts every export holds are still there.
    assert!(target.join("audio/001_intro_audio.wav").is_file());
    assert!(target.join("metadata.json").is_file() && target.join("chapters.txt").is_file());
}

#[test]
fn an_export_without_timelines_or_captions_makes_no_empty_folders() {
    let f = fixture(48000, 5.0, &[("Intro", 1)]);
    let target = f.out("media only");
    let options = ExportOptions {
        formats: Vec::new(),
        ..Default::default()
    };
    let report = export_project(&f.tree, &f.data(), &target, &options, &NoProgress).unwrap();
    assert!(!target.join("timelines").exists() && !target.join("captions").exists());
    assert!(report.files.iter().any(|f| f == "script.txt"));
    let readme = std::fs::read_to_string(target.join("README.txt")).unwrap();
    assert!(!readme.contains("timelines/") && !readme.contains("relink"));
}

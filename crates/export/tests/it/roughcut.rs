//! The rough cut, read back with ffprobe/ffmpeg: its length, cuts, captions, chapters,
//! music bed and cancel.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};

use videogen_export::{
    build_plan, captions, render_roughcut, ExportError, ExportOptions, ExportPlan, ExportProgress,
    NoProgress, RoughcutOptions,
};
use videogen_model::ProjectTree;

use crate::support::{project, ALL};

/// One solid colour per sentence, far apart so compression cannot confuse them.
const COLOURS: [(&str, [u8; 3]); 6] = [
    ("red", [255, 0, 0]),
    ("lime", [0, 255, 0]),
    ("blue", [0, 0, 255]),
    ("yellow", [255, 255, 0]),
    ("magenta", [255, 0, 255]),
    ("white", [255, 255, 255]),
];
const DURATIONS: [i64; 6] = [1000, 1530, 870, 2210, 1200, 700];

fn timeline() -> ExportOptions {
    ExportOptions {
        sentence_pause_ms: 250,
        section_pause_ms: 600,
        ..ExportOptions::default()
    }
}

fn ffmpeg(args: &[&str]) {
    let status = Command::new("ffmpeg")
        .args(["-nostdin", "-loglevel", "error", "-y"])
        .args(args)
        .status()
        .unwrap();
    assert!(status.success(), "ffmpeg {args:?}");
}

/// A sine WAV at 48 kHz.
fn write_tone(path: &Path, ms: i64, freq: f64, amplitude: f64) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: 48000,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = hound::WavWriter::create(path, spec).unwrap();
    for i in 0..ms * 48 {
        let t = i as f64 / 48000.0;
        let v = (t * freq * std::f64::consts::TAU).sin() * amplitude * 32767.0;
        w.write_sample(v as i16).unwrap();
    }
    w.finalize().unwrap();
}

/// Three sections; each sentence's clip a solid colour (sentence 3 has only a still, and
/// sentence 4's clip is shorter than its narration), narration a 1 kHz tone.
fn storyboard(data: &Path) -> ProjectTree {
    let mut tree = project(
        &[("Intro", 2), ("Middle", 3), ("End", 1)],
        (24, 1),
        (320, 180),
        |i| DURATIONS[i],
        ALL,
    );
    let sentences: Vec<_> = tree
        .sections
        .iter_mut()
        .flat_map(|s| s.sentences.iter_mut())
        .collect();
    for (i, s) in sentences.into_iter().enumerate() {
        let (name, rgb) = COLOURS[i];
        write_tone(
            &data.join(s.audio.file.as_ref().unwrap()),
            DURATIONS[i],
            1000.0,
            0.5,
        );
        let png = data.join(s.image.file.as_ref().unwrap());
        std::fs::create_dir_all(png.parent().unwrap()).unwrap();
        image::RgbImage::from_pixel(320, 180, image::Rgb(rgb))
            .save(&png)
            .unwrap();
        if i == 2 {
            s.video.file = None;
            continue;
        }
        let clip = data.join(s.video.file.as_ref().unwrap());
        std::fs::create_dir_all(clip.parent().unwrap()).unwrap();
        let seconds = if i == 3 { "1.5" } else { "3" };
        s.video_duration_ms = Some(if i == 3 { 1500 } else { 3000 });
        ffmpeg(&[
            "-f",
            "lavfi",
            "-i",
            &format!("color=c={name}:s=320x180:r=24:d={seconds}"),
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-pix_fmt",
            "yuv420p",
            clip.to_str().unwrap(),
        ]);
    }
    tree
}

fn probe(file: &Path, args: &[&str]) -> String {
    let out = Command::new("ffprobe")
        .args(["-v", "error"])
        .args(args)
        .arg(file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn json(file: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["-of", "json"];
    all.extend_from_slice(args);
    serde_json::from_str(&probe(file, &all)).unwrap()
}

/// Packets in the first stream of `kind` (`v`, `a`, `s`).
fn packets(file: &Path, kind: &str) -> usize {
    probe(
        file,
        &[
            "-select_streams",
            kind,
            "-show_entries",
            "packet=pts",
            "-of",
            "csv=p=0",
        ],
    )
    .lines()
    .filter(|l| !l.trim().is_empty())
    .count()
}

/// The colour of frame `n` (decoded, averaged to one pixel).
fn frame_colour(file: &Path, n: i64) -> usize {
    let out = Command::new("ffmpeg")
        .args(["-nostdin", "-loglevel", "error", "-i"])
        .arg(file)
        .args([
            "-vf",
            &format!("select=eq(n\\,{n}),scale=1:1"),
            "-frames:v",
            "1",
        ])
        .args(["-f", "rawvideo", "-pix_fmt", "rgb24", "-"])
        .output()
        .unwrap();
    assert_eq!(out.stdout.len(), 3, "frame {n} of {}", file.display());
    let px = &out.stdout;
    (0..COLOURS.len())
        .min_by_key(|&k| {
            (0..3)
                .map(|c| (i32::from(px[c]) - i32::from(COLOURS[k].1[c])).pow(2))
                .sum::<i32>()
        })
        .unwrap()
}

fn plan_of(tree: &ProjectTree, data: &Path) -> ExportPlan {
    build_plan(tree, data, &timeline()).unwrap()
}

fn render(tree: &ProjectTree, data: &Path, out: &Path, options: RoughcutOptions) {
    render_roughcut(tree, data, out, &options, &NoProgress).unwrap();
}

fn options() -> RoughcutOptions {
    RoughcutOptions {
        timeline: timeline(),
        ..RoughcutOptions::default()
    }
}

#[test]
fn roughcut_has_the_timelines_length_cuts_captions_and_chapters() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let tree = storyboard(&data);
    let plan = plan_of(&tree, &data);
    let out = dir.path().join("films").join("film.mp4");
    let report = render_roughcut(&tree, &data, &out, &options(), &NoProgress).unwrap();
    assert_eq!(report.frames, plan.total_frames());

    // Length: every frame of the timeline, and the container within one frame of it.
    assert_eq!(packets(&out, "v") as i64, plan.total_frames());
    let format = json(&out, &["-show_entries", "format=duration"]);
    let seconds: f64 = format["format"]["duration"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let timeline_s = plan.total_frames() as f64 / 24.0;
    assert!(
        (seconds - timeline_s).abs() <= 1.0 / 24.0,
        "{seconds} vs {timeline_s}"
    );

    // Cuts: the frame before each sentence's first frame still shows the one before (or
    // its held last frame through the pause); its first frame shows it.
    for (k, s) in plan.sentences.iter().enumerate().skip(1) {
        let b = s.span.start_frame;
        assert_eq!(
            frame_colour(&out, b - 1),
            k - 1,
            "frame {} (before sentence {k})",
            b - 1
        );
        assert_eq!(frame_colour(&out, b), k, "frame {b} (sentence {k})");
    }

    // Captions: one subtitle sample with text per cue of the export's SRT (mov_text also
    // writes empty samples, a bare 2-byte length, to clear the screen between cues), and
    // the cues read back as the SRT's text at its times.
    let cues = captions::cues(&plan);
    assert_eq!(report.cues, cues.len());
    let sizes = probe(
        &out,
        &[
            "-select_streams",
            "s",
            "-show_entries",
            "packet=size",
            "-of",
            "csv=p=0",
        ],
    );
    let texts = sizes
        .lines()
        .filter(|l| l.trim().parse::<u32>().unwrap() > 2);
    assert_eq!(texts.count(), cues.len());
    let srt = Command::new("ffmpeg")
        .args(["-nostdin", "-loglevel", "error", "-i"])
        .arg(&out)
        .args(["-map", "0:s:0", "-f", "srt", "-"])
        .output()
        .unwrap();
    let srt = String::from_utf8(srt.stdout).unwrap();
    for c in &cues {
        let start = videogen_export::timing::clock_ms(c.start_ms, ',');
        assert!(srt.contains(&format!("{start} --> ")), "{start} in {srt}");
        // SRT readers drop what looks like a tag (`<more>` in these texts).
        let text = c.lines.join("\n");
        let plain = text.split('<').next().unwrap();
        assert!(srt.contains(plain), "{plain:?} in {srt}");
    }

    // Chapters: the sections' titles at their first sentence's first frame.
    let chapters = json(&out, &["-show_chapters"]);
    let chapters = chapters["chapters"].as_array().unwrap();
    let expected: Vec<(&str, i64)> = plan
        .sections
        .iter()
        .map(|s| {
            (
                s.title.as_str(),
                plan.sentences[s.first_sentence].span.start_frame,
            )
        })
        .collect();
    assert_eq!(chapters.len(), expected.len());
    for (c, (title, frame)) in chapters.iter().zip(&expected) {
        assert_eq!(c["tags"]["title"].as_str(), Some(*title));
        let start: f64 = c["start_time"].as_str().unwrap().parse().unwrap();
        assert!(
            (start - *frame as f64 / 24.0).abs() < 0.001,
            "{title}: {start}"
        );
    }
    let txt = std::fs::read_to_string(out.with_file_name("chapters.txt")).unwrap();
    let lines: Vec<&str> = txt.lines().collect();
    assert_eq!(lines[0], "00:00 Intro");
    assert_eq!(lines.len(), 3);
    assert!(lines[1].ends_with(" Middle") && lines[2].ends_with(" End"));

    // Nothing else is left in the folder.
    let mut names: Vec<String> = std::fs::read_dir(out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["chapters.txt", "film.mp4"]);

    // A second render reuses the cached segments.
    let again = render_roughcut(&tree, &data, &out, &options(), &NoProgress).unwrap();
    assert_eq!(again.encoded_segments, 0);
    assert_eq!(packets(&out, "v") as i64, plan.total_frames());
}

#[test]
fn section_roughcut_starts_at_zero_with_the_sections_frames() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let tree = storyboard(&data);
    let plan = plan_of(&tree, &data);
    let section = &plan.sections[1];
    let first = &plan.sentences[section.first_sentence];
    let last = &plan.sentences[section.first_sentence + section.sentence_count - 1];
    let out = dir.path().join("middle.mp4");
    let options = RoughcutOptions {
        section: Some(tree.sections[1].id.clone()),
        ..options()
    };
    let report = render_roughcut(&tree, &data, &out, &options, &NoProgress).unwrap();
    let frames = last.span.end_frame - first.span.start_frame;
    assert_eq!(report.frames, frames);
    assert_eq!(packets(&out, "v") as i64, frames);
    assert_eq!(frame_colour(&out, 0), section.first_sentence);
    // Its second sentence starts where it does on the timeline, shifted by whole frames.
    let second = &plan.sentences[section.first_sentence + 1];
    let b = second.span.start_frame - first.span.start_frame;
    assert_eq!(frame_colour(&out, b - 1), section.first_sentence);
    assert_eq!(frame_colour(&out, b), section.first_sentence + 1);
    assert_eq!(report.chapters.len(), 1);
    assert_eq!(report.chapters[0].start_frame, 0);
}

/// RMS level (dB) of `file`'s audio between `from` and `to` seconds through `filter`.
fn rms_db(file: &Path, from: f64, to: f64, filter: &str) -> f64 {
    let out = Command::new("ffmpeg")
        .args(["-nostdin", "-hide_banner", "-i"])
        .arg(file)
        .args(["-vn", "-sn", "-af"])
        .arg(format!(
            "atrim={from}:{to},{filter},astats=measure_overall=RMS_level:measure_perchannel=none"
        ))
        .args(["-f", "null", "-"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stderr);
    let line = text
        .lines()
        .rev()
        .find(|l| l.contains("RMS level dB"))
        .unwrap_or_else(|| panic!("no astats in {text}"));
    let value = line.rsplit(':').next().unwrap().trim();
    if value == "-inf" {
        -200.0
    } else {
        value.parse().unwrap()
    }
}

#[test]
fn music_bed_is_looped_and_ducked_under_the_voice() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let tree = storyboard(&data);
    let plan = plan_of(&tree, &data);
    // A short, loud 200 Hz bed: it must loop to the end and sit under the 1 kHz voice.
    let music = dir.path().join("bed.wav");
    write_tone(&music, 2000, 200.0, 0.9);
    let out = dir.path().join("film.mp4");
    let options = RoughcutOptions {
        music: Some(music),
        ..options()
    };
    render(&tree, &data, &out, options);
    assert_eq!(packets(&out, "v") as i64, plan.total_frames());
    assert!(packets(&out, "a") > 0);
    let voice_band = "highpass=f=700,highpass=f=700,lowpass=f=1400";
    let bed_band = "lowpass=f=350,lowpass=f=350,highpass=f=100";
    // Inside the long fourth sentence, away from its edges (the compressor's attack).
    let s = &plan.sentences[3];
    let (a, b) = (
        s.span.start_ms as f64 / 1000.0 + 0.3,
        (s.span.start_ms + s.span.duration_ms) as f64 / 1000.0 - 0.2,
    );
    let voice = rms_db(&out, a, b, voice_band);
    let bed = rms_db(&out, a, b, bed_band);
    assert!(voice > bed + 10.0, "voice {voice} dB, bed {bed} dB");
    // The bed is there (looped past its 2 s) in the middle of the film.
    assert!(bed > -60.0, "bed {bed} dB");
}

#[test]
fn burned_in_subtitles_replace_the_soft_track() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let tree = storyboard(&data);
    let plan = plan_of(&tree, &data);
    let out = dir.path().join("film.mp4");
    let options = RoughcutOptions {
        burn_subtitles: true,
        ..options()
    };
    match render_roughcut(&tree, &data, &out, &options, &NoProgress) {
        Ok(report) => {
            assert_eq!(packets(&out, "v") as i64, plan.total_frames());
            assert_eq!(packets(&out, "s"), 0);
            assert_eq!(report.cues, captions::cues(&plan).len());
        }
        // An ffmpeg without libass must say so, not fail later.
        Err(ExportError::InvalidInput(m)) => assert!(m.contains("libass"), "{m}"),
        Err(e) => panic!("{e}"),
    }
}

/// Cancels once the final ffmpeg run has started.
struct CancelWhenWriting(AtomicBool);

impl ExportProgress for CancelWhenWriting {
    fn progress(&self, _fraction: f64, step: &str) {
        if step == "writing the film" {
            self.0.store(true, Ordering::Relaxed);
        }
    }

    fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

#[test]
fn cancelled_roughcut_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let tree = storyboard(&data);
    let folder: PathBuf = dir.path().join("films");
    let out = folder.join("film.mp4");
    let cancel = CancelWhenWriting(AtomicBool::new(false));
    let err = render_roughcut(&tree, &data, &out, &options(), &cancel).unwrap_err();
    assert!(matches!(err, ExportError::Cancelled), "{err}");
    assert!(!out.exists());
    let left: Vec<_> = std::fs::read_dir(&folder).unwrap().collect();
    assert!(left.is_empty(), "{left:?}");
}

//! Captions parse back, follow the timeline, and long sentences split into short cues.

use videogen_export::captions::{cues, srt, vtt, LINE_CHARS};
use videogen_export::{build_plan, ExportOptions, FrameRate};
use videogen_model::WordTiming;

use crate::support::{project, touch_media, ALL};

fn ms(t: &str, sep: char) -> i64 {
    let (hms, milli) = t.split_once(sep).unwrap();
    let p: Vec<i64> = hms.split(':').map(|x| x.parse().unwrap()).collect();
    ((p[0] * 60 + p[1]) * 60 + p[2]) * 1000 + milli.parse::<i64>().unwrap()
}

/// Parses SRT into (start, end, text) cues, checking numbering and separators.
fn parse_srt(text: &str) -> Vec<(i64, i64, String)> {
    text.split("\n\n")
        .filter(|b| !b.trim().is_empty())
        .enumerate()
        .map(|(i, block)| {
            let mut lines = block.lines();
            assert_eq!(lines.next().unwrap(), (i + 1).to_string());
            let (a, b) = lines.next().unwrap().split_once(" --> ").unwrap();
            (ms(a, ','), ms(b, ','), lines.collect::<Vec<_>>().join("\n"))
        })
        .collect()
}

#[test]
fn srt_and_vtt_have_one_cue_per_short_sentence_on_frame_edges() {
    let tree = project(
        &[("A", 3), ("B", 2)],
        (25, 1),
        (320, 180),
        |i| 1000 + i as i64 * 333,
        ALL,
    );
    let dir = tempfile::tempdir().unwrap();
    touch_media(&tree, dir.path());
    let options = ExportOptions {
        sentence_pause_ms: 200,
        ..Default::default()
    };
    let plan = build_plan(&tree, dir.path(), &options).unwrap();
    let cues = cues(&plan);
    let parsed = parse_srt(&srt(&cues));
    assert_eq!(parsed.len(), 5);
    for (c, s) in parsed.iter().zip(&plan.sentences) {
        assert_eq!(c.0, plan.rate.frame_to_ms(s.span.start_frame));
        assert_eq!(c.1, plan.rate.frame_to_ms(s.span.end_frame));
        assert_eq!(c.2, s.text);
    }
    let v = vtt(&cues);
    assert!(v.starts_with("WEBVTT\n\n"));
    let timing_lines: Vec<&str> = v.lines().filter(|l| l.contains(" --> ")).collect();
    assert_eq!(timing_lines.len(), 5);
    assert!(
        timing_lines.iter().all(|l| !l.contains(',')),
        "VTT times must use dots"
    );
    assert!(v.contains("&amp; &lt;more&gt;"), "VTT cue text is escaped");
    assert!(!srt(&cues).contains("&amp;"), "SRT text is not escaped");
}

#[test]
fn long_sentence_splits_at_word_timings_into_two_line_cues() {
    let mut tree = project(&[("A", 1)], (24, 1), (320, 180), |_| 20_000, ALL);
    let words: Vec<String> = (0..40).map(|i| format!("word{i:02}")).collect();
    let s = &mut tree.sections[0].sentences[0];
    s.text = words.join(" ");
    s.word_timings = Some(
        words
            .iter()
            .enumerate()
            .map(|(i, w)| WordTiming {
                word: w.clone(),
                start_ms: i as i64 * 500,
                end_ms: i as i64 * 500 + 400,
            })
            .collect(),
    );
    let dir = tempfile::tempdir().unwrap();
    touch_media(&tree, dir.path());
    let plan = build_plan(&tree, dir.path(), &ExportOptions::default()).unwrap();
    let cues = cues(&plan);
    assert!(
        cues.len() >= 3,
        "a 280-character sentence needs several cues"
    );
    let mut all = Vec::new();
    for (k, c) in cues.iter().enumerate() {
        assert!(c.lines.len() <= 2 && c.lines.iter().all(|l| l.len() <= LINE_CHARS));
        if k > 0 {
            assert_eq!(
                c.start_ms,
                cues[k - 1].end_ms,
                "cues must touch, not overlap"
            );
            // Each later cue starts when its first word is spoken.
            let first = c.lines[0].split(' ').next().unwrap();
            let idx = words.iter().position(|w| w == first).unwrap();
            assert_eq!(c.start_ms, idx as i64 * 500);
        }
        all.extend(
            c.lines
                .iter()
                .flat_map(|l| l.split(' '))
                .map(str::to_string),
        );
    }
    assert_eq!(all, words);
    assert_eq!(
        cues.last().unwrap().end_ms,
        FrameRate::FPS_24.frame_to_ms(480)
    );
}

#[test]
fn long_sentence_without_timings_splits_proportionally_by_characters() {
    let mut tree = project(&[("A", 1)], (25, 1), (320, 180), |_| 10_000, ALL);
    tree.sections[0].sentences[0].text =
        "a".repeat(40) + " " + &"b".repeat(40) + " " + &"c".repeat(40) + " " + &"d".repeat(40);
    let dir = tempfile::tempdir().unwrap();
    touch_media(&tree, dir.path());
    let plan = build_plan(&tree, dir.path(), &ExportOptions::default()).unwrap();
    let cues = cues(&plan);
    assert_eq!(cues.len(), 2);
    // Half the characters, half the time.
    assert_eq!(cues[0].end_ms, 5000);
}

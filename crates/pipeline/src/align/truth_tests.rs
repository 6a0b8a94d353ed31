//! Accuracy on real speech (issue 12): sections voiced by Piper, whose phoneme alignments
//! give each sentence's true speech interval, and transcribed by faster-whisper tiny.en.
//! A cut is right when it lies in the true pause between two sentences' speech; its error
//! is how far it lies outside that pause. Fixtures: `tests/align_truth/` (made by
//! `make_fixture.py` there).

use std::path::{Path, PathBuf};

use super::*;

struct Fixture {
    name: String,
    sentences: Vec<String>,
    heard: Vec<HeardWord>,
    speech: Vec<(i64, i64)>,
    pcm: OwnedPcm,
}

fn fixtures() -> Vec<Fixture> {
    // ALIGN_TRUTH_DIR: a larger set made locally with make_fixture.py (Piper varies run to run).
    let dir = std::env::var_os("ALIGN_TRUTH_DIR").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/align_truth"),
        PathBuf::from,
    );
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    paths.iter().map(|p| load(&dir, p)).collect()
}

fn load(dir: &Path, path: &Path) -> Fixture {
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let strings = |v: &serde_json::Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_owned())
            .collect()
    };
    let heard = json["heard"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| HeardWord {
            text: w["text"].as_str().unwrap().to_owned(),
            start_ms: w["start_ms"].as_i64().unwrap(),
            end_ms: w["end_ms"].as_i64().unwrap(),
        })
        .collect();
    let speech = json["speech"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s[0].as_i64().unwrap(), s[1].as_i64().unwrap()))
        .collect();
    Fixture {
        name: path.file_stem().unwrap().to_string_lossy().into_owned(),
        sentences: strings(&json["sentences"]),
        heard,
        speech,
        pcm: read_wav(&dir.join(json["wav"].as_str().unwrap())).unwrap(),
    }
}

#[test]
fn cuts_in_real_speech_land_in_the_pause_between_sentences() {
    let mut errors = Vec::new();
    // How far inside its pause each right cut lies: the room left for worse ASR times.
    let mut margins = Vec::new();
    for f in fixtures() {
        let sentences: Vec<&str> = f.sentences.iter().map(String::as_str).collect();
        let spans = split_section(&sentences, &f.heard, &f.pcm.as_pcm()).unwrap();
        for (k, pair) in f.speech.windows(2).enumerate() {
            let (pause_from, pause_to) = (pair[0].1, pair[1].0);
            let cut = spans[k].end_ms;
            let error = (pause_from - cut).max(cut - pause_to).max(0);
            println!(
                "{} {k}|{}: pause {pause_from}..{pause_to} ms, cut {cut} ms, error {error} ms",
                f.name,
                k + 1
            );
            errors.push(error);
            if error == 0 {
                margins.push((cut - pause_from).min(pause_to - cut));
            }
        }
    }
    errors.sort();
    let (median, max) = (errors[errors.len() / 2], errors[errors.len() - 1]);
    margins.sort();
    println!(
        "{} boundaries: median error {median} ms, max {max} ms; cuts inside the pause by at least {} ms (median {} ms)",
        errors.len(),
        margins.first().unwrap_or(&0),
        margins.get(margins.len() / 2).unwrap_or(&0),
    );
    assert_eq!(median, 0, "{errors:?}");
    assert!(max <= 100, "{errors:?}");
}

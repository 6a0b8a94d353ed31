//! Waveform peaks of narration and the sentence boundaries on them.

use std::path::{Path, PathBuf};

use videogen_app::{peaks_of_files, NarrationSource};
use videogen_model::{AssetKind, ErrorCode};

use crate::studio;

/// A mono 16-bit WAV at `rate`: `loud_ms` of a square wave at `amplitude`, then `quiet_ms`
/// of silence.
fn wav(path: &Path, rate: u32, loud_ms: u32, quiet_ms: u32, amplitude: f32) -> PathBuf {
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: rate,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = hound::WavWriter::create(path, spec).expect("wav");
    let peak = (amplitude * f32::from(i16::MAX)) as i16;
    for i in 0..rate * loud_ms / 1000 {
        w.write_sample(if (i / 10) % 2 == 0 { peak } else { -peak })
            .expect("sample");
    }
    for _ in 0..rate * quiet_ms / 1000 {
        w.write_sample(0i16).expect("sample");
    }
    w.finalize().expect("finalize");
    path.to_path_buf()
}

#[test]
fn peaks_follow_the_loud_and_the_quiet_half() {
    let dir = tempfile::tempdir().expect("dir");
    let file = wav(&dir.path().join("a.wav"), 8_000, 500, 500, 0.5);
    let peaks = peaks_of_files(&[file], 10).expect("peaks");
    assert_eq!(peaks.duration_ms, 1000);
    assert_eq!((peaks.min.len(), peaks.max.len()), (10, 10));
    for b in 0..5 {
        assert!(
            (peaks.max[b] - 0.5).abs() < 0.01,
            "bucket {b}: {}",
            peaks.max[b]
        );
        assert!(
            (peaks.min[b] + 0.5).abs() < 0.01,
            "bucket {b}: {}",
            peaks.min[b]
        );
    }
    for b in 5..10 {
        assert_eq!((peaks.min[b], peaks.max[b]), (0.0, 0.0), "bucket {b}");
    }
}

#[test]
fn files_of_different_rates_join_on_one_time_axis() {
    let dir = tempfile::tempdir().expect("dir");
    let loud = wav(&dir.path().join("loud.wav"), 8_000, 500, 0, 0.8);
    let quiet = wav(&dir.path().join("quiet.wav"), 24_000, 0, 1500, 0.0);
    let peaks = peaks_of_files(&[loud, quiet], 4).expect("peaks");
    assert_eq!(peaks.duration_ms, 2000);
    assert!(peaks.max[0] > 0.79, "{:?}", peaks.max);
    assert_eq!(&peaks.max[1..], [0.0, 0.0, 0.0], "{:?}", peaks.max);
}

#[test]
fn audio_shorter_than_the_buckets_gives_one_bucket_per_sample() {
    let dir = tempfile::tempdir().expect("dir");
    let tiny = wav(&dir.path().join("tiny.wav"), 1_000, 5, 0, 0.3);
    let peaks = peaks_of_files(&[tiny], 1000).expect("peaks");
    assert_eq!(peaks.max.len(), 5);
}

#[test]
fn a_section_voiced_sentence_by_sentence_shows_each_sentence_end_to_end() {
    let (dir, studio) = studio();
    let p = studio
        .import_script_text("Waves", "One line. Two lines. Three lines.")
        .expect("import");
    let section = studio.load_project(&p.id).expect("load").sections[0].clone();
    let empty = studio.section_waveform(&section.id, 100).expect("empty");
    assert_eq!(empty.source, NarrationSource::None);
    assert!(empty.sentences.is_empty());

    // The first two sentences are voiced: 400 ms and 600 ms.
    for (sentence, ms) in section.sentences.iter().zip([400, 600]) {
        let take = wav(&dir.path().join(format!("{ms}.wav")), 24_000, ms, 0, 0.5);
        studio
            .attach_media(&sentence.id, AssetKind::Audio, &take)
            .expect("attach");
    }
    let w = studio.section_waveform(&section.id, 100).expect("waveform");
    assert_eq!(w.source, NarrationSource::Sentences);
    assert_eq!(w.peaks.duration_ms, 1000);
    assert_eq!(w.peaks.max.len(), 100);
    let spans: Vec<(u32, u32, u32)> = w
        .sentences
        .iter()
        .map(|s| (s.order, s.start_ms, s.end_ms))
        .collect();
    assert_eq!(spans, [(0, 0, 400), (1, 400, 1000)]);
    assert_eq!(w.sentences[0].sentence_id, section.sentences[0].id);
    let file = w.sentences[1].file.as_deref().expect("file");
    assert!(
        Path::new(file).starts_with(dir.path().join("data")),
        "{file}"
    );
}

#[test]
fn bucket_counts_outside_the_range_are_refused() {
    let (_dir, studio) = studio();
    let p = studio
        .import_script_text("Waves", "One line.")
        .expect("import");
    let section = studio.load_project(&p.id).expect("load").sections[0]
        .id
        .clone();
    for bad in [0, 10_001] {
        let err = studio.section_waveform(&section, bad).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidInput);
    }
}

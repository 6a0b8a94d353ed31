//! Behaviour of the two entry points, on hand-made cases and on synthetic sections with
//! known pauses.

use super::synth::{self, Options};
use super::*;

fn heard(words: &[(&str, i64, i64)]) -> Vec<HeardWord> {
    words
        .iter()
        .map(|(t, s, e)| HeardWord {
            text: (*t).to_owned(),
            start_ms: *s,
            end_ms: *e,
        })
        .collect()
}

/// 1 kHz PCM (one sample a ms): speech where `loud` ranges are, silence elsewhere.
fn pcm_with_speech(total_ms: usize, loud: &[(usize, usize)]) -> Vec<i16> {
    let mut samples = vec![3i16; total_ms];
    for &(from, to) in loud {
        for (k, s) in samples[from..to].iter_mut().enumerate() {
            *s = if k % 2 == 0 { 4000 } else { -4000 };
        }
    }
    samples
}

fn pcm(samples: &[i16]) -> Pcm<'_> {
    Pcm {
        samples,
        sample_rate: 1000,
    }
}

#[test]
fn spans_are_contiguous_and_cover_the_audio() {
    let samples = pcm_with_speech(3000, &[(100, 1200), (1600, 2800)]);
    let words = heard(&[
        ("Hello", 100, 500),
        ("there.", 600, 1200),
        ("General", 1600, 2200),
        ("Kenobi.", 2200, 2800),
    ]);
    let spans =
        split_section(&["Hello there.", "General Kenobi."], &words, &pcm(&samples)).unwrap();
    assert_eq!(spans.len(), 2);
    assert_eq!(spans[0].start_ms, 0);
    assert_eq!(spans[0].end_ms, spans[1].start_ms);
    assert_eq!(spans[1].end_ms, 3000);
    assert!((1200..1600).contains(&spans[0].end_ms));
    let shown: Vec<&str> = spans[1].words.iter().map(|w| w.word.as_str()).collect();
    assert_eq!(shown, ["General", "Kenobi."]);
}

#[test]
fn the_cut_lands_in_the_silence_even_when_asr_times_are_200_ms_late() {
    // True speech: 100–1200 and 1500–2800; the recogniser reports everything 200 ms late,
    // so its second sentence starts after the true pause has ended.
    let samples = pcm_with_speech(3200, &[(100, 1200), (1500, 2800)]);
    let words = heard(&[
        ("Hello", 300, 700),
        ("there.", 800, 1400),
        ("General", 1700, 2400),
        ("Kenobi.", 2400, 3000),
    ]);
    let spans =
        split_section(&["Hello there.", "General Kenobi."], &words, &pcm(&samples)).unwrap();
    let cut = spans[0].end_ms;
    assert!((1200..=1500).contains(&cut), "cut at {cut}");
}

#[test]
fn sentences_merged_by_the_asr_are_still_split_at_the_pause() {
    // The recogniser heard one run-on sentence with no full stop: only words count.
    let samples = pcm_with_speech(4000, &[(0, 1000), (1400, 2500), (2900, 3900)]);
    let words = heard(&[
        (" It", 0, 200),
        (" rained", 200, 1000),
        (" and", 1000, 1600),
        (" then", 1600, 2500),
        (" it", 2500, 3100),
        (" stopped", 3100, 3900),
    ]);
    let spans = split_section(
        &["It rained.", "And then?", "It stopped."],
        &words,
        &pcm(&samples),
    )
    .unwrap();
    assert!((1000..=1400).contains(&spans[0].end_ms), "{spans:?}");
    assert!((2500..=2900).contains(&spans[1].end_ms), "{spans:?}");
}

#[test]
fn written_numbers_and_currency_in_the_asr_align_with_spelled_out_script() {
    let samples = pcm_with_speech(5000, &[(0, 2000), (2500, 4800)]);
    let words = heard(&[
        (" In", 0, 200),
        (" 2026,", 200, 1200),
        (" bread", 1200, 1500),
        (" cost", 1500, 1700),
        (" $3.", 1700, 2000),
        (" Dr.", 2500, 2900),
        (" Smith", 2900, 3300),
        (" took", 3300, 3600),
        (" 10%.", 3600, 4800),
    ]);
    let spans = split_section(
        &[
            "In twenty twenty-six, bread cost three dollars.",
            "Doctor Smith took ten percent.",
        ],
        &words,
        &pcm(&samples),
    )
    .unwrap();
    assert!((2000..=2500).contains(&spans[0].end_ms));
    let words0: Vec<(&str, i64, i64)> = spans[0]
        .words
        .iter()
        .map(|w| (w.word.as_str(), w.start_ms, w.end_ms))
        .collect();
    assert_eq!(words0[5].0, "three");
    assert_eq!(words0[6].0, "dollars.");
    assert!(words0[5].1 >= 1700 && words0[6].2 <= 2000);
    assert_eq!(spans[1].words[0].word, "Doctor");
    assert_eq!(spans[1].words[0].start_ms, 2500);
}

#[test]
fn words_are_monotonic_and_inside_their_sentence() {
    let s = synth::section(&Options {
        words: 400,
        sample_rate: 8000,
        late_ms: 200,
        seed: 7,
    });
    let (sentences, heard, samples) = (s.sentences.clone(), to_heard(&s.heard), s.samples);
    let refs: Vec<&str> = sentences.iter().map(String::as_str).collect();
    let spans = split_section(
        &refs,
        &heard,
        &Pcm {
            samples: &samples,
            sample_rate: 8000,
        },
    )
    .unwrap();
    for (span, sentence) in spans.iter().zip(&sentences) {
        assert_eq!(span.words.len(), sentence.split_whitespace().count());
        let mut floor = span.start_ms;
        for w in &span.words {
            assert!(w.start_ms >= floor && w.end_ms >= w.start_ms && w.end_ms <= span.end_ms);
            floor = w.end_ms;
        }
    }
}

fn to_heard(words: &[(String, i64, i64)]) -> Vec<HeardWord> {
    words
        .iter()
        .map(|(t, s, e)| HeardWord {
            text: t.clone(),
            start_ms: *s,
            end_ms: *e,
        })
        .collect()
}

/// Every cut of a synthetic section against its true pauses: how far each lies outside.
fn cut_errors(s: &synth::Synth, spans: &[SentenceSpan]) -> Vec<i64> {
    s.pauses
        .iter()
        .zip(spans)
        .map(|(&(from, to), span)| (from - span.end_ms).max(span.end_ms - to).max(0))
        .collect()
}

#[test]
fn every_cut_of_a_3000_word_section_lands_in_its_pause() {
    // 20 minutes of narration with the recogniser 200 ms late, dropping, merging and
    // misspelling words. Timed by benches/align.rs; here only the result is checked.
    let s = synth::section(&Options {
        words: 3000,
        sample_rate: 8000,
        late_ms: 200,
        seed: 42,
    });
    let refs: Vec<&str> = s.sentences.iter().map(String::as_str).collect();
    let heard = to_heard(&s.heard);
    let spans = split_section(
        &refs,
        &heard,
        &Pcm {
            samples: &s.samples,
            sample_rate: s.sample_rate,
        },
    )
    .unwrap();
    assert_eq!(spans.len(), s.sentences.len());
    let errors = cut_errors(&s, &spans);
    // On failure, show what the recogniser reported around each wrong cut.
    for (k, _) in errors.iter().enumerate().filter(|(_, e)| **e > 0) {
        let (from, to) = s.pauses[k];
        eprintln!(
            "boundary {k}: pause {from}..{to} ms, cut {} ms",
            spans[k].end_ms
        );
        eprintln!("  {:?} | {:?}", s.sentences[k], s.sentences[k + 1]);
        let near = |h: &&(String, i64, i64)| h.1 > from - 1500 && h.1 < to + 1000;
        for h in s.heard.iter().filter(near) {
            eprintln!("  heard {h:?}");
        }
    }
    let wrong: Vec<(usize, i64)> = errors
        .iter()
        .copied()
        .enumerate()
        .filter(|(_, e)| *e > 0)
        .collect();
    assert!(
        wrong.is_empty(),
        "{} of {} cuts outside the pause: {wrong:?}",
        wrong.len(),
        errors.len()
    );
}

#[test]
fn word_timings_of_a_sentence_file_cover_every_script_word() {
    let words = heard(&[
        (" Music", 0, 300),
        (" by", 300, 450),
        (" Chaikovsky,", 450, 1100),
        (" mostly.", 1200, 1700),
    ]);
    let timings = word_timings("Music by Tchaikovsky — mostly.", &words, 1800);
    let shown: Vec<(&str, i64, i64)> = timings
        .iter()
        .map(|w| (w.word.as_str(), w.start_ms, w.end_ms))
        .collect();
    assert_eq!(
        shown,
        [
            ("Music", 0, 300),
            ("by", 300, 450),
            ("Tchaikovsky —", 450, 1100),
            ("mostly.", 1200, 1700)
        ]
    );
}

#[test]
fn word_timings_with_nothing_heard_spread_the_words_over_the_file() {
    let timings = word_timings("aa bb", &[], 1000);
    assert_eq!(timings[0].end_ms, 500);
    assert_eq!(timings[1].end_ms, 1000);
}

#[test]
fn a_section_without_sentences_is_refused() {
    let samples = vec![0i16; 1000];
    let err = split_section(&[], &heard(&[("a", 0, 1)]), &pcm(&samples)).unwrap_err();
    assert_eq!(err, AlignError::NoSentences);
    assert!(err.to_string().contains("no sentences"));
}

#[test]
fn a_section_where_nothing_was_heard_is_refused() {
    let samples = vec![0i16; 1000];
    let err = split_section(&["Hello."], &heard(&[("  ", 0, 1)]), &pcm(&samples)).unwrap_err();
    assert_eq!(err, AlignError::NothingHeard { duration_ms: 1000 });
    assert!(err.to_string().contains("heard no words"));
}

#[test]
fn an_empty_sentence_or_empty_audio_is_named() {
    let samples = vec![0i16; 1000];
    let words = heard(&[("a", 0, 1)]);
    assert_eq!(
        split_section(&["Hello.", " — "], &words, &pcm(&samples)).unwrap_err(),
        AlignError::EmptySentence { index: 1 }
    );
    assert_eq!(
        split_section(&["Hello."], &words, &pcm(&[])).unwrap_err(),
        AlignError::NoAudio
    );
}

#[test]
fn audio_of_another_script_is_refused() {
    let samples = vec![0i16; 5000];
    let words = heard(&[
        ("completely", 0, 500),
        ("different", 500, 900),
        ("recording", 900, 1500),
        ("here", 1500, 2000),
        ("today", 2000, 2500),
    ]);
    let err = split_section(
        &["The river carried stones toward a quiet valley."],
        &words,
        &pcm(&samples),
    )
    .unwrap_err();
    assert!(
        matches!(err, AlignError::AudioDoesNotMatchScript { .. }),
        "{err:?}"
    );
}

#[test]
fn words_from_start_are_relative_to_the_sentence() {
    let span = SentenceSpan {
        start_ms: 1000,
        end_ms: 2000,
        words: vec![WordTiming {
            word: "a".into(),
            start_ms: 1100,
            end_ms: 1500,
        }],
    };
    assert_eq!(span.words_from_start()[0].start_ms, 100);
}

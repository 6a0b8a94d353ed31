//! Times `split_section` on a synthetic 20-minute section (3,000 words, the recogniser 200 ms
//! late and dropping, merging and misspelling words) and fails over the budget.
//!
//! `cargo bench -p videogen-pipeline --bench align`: exits non-zero when the median of the
//! runs is over 200 ms in a release build (a debug build only reports).

use std::process::ExitCode;
use std::time::{Duration, Instant};

use videogen_pipeline::align::{split_section, HeardWord, Pcm};

#[allow(dead_code)]
#[path = "../src/align/synth.rs"]
mod synth;

const BUDGET: Duration = Duration::from_millis(200);
const RUNS: usize = 7;

fn main() -> ExitCode {
    let s = synth::section(&synth::Options {
        words: 3000,
        sample_rate: 22050,
        late_ms: 200,
        seed: 42,
    });
    let sentences: Vec<&str> = s.sentences.iter().map(String::as_str).collect();
    let heard: Vec<HeardWord> = s
        .heard
        .iter()
        .map(|(text, start_ms, end_ms)| HeardWord {
            text: text.clone(),
            start_ms: *start_ms,
            end_ms: *end_ms,
        })
        .collect();
    let pcm = Pcm {
        samples: &s.samples,
        sample_rate: s.sample_rate,
    };
    let mut times = Vec::with_capacity(RUNS);
    let mut outside = 0;
    for _ in 0..RUNS {
        let started = Instant::now();
        let spans = match split_section(&sentences, &heard, &pcm) {
            Ok(spans) => spans,
            Err(e) => {
                eprintln!("align: {e}");
                return ExitCode::FAILURE;
            }
        };
        times.push(started.elapsed());
        outside = s
            .pauses
            .iter()
            .zip(&spans)
            .filter(|((from, to), span)| span.end_ms < *from || span.end_ms > *to)
            .count();
    }
    times.sort();
    let median = times[RUNS / 2];
    let release = !cfg!(debug_assertions);
    println!(
        "align: split_section of {} words, {} sentences, {:.0} s of audio: median {:.1} ms, best {:.1} ms ({} build); {} of {} cuts outside their pause",
        s.sentences.iter().map(|t| t.split_whitespace().count()).sum::<usize>(),
        s.sentences.len(),
        s.samples.len() as f64 / f64::from(s.sample_rate),
        median.as_secs_f64() * 1000.0,
        times[0].as_secs_f64() * 1000.0,
        if release { "release" } else { "debug" },
        outside,
        s.pauses.len(),
    );
    if release && median > BUDGET {
        eprintln!("align: over the budget of {} ms", BUDGET.as_millis());
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

//! Alignment: word timings for narration and sentence ranges inside section narration.
//!
//! The script and the ASR's words are both normalised to canonical tokens (case,
//! punctuation, numbers, currency and abbreviations spelled out: `normalise`) and matched
//! by a banded sequence alignment that tolerates dropped, merged and misspelled words
//! (`dp`). Script words take the times of the heard words they pair with; missed words are
//! interpolated (`timing`). Between two sentences, the cut is snapped to the pause in the
//! waveform (`snap`): ASR word times are late and fuzzy, the waveform is exact. ASR
//! segments are never used: the recogniser merges sentences whose punctuation it missed.
//!
//! Everything here is pure: samples come in as a slice. [`read_wav`] is the one helper that
//! touches a file.

mod dp;
mod normalise;
mod numbers;
mod snap;
mod timing;
mod wav;

#[cfg(test)]
mod synth;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod truth_tests;

pub use wav::{read_wav, OwnedPcm};

use std::ops::Range;

use timing::Timed;
use videogen_model::WordTiming;

/// How far a cut may be searched for on either side of the ASR's gap between two sentences:
/// tiny.en word starts run 50–235 ms late at sentence starts (measured against Piper's own
/// timings), and ends are as fuzzy.
const SLACK_MS: i64 = 250;
/// Below this share of script tokens paired with heard words, the audio is not this script.
const MIN_MATCHED_SHARE: f64 = 0.2;

/// One word the ASR heard (Whisper word timestamps), ms from the start of the audio. The
/// text may carry the recogniser's leading space and punctuation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeardWord {
    pub text: String,
    pub start_ms: i64,
    pub end_ms: i64,
}

/// What one script sentence got in the section audio. All times are ms from the start of
/// the section's audio, words included.
#[derive(Clone, Debug, PartialEq)]
pub struct SentenceSpan {
    pub start_ms: i64,
    pub end_ms: i64,
    /// Every word of the sentence as the script writes it, inside [start_ms, end_ms].
    pub words: Vec<WordTiming>,
}

impl SentenceSpan {
    /// The words with times from the sentence's own start, for a sentence file cut at
    /// `start_ms`.
    pub fn words_from_start(&self) -> Vec<WordTiming> {
        self.words
            .iter()
            .map(|w| WordTiming {
                word: w.word.clone(),
                start_ms: w.start_ms - self.start_ms,
                end_ms: w.end_ms - self.start_ms,
            })
            .collect()
    }
}

/// Mono PCM of the narration, for snapping boundaries to pauses.
#[derive(Clone, Copy, Debug)]
pub struct Pcm<'a> {
    pub samples: &'a [i16],
    /// Samples per second; not 0.
    pub sample_rate: u32,
}

impl Pcm<'_> {
    /// The audio's length, ms (rounded down).
    pub fn duration_ms(&self) -> i64 {
        if self.sample_rate == 0 {
            return 0;
        }
        self.samples.len() as i64 * 1000 / i64::from(self.sample_rate)
    }
}

/// Why a section could not be split into sentences.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum AlignError {
    #[error(
        "the section has no sentences: add at least one sentence before aligning its narration"
    )]
    NoSentences,
    #[error("sentence {index} of the section has no words: write it or remove it before aligning")]
    EmptySentence { index: usize },
    #[error("the section's narration has no audio (no samples, or a sample rate of 0): generate or attach it again")]
    NoAudio,
    #[error("the speech recogniser heard no words in the section's narration ({duration_ms} ms): check that the file is speech and not silence")]
    NothingHeard { duration_ms: i64 },
    #[error("the section's narration does not match its script: only {matched_percent}% of the script's words were heard; attach the narration of this section")]
    AudioDoesNotMatchScript { matched_percent: u32 },
}

/// Section narration: splits the audio into one span per script sentence (in order), with
/// word timings for every script word (display words = the script's own words, times from
/// the ASR, interpolated where it missed a word) and sentence boundaries snapped to the
/// quietest stretch of the pause between the last word of one sentence and the first of the
/// next.
///
/// Spans are contiguous and cover [0, audio length]: sentence i ends where i + 1 starts (the
/// cut), the first starts at 0 and the last ends at the audio's end.
pub fn split_section(
    sentences: &[&str],
    heard: &[HeardWord],
    pcm: &Pcm,
) -> Result<Vec<SentenceSpan>, AlignError> {
    if sentences.is_empty() {
        return Err(AlignError::NoSentences);
    }
    let duration_ms = pcm.duration_ms();
    if duration_ms == 0 {
        return Err(AlignError::NoAudio);
    }
    if heard.iter().all(|w| w.text.trim().is_empty()) {
        return Err(AlignError::NothingHeard { duration_ms });
    }
    let mut words = Vec::new();
    let mut bounds = Vec::with_capacity(sentences.len());
    for (index, sentence) in sentences.iter().enumerate() {
        let first = words.len();
        words.extend(display_words(sentence));
        if words.len() == first {
            return Err(AlignError::EmptySentence { index });
        }
        bounds.push(first..words.len());
    }
    let aligned = Aligned::new(&words, heard, duration_ms);
    let (matched, total) = aligned.matched_tokens;
    if total >= 5 && (matched as f64) < MIN_MATCHED_SHARE * total as f64 {
        return Err(AlignError::AudioDoesNotMatchScript {
            matched_percent: (matched * 100 / total) as u32,
        });
    }
    let timed = aligned.timed;

    let mut cuts = Vec::with_capacity(sentences.len() + 1);
    cuts.push(0);
    for pair in bounds.windows(2) {
        let (last, next) = (pair[0].end - 1, pair[1].start);
        let previous = *cuts.last().unwrap_or(&0);
        let (from, to) = search_range(&timed, pair[0].clone(), pair[1].clone());
        let expected = (timed[last].span.end + timed[next].span.start) / 2;
        let cut = snap::quietest_cut(pcm, from.max(previous), to.max(previous), expected);
        cuts.push(cut.clamp(previous, duration_ms));
    }
    cuts.push(duration_ms);

    Ok(bounds
        .iter()
        .enumerate()
        .map(|(k, range)| {
            let (start_ms, end_ms) = (cuts[k], cuts[k + 1]);
            let words = range
                .clone()
                .map(|w| {
                    let start = timed[w].span.start.clamp(start_ms, end_ms);
                    WordTiming {
                        word: words[w].clone(),
                        start_ms: start,
                        end_ms: timed[w].span.end.clamp(start, end_ms),
                    }
                })
                .collect();
            SentenceSpan {
                start_ms,
                end_ms,
                words,
            }
        })
        .collect())
}

/// Sentence narration: timings of the words of one sentence in its own file (karaoke), by
/// the same matching as [`split_section`]. With nothing heard, the words are spread over the
/// file by length.
pub fn word_timings(sentence: &str, heard: &[HeardWord], duration_ms: i64) -> Vec<WordTiming> {
    let words = display_words(sentence);
    let aligned = Aligned::new(&words, heard, duration_ms.max(0));
    words
        .into_iter()
        .zip(aligned.timed)
        .map(|(word, t)| WordTiming {
            word,
            start_ms: t.span.start,
            end_ms: t.span.end,
        })
        .collect()
}

/// Where to look for the pause between two sentences (word ranges `before` and `after`):
/// from a little before the end of the last word to a little after the start of the next,
/// never past either word's middle.
///
/// Where the ASR missed a boundary word, its interpolated time is only a guess, and the
/// heard word next to it may really be the missed one (a word repeated across the boundary,
/// one of them dropped): the range then reaches to the nearest heard word of the same
/// sentence *beyond* the one next to the boundary.
fn search_range(timed: &[Timed], before: Range<usize>, after: Range<usize>) -> (i64, i64) {
    let (last, next) = (timed[before.end - 1], timed[after.start]);
    let left_words = if next.heard {
        before.clone()
    } else {
        before.start..before.end - 1
    };
    let right_words = if last.heard {
        after.clone()
    } else {
        after.start + 1..after.end
    };
    let from = match timed[left_words].iter().rev().find(|t| t.heard) {
        Some(anchor) => (anchor.span.end - SLACK_MS).max(anchor.span.mid()),
        None => timed[before.start].span.start,
    };
    let to = match timed[right_words].iter().find(|t| t.heard) {
        Some(anchor) => (anchor.span.start + SLACK_MS).min(anchor.span.mid()),
        None => timed[after.end - 1].span.end,
    };
    (from, to.max(from))
}

/// The script's words as a reader sees them: split at white space, with a lone punctuation
/// mark ("—", "…") kept with the word before it (or after it, at the start).
fn display_words(text: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let mut leading = String::new();
    for piece in text.split_whitespace() {
        if normalise::tokenise(&[piece]).is_empty() {
            match words.last_mut() {
                Some(last) => {
                    last.push(' ');
                    last.push_str(piece);
                }
                None => {
                    leading.push_str(piece);
                    leading.push(' ');
                }
            }
        } else {
            words.push(format!("{}{piece}", std::mem::take(&mut leading)));
        }
    }
    if !leading.is_empty() && words.is_empty() {
        // Only punctuation: nothing to time.
        return Vec::new();
    }
    words
}

/// Script words timed against heard words.
struct Aligned {
    timed: Vec<Timed>,
    /// Script tokens paired with a similar heard token, and all script tokens.
    matched_tokens: (usize, usize),
}

impl Aligned {
    fn new(words: &[String], heard: &[HeardWord], duration_ms: i64) -> Self {
        let heard = timing::clean_heard(
            heard
                .iter()
                .map(|w| (w.text.as_str(), w.start_ms, w.end_ms)),
            duration_ms,
        );
        let heard_texts: Vec<&str> = heard.iter().map(|h| h.text.as_str()).collect();
        let script_tokens = normalise::tokenise(words);
        let heard_tokens = normalise::tokenise(&heard_texts);
        let a: Vec<&str> = script_tokens.iter().map(|t| t.text.as_str()).collect();
        let b: Vec<&str> = heard_tokens.iter().map(|t| t.text.as_str()).collect();
        let pairs = dp::align(&a, &b);
        let matched = pairs
            .iter()
            .filter(|p| p.is_match())
            .map(|p| p.a.len())
            .sum();
        let timed = timing::time_words(
            words.len(),
            &script_tokens,
            &heard_tokens,
            &heard,
            &pairs,
            duration_ms,
        );
        Aligned {
            timed,
            matched_tokens: (matched, script_tokens.len()),
        }
    }
}

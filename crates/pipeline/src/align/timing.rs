//! Times for script words from an alignment: each paired step hands the ASR's time of its
//! heard tokens to its script tokens; script words the ASR missed are interpolated between
//! their timed neighbours. The result is monotonic and never overlaps.

use super::dp::Pair;
use super::normalise::Token;

/// Below this many ms per word, an interpolated run borrows time from its neighbours.
const MIN_INTERPOLATED_MS: i64 = 80;

/// A time span, ms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    pub start: i64,
    pub end: i64,
}

impl Span {
    pub fn mid(self) -> i64 {
        (self.start + self.end) / 2
    }
}

/// The time of one script word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timed {
    pub span: Span,
    /// The ASR heard it: it pairs with a similar heard word. A word that only shares its
    /// place with an unrelated heard word keeps that word's time (it was probably misheard)
    /// but is not trusted as an anchor, like an interpolated one.
    pub heard: bool,
}

/// An ASR word, cleaned: trimmed, inside the audio, monotonic.
#[derive(Clone, Debug)]
pub struct Heard {
    pub text: String,
    pub span: Span,
}

/// Cleans ASR words: times clamped into [0, end_ms], each start at or after the previous
/// word's end (recognisers emit tiny overlaps and zero-length words), and pieces of one word
/// joined. Whisper marks a word's start with a leading space; faster-whisper returns " 1"
/// ",887," for "1,887," and whisper.cpp returns punctuation on its own. Where no text has a
/// leading space (a client trimmed them), only number pieces (",887", ".50", "%") join.
pub fn clean_heard<'a>(
    words: impl Iterator<Item = (&'a str, i64, i64)> + Clone,
    end_ms: i64,
) -> Vec<Heard> {
    let spaced = words
        .clone()
        .any(|(text, _, _)| text.starts_with(char::is_whitespace));
    let mut out: Vec<Heard> = Vec::new();
    let mut floor = 0;
    for (text, start, end) in words {
        let start = start.clamp(floor, end_ms.max(floor));
        let end = end.clamp(start, end_ms.max(start));
        floor = end;
        let piece = match out.last() {
            None => false,
            Some(_) if spaced => !text.starts_with(char::is_whitespace),
            Some(previous) => {
                previous.text.ends_with(|c: char| c.is_ascii_digit()) && is_number_piece(text)
            }
        };
        match out.last_mut() {
            Some(previous) if piece => {
                previous.text.push_str(text.trim());
                previous.span.end = end;
            }
            _ => out.push(Heard {
                text: text.trim().to_owned(),
                span: Span { start, end },
            }),
        }
    }
    out
}

/// ",887", ".50,", "%": the rest of a number split into tokens.
fn is_number_piece(text: &str) -> bool {
    let mut chars = text.chars();
    match chars.next() {
        Some('%') => true,
        Some(',' | '.') => chars.next().is_some_and(|c| c.is_ascii_digit()),
        _ => false,
    }
}

/// Times for `word_count` script words. `script` and `heard_tokens` are the tokens that were
/// aligned into `pairs`; `heard` gives the times of the heard words that the heard tokens
/// name. Words are laid inside [0, end_ms].
pub fn time_words(
    word_count: usize,
    script: &[Token],
    heard_tokens: &[Token],
    heard: &[Heard],
    pairs: &[Pair],
    end_ms: i64,
) -> Vec<Timed> {
    let heard_spans = token_spans(heard_tokens, heard.len(), |w| heard[w].span);
    let mut word_spans: Vec<Option<Span>> = vec![None; word_count];
    let mut similar = vec![false; word_count];
    for pair in pairs.iter().filter(|p| !p.a.is_empty() && !p.b.is_empty()) {
        let spans = &heard_spans[pair.b.clone()];
        let whole = Span {
            start: spans.iter().map(|s| s.start).min().unwrap_or(0),
            end: spans.iter().map(|s| s.end).max().unwrap_or(0),
        };
        // Several script tokens on one heard step ("never the less" / "nevertheless") share
        // its time by length.
        let tokens = &script[pair.a.clone()];
        let weights: Vec<i64> = tokens.iter().map(|t| weight(&t.text)).collect();
        for (token, part) in tokens.iter().zip(divide(whole, &weights)) {
            similar[token.word] |= pair.is_match();
            let slot = &mut word_spans[token.word];
            *slot = Some(match *slot {
                Some(s) => Span {
                    start: s.start.min(part.start),
                    end: s.end.max(part.end),
                },
                None => part,
            });
        }
    }
    let mut timed: Vec<Option<Timed>> = word_spans
        .into_iter()
        .zip(similar)
        .map(|(s, heard)| s.map(|span| Timed { span, heard }))
        .collect();
    make_monotonic(&mut timed, end_ms);
    let weights = word_weights(word_count, script);
    interpolate(timed, &weights, end_ms)
}

/// The span of each token, dividing each word's span among its tokens by length.
fn token_spans(tokens: &[Token], word_count: usize, span_of: impl Fn(usize) -> Span) -> Vec<Span> {
    let mut out = Vec::with_capacity(tokens.len());
    let mut k = 0;
    for word in 0..word_count {
        let first = k;
        while k < tokens.len() && tokens[k].word == word {
            k += 1;
        }
        let weights: Vec<i64> = tokens[first..k].iter().map(|t| weight(&t.text)).collect();
        out.extend(divide(span_of(word), &weights));
    }
    out
}

/// Script words weigh by their tokens' letters; a word without tokens weighs one letter.
fn word_weights(word_count: usize, script: &[Token]) -> Vec<i64> {
    let mut weights = vec![0; word_count];
    for t in script {
        weights[t.word] += weight(&t.text);
    }
    weights.iter().map(|w| (*w).max(1)).collect()
}

fn weight(text: &str) -> i64 {
    text.chars().count().max(1) as i64
}

/// Cuts `span` into consecutive parts proportional to `weights`.
fn divide(span: Span, weights: &[i64]) -> Vec<Span> {
    let total: i64 = weights.iter().sum::<i64>().max(1);
    let length = span.end - span.start;
    let mut acc = 0;
    weights
        .iter()
        .map(|w| {
            let start = span.start + length * acc / total;
            acc += w;
            Span {
                start,
                end: span.start + length * acc / total,
            }
        })
        .collect()
}

fn make_monotonic(timed: &mut [Option<Timed>], end_ms: i64) {
    let mut floor = 0;
    for t in timed.iter_mut().flatten() {
        t.span.start = t.span.start.clamp(floor, end_ms.max(floor));
        t.span.end = t.span.end.clamp(t.span.start, end_ms.max(t.span.start));
        floor = t.span.end;
    }
}

/// Fills each run of untimed words between its timed neighbours (or the audio's ends).
fn interpolate(mut timed: Vec<Option<Timed>>, weights: &[i64], end_ms: i64) -> Vec<Timed> {
    let n = timed.len();
    let mut k = 0;
    while k < n {
        if timed[k].is_some() {
            k += 1;
            continue;
        }
        let first = k;
        while k < n && timed[k].is_none() {
            k += 1;
        }
        let (before, after) = (first.checked_sub(1), (k < n).then_some(k));
        let mut from = before.and_then(|b| timed[b]).map_or(0, |t| t.span.end);
        let mut to = after
            .and_then(|a| timed[a])
            .map_or(end_ms, |t| t.span.start);
        let count = (k - first) as i64;
        if to - from < MIN_INTERPOLATED_MS * count {
            // No room between the neighbours: take the inner halves of their spans.
            if let Some(t) = before.and_then(|b| timed[b].as_mut()) {
                t.span.end = t.span.mid();
                from = t.span.end;
            }
            if let Some(t) = after.and_then(|a| timed[a].as_mut()) {
                t.span.start = t.span.mid();
                to = t.span.start;
            }
        }
        let whole = Span {
            start: from,
            end: to.max(from),
        };
        for (slot, span) in timed[first..k]
            .iter_mut()
            .zip(divide(whole, &weights[first..k]))
        {
            *slot = Some(Timed { span, heard: false });
        }
    }
    timed
        .into_iter()
        .map(|t| {
            // Every slot was filled above: timed ones kept, each untimed run interpolated.
            t.unwrap_or(Timed {
                span: Span {
                    start: end_ms,
                    end: end_ms,
                },
                heard: false,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::dp;
    use super::super::normalise::tokenise;
    use super::*;

    /// Times (start, end, heard) of `script` against heard words (text, start, end).
    fn times(script: &str, heard: &[(&str, i64, i64)], end_ms: i64) -> Vec<(i64, i64, bool)> {
        let words: Vec<&str> = script.split_whitespace().collect();
        let heard = clean_heard(heard.iter().map(|(t, s, e)| (*t, *s, *e)), end_ms);
        let texts: Vec<&str> = heard.iter().map(|h| h.text.as_str()).collect();
        let (a, b) = (tokenise(&words), tokenise(&texts));
        let at: Vec<&str> = a.iter().map(|t| t.text.as_str()).collect();
        let bt: Vec<&str> = b.iter().map(|t| t.text.as_str()).collect();
        let pairs = dp::align(&at, &bt);
        time_words(words.len(), &a, &b, &heard, &pairs, end_ms)
            .iter()
            .map(|t| (t.span.start, t.span.end, t.heard))
            .collect()
    }

    #[test]
    fn heard_words_give_their_times_to_script_words() {
        let t = times(
            "Hello, world.",
            &[(" Hello,", 100, 400), (" world.", 450, 900)],
            1000,
        );
        assert_eq!(t, [(100, 400, true), (450, 900, true)]);
    }

    #[test]
    fn one_heard_number_is_shared_by_the_script_words_that_spell_it() {
        // "twenty twenty-six" is heard as "2026"; "three dollars" as "$3".
        let t = times(
            "In twenty twenty-six three dollars",
            &[("In", 0, 100), ("2026", 100, 1000), ("$3", 1000, 1600)],
            2000,
        );
        // "2026" spans 100–1000 ms; its tokens share it by letters (6, 6, 3).
        assert_eq!(t[1], (100, 460, true));
        assert_eq!(t[2], (460, 1000, true));
        assert_eq!((t[3].0, t[4].1), (1000, 1600));
        assert!(t[3].1 == t[4].0 && t[3].1 > 1000 && t[3].1 < 1600);
    }

    #[test]
    fn one_script_number_takes_the_span_of_the_heard_words() {
        let t = times(
            "It cost $3.",
            &[
                ("It", 0, 100),
                ("cost", 100, 300),
                ("three", 300, 500),
                ("dollars", 500, 900),
            ],
            1000,
        );
        assert_eq!(t[2], (300, 900, true));
    }

    #[test]
    fn dropped_words_are_interpolated_between_their_neighbours() {
        let t = times(
            "one two six four",
            &[("one", 0, 200), ("four", 800, 1000)],
            1000,
        );
        assert_eq!(t[0], (0, 200, true));
        assert_eq!(t[1], (200, 500, false));
        assert_eq!(t[2], (500, 800, false));
        assert_eq!(t[3], (800, 1000, true));
    }

    #[test]
    fn dropped_words_without_room_borrow_from_their_neighbours_and_never_overlap() {
        let t = times(
            "alpha beta gamma",
            &[("alpha", 0, 500), ("gamma", 510, 1000)],
            1000,
        );
        assert_eq!(t[0].1, 250);
        assert_eq!((t[1].0, t[1].1), (250, 755));
        assert_eq!(t[2].0, 755);
        for w in t.windows(2) {
            assert!(w[0].1 <= w[1].0 && w[0].0 <= w[0].1);
        }
    }

    #[test]
    fn nothing_heard_spreads_the_words_over_the_audio() {
        let t = times("aa bb", &[], 1000);
        assert_eq!(t, [(0, 500, false), (500, 1000, false)]);
    }

    #[test]
    fn pieces_of_one_word_are_joined() {
        let pieces = [
            (" In", 0, 200),
            (" 1", 200, 400),
            (",887,", 400, 900),
            (" world", 900, 1000),
            (".", 1000, 1010),
        ];
        let heard = clean_heard(pieces.into_iter(), 2000);
        let words: Vec<(&str, i64, i64)> = heard
            .iter()
            .map(|h| (h.text.as_str(), h.span.start, h.span.end))
            .collect();
        assert_eq!(
            words,
            [("In", 0, 200), ("1,887,", 200, 900), ("world.", 900, 1010)]
        );
        let trimmed = [
            ("cost", 0, 100),
            ("$2", 100, 200),
            (".50,", 200, 300),
            ("10", 300, 400),
            ("%", 400, 500),
            ("of", 500, 600),
        ];
        let heard = clean_heard(trimmed.into_iter(), 2000);
        let texts: Vec<&str> = heard.iter().map(|h| h.text.as_str()).collect();
        assert_eq!(texts, ["cost", "$2.50,", "10%", "of"]);
    }

    #[test]
    fn overlapping_and_out_of_range_asr_times_are_clamped() {
        let heard = clean_heard(
            [("a", 0, 300), ("b", 250, 200), ("c", 900, 1500)].into_iter(),
            1000,
        );
        let spans: Vec<(i64, i64)> = heard.iter().map(|h| (h.span.start, h.span.end)).collect();
        assert_eq!(spans, [(0, 300), (300, 300), (900, 1000)]);
    }
}

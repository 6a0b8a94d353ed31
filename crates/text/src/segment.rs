//! Paragraph to sentences: UAX #29 sentence bounds, then corrections.
//!
//! The Unicode segmenter handles scripts, decimals ("3.14"), closing quotes
//! and most ellipses by itself, but breaks after every abbreviation or
//! initial that a capital follows ("Dr. Smith") and after every `?` or `!`
//! ("“Why?” she asked"). We walk its candidates, cut the few it misses
//! ([`crate::cuts`]) and join a candidate to the previous one when the
//! previous one ends in something that is not a sentence end
//! ([`crate::joins`]).

use std::borrow::Cow;

use unicode_segmentation::UnicodeSegmentation;

use crate::cuts;
use crate::joins::{self, joins};

/// A run of at least this many quote, bracket or other symbol characters is
/// passed around the segmenter. unicode-segmentation 1.x re-scans ahead over
/// closing punctuation for every such character after a full stop (its SB8
/// look-ahead), which is quadratic; real prose never has such runs.
const OPAQUE_RUN_CHARS: usize = 32;

/// Splits one paragraph into trimmed sentences.
///
/// Any run of whitespace (including line breaks) counts as one space and
/// control characters are dropped, so a soft-wrapped paragraph may be passed
/// as is. Candidates without a letter, digit or symbol (a lone "…") are
/// dropped. Markdown is not interpreted here; see [`crate::parse_script`].
pub fn split_sentences(paragraph: &str) -> Vec<String> {
    let text = collapse_whitespace(paragraph);
    let mut sentences: Vec<String> = Vec::new();
    // After an opaque run, the next candidate continues the same sentence:
    // the run never ends one by itself.
    let mut continue_sentence = false;
    for piece in pieces(&text) {
        match piece {
            Piece::Opaque(run) => {
                match sentences.last_mut() {
                    Some(previous) => previous.push_str(run),
                    None => sentences.push(run.to_owned()),
                }
                continue_sentence = true;
            }
            Piece::Text(text) => {
                // UAX #29 keeps opening brackets that directly follow a
                // terminator ("か？「はい") with the sentence before; they
                // belong to the next one.
                let mut carried = "";
                for bound in text.split_sentence_bounds() {
                    let (body, openers) = split_trailing_openers(bound);
                    let candidate: Cow<'_, str> = if carried.is_empty() {
                        Cow::Borrowed(body)
                    } else {
                        Cow::Owned(format!("{carried}{body}"))
                    };
                    carried = openers;
                    for part in cuts::after_ellipses_and_broken_speech(&candidate) {
                        match sentences.last_mut() {
                            Some(previous) if continue_sentence || joins(previous, part) => {
                                previous.push_str(part);
                            }
                            _ => sentences.push(part.to_owned()),
                        }
                        continue_sentence = false;
                    }
                }
                if let Some(last) = sentences.last_mut() {
                    last.push_str(carried);
                }
            }
        }
    }
    let sentences = sentences
        .into_iter()
        .map(|sentence| sentence.trim().to_owned())
        .filter(|sentence| has_content(sentence))
        .collect();
    joins::join_attributions(cuts::reattach_citations(sentences))
}

/// Splits opening brackets and quotes off the end of a sentence candidate
/// that ends in them directly (no space before them and none after).
fn split_trailing_openers(candidate: &str) -> (&str, &str) {
    let body = candidate.trim_end_matches(OPENERS);
    if body.len() == candidate.len() || body.is_empty() || body.ends_with(char::is_whitespace) {
        return (candidate, "");
    }
    candidate.split_at(body.len())
}

/// Opening brackets and quotes; the ASCII `"` and `'` are left out because
/// they close as often as they open.
const OPENERS: &[char] = &[
    '(', '[', '{', '「', '『', '（', '［', '｛', '〈', '《', '【', '〔', '〖', '“', '‘', '«', '„',
];

/// One space for each run of whitespace; control characters dropped.
fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
        } else if !c.is_control() && c != '\u{FEFF}' {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    out
}

enum Piece<'a> {
    Text(&'a str),
    Opaque(&'a str),
}

/// Cuts out long runs of punctuation so the segmenter never sees them.
fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let mut text_start = 0;
    let mut run_start = 0;
    let mut run_chars = 0;
    for (index, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        if is_opaque_candidate(c) {
            if run_chars == 0 {
                run_start = index;
            }
            run_chars += 1;
            continue;
        }
        if run_chars >= OPAQUE_RUN_CHARS {
            if run_start > text_start {
                pieces.push(Piece::Text(&text[text_start..run_start]));
            }
            pieces.push(Piece::Opaque(&text[run_start..index]));
            text_start = index;
        }
        run_chars = 0;
    }
    if text_start < text.len() {
        pieces.push(Piece::Text(&text[text_start..]));
    }
    pieces
}

/// Characters that keep the segmenter's look-ahead going: not letters,
/// digits, spaces or sentence terminators.
fn is_opaque_candidate(c: char) -> bool {
    !(c.is_alphanumeric() || c.is_whitespace() || is_terminator(c))
}

fn is_terminator(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | '。' | '！' | '？' | '．' | '؟' | '۔' | '।' | '…'
    )
}

/// A sentence worth keeping has a letter, a digit or a symbol such as an emoji.
fn has_content(sentence: &str) -> bool {
    sentence
        .chars()
        .any(|c| c.is_alphanumeric() || !(c.is_whitespace() || is_punctuation(c)))
}

fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(c,
            '\u{00A1}' | '\u{00A7}' | '\u{00AB}' | '\u{00B6}' | '\u{00B7}' | '\u{00BB}' | '\u{00BF}'
            | '\u{060C}' | '\u{061B}' | '\u{061F}' | '\u{06D4}' | '\u{0964}' | '\u{0965}'
            | '\u{2010}'..='\u{205E}'
            | '\u{3001}'..='\u{3003}'
            | '\u{3008}'..='\u{3011}'
            | '\u{3014}'..='\u{301F}'
            | '\u{FF01}'..='\u{FF0F}'
            | '\u{FF1A}'..='\u{FF20}'
            | '\u{FF3B}'..='\u{FF40}'
            | '\u{FF5B}'..='\u{FF65}')
}

#[cfg(test)]
#[path = "segment_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "segment_reader_tests.rs"]
mod reader_tests;

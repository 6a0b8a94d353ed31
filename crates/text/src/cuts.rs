//! Breaks UAX #29 does not make and a reader does.
//!
//! - An ellipsis character ends a sentence when a capitalised word follows
//!   ("I waited… Nothing happened."), as three full stops already do; UAX #29
//!   does not count "…" as a terminator.
//! - So does speech broken off by a dash before its closing quote ("This
//!   ring--" He slipped…); an attribution after it is joined back later.
//! - A parenthetical citation that opens a sentence belongs to the sentence
//!   before it ("“…the end.” (Smith, 2004, p. 12) Next…"): it moves back,
//!   and what follows it starts the next sentence.

use crate::joins::ends_with_dash;

/// Longest parenthetical taken for a citation, in bytes: "(Smith and Jones,
/// 2004, pp. 12–14)" fits; a parenthetical sentence usually does not.
const MAX_CITATION_BYTES: usize = 80;

/// Splits `candidate` after each "… " that a capitalised word follows, and
/// after speech broken off by a dash (`--" He`, `—” The`). An ellipsis in
/// brackets ("[…]") marks an omission and never splits.
pub(crate) fn after_ellipses_and_broken_speech(candidate: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut previous = None;
    for (index, c) in candidate.char_indices() {
        let after = index + c.len_utf8();
        let cut = match c {
            '…' if !matches!(previous, Some('[' | '(')) => {
                cut_before_capital(&candidate[after..], false)
            }
            '-' | '—' | '–' if ends_with_dash(&candidate[..after]) => {
                cut_before_capital(&candidate[after..], true)
            }
            _ => None,
        };
        if let Some(cut) = cut {
            parts.push(&candidate[start..after + cut]);
            start = after + cut;
        }
        previous = Some(c);
    }
    parts.push(&candidate[start..]);
    parts
}

/// After an ellipsis or a dash: closing quotes (required after a dash,
/// which otherwise joins clauses), one space, opening quotes and a capital
/// letter mean a new sentence. Returns the byte length up to its start.
fn cut_before_capital(rest: &str, needs_quote: bool) -> Option<usize> {
    let closed = rest.trim_start_matches(['"', '\'', '”', '’', '»']);
    if needs_quote && closed.len() == rest.len() {
        return None;
    }
    let spaced = closed.strip_prefix(' ')?;
    let first = spaced
        .trim_start_matches(['"', '\'', '“', '‘', '«'])
        .chars()
        .next()?;
    first.is_uppercase().then_some(rest.len() - spaced.len())
}

/// Moves a parenthetical citation that opens a sentence to the end of the
/// sentence before it. `sentences` are trimmed; so are the results.
pub(crate) fn reattach_citations(sentences: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(sentences.len());
    for sentence in sentences {
        let Some(previous) = out.last_mut() else {
            out.push(sentence);
            continue;
        };
        match leading_citation(&sentence) {
            Some((citation, rest)) => {
                previous.push(' ');
                previous.push_str(citation);
                let rest = rest.trim();
                if !rest.is_empty() {
                    out.push(rest.to_owned());
                }
            }
            None => out.push(sentence),
        }
    }
    out
}

/// "(Smith, 2004, p. 12) Next one." → ("(Smith, 2004, p. 12)", " Next one.");
/// "(p. 4)." → ("(p. 4).", ""). A citation is short, holds a digit and no
/// question, exclamation or final full stop (that would be a parenthetical
/// sentence: "(It was 1904.)"). A lower-case word after it keeps the whole
/// sentence together.
fn leading_citation(sentence: &str) -> Option<(&str, &str)> {
    let inner_start = sentence.strip_prefix('(')?;
    let window_end = floor_boundary(inner_start, MAX_CITATION_BYTES);
    let close = inner_start[..window_end].find(')')?;
    let inner = &inner_start[..close];
    // "(1)" and "(12)" are list markers, not citations: a citation names a
    // source or a page ("(Smith, 2004)", "(p. 4)").
    let is_citation = inner.bytes().any(|b| b.is_ascii_digit())
        && inner.contains(|c: char| c.is_alphabetic() || c == ',')
        && !inner.contains(['?', '!', '(', '"', '“'])
        && !inner.trim_end().ends_with('.');
    if !is_citation {
        return None;
    }
    let end = 1 + close + 1;
    let rest = &sentence[end..];
    // Punctuation straight after the parenthesis (".", ",") belongs to it:
    // then the rest is the tail of the same sentence and nothing is cut.
    let cut = rest.chars().next().is_some_and(char::is_whitespace)
        && !rest
            .trim_start()
            .chars()
            .next()
            .is_some_and(char::is_lowercase);
    if cut {
        Some((&sentence[..end], rest))
    } else {
        Some((sentence, ""))
    }
}

/// The largest char boundary of `text` at or below `index`.
fn floor_boundary(text: &str, index: usize) -> usize {
    if index >= text.len() {
        return text.len();
    }
    let mut index = index;
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

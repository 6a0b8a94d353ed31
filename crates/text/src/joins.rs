//! Should a sentence candidate continue the one before it?
//!
//! UAX #29 breaks after every full stop, question or exclamation mark that a
//! capital follows, and after `?` and `!` before anything. A careful reader
//! does not: "Dr. Smith", "“Is it over?” she asked", "Yahoo! News",
//! "steps: 1. Mix" are each one sentence. Each rule below undoes one kind of
//! break; the word tables live in [`crate::abbreviations`] and
//! [`crate::lexicon`].

use crate::abbreviations::{self, AbbreviationClass};
use crate::lexicon;

/// Closing quotes and brackets that may stand between a terminator and the
/// space after it.
const CLOSERS: &[char] = &['"', '\'', '”', '’', '»', ')', ']', '}', '）', '」', '』'];

/// Omission marks inside a quotation: they stand for left-out words, never
/// for the end of a sentence.
const OMISSIONS: &[&str] = &["[...]", "[…]", "[. . .]", "(...)", "(…)", "(. . .)"];

/// How many words after a quoted question may come before its speech verb
/// ("Is it over?" the old man asked): enough for a name with a title.
const ATTRIBUTION_WORDS: usize = 4;

/// Should `next` continue the sentence that `previous` started?
pub(crate) fn joins(previous: &str, next: &str) -> bool {
    let prev = previous.trim_end();
    let next_trimmed = next.trim_start();
    let Some(next_first) = next_trimmed.chars().next() else {
        return true;
    };
    // "Node.JS", "ASP.NET": a full stop glued to the next word is not an end.
    if previous.len() == prev.len() && prev.ends_with('.') && next_first.is_alphanumeric() {
        return true;
    }
    // Japanese quotes: 「はい。」と言った is one sentence.
    if (prev.ends_with('」') || prev.ends_with('』')) && matches!(next_first, 'と' | 'っ') {
        return true;
    }
    if OMISSIONS.iter().any(|mark| prev.ends_with(mark)) {
        return true;
    }
    let next_word = next_trimmed.split_whitespace().next().unwrap_or_default();
    let unquoted = prev.trim_end_matches(CLOSERS);
    if unquoted.ends_with(['?', '!']) {
        return continues_after_question_or_exclamation(prev, unquoted, next_trimmed, next_word);
    }
    if ends_with_list_marker(prev) {
        return true;
    }
    continues_after_abbreviation(prev, next_word)
}

/// After `?` or `!`: a lower-case word goes on ("Panic! at the Disco",
/// "“Why?” she asked", "Why? said he"); after a name such as "Yahoo!", a
/// capitalised word that does not open a sentence ("Yahoo! News").
fn continues_after_question_or_exclamation(
    prev: &str,
    unquoted: &str,
    next: &str,
    next_word: &str,
) -> bool {
    let quoted = unquoted.len() < prev.len();
    if starts_lower_case(next_word) {
        // A bare question followed by a lower-case word is, in older prose,
        // the next question of a series ("What is my trespass? what is my
        // sin?"): two sentences, unless the words attribute it.
        return quoted || unquoted.ends_with('!') || is_attribution(next);
    }
    // A capitalised attribution ("“Why?” Mr. Holmes asked") may span several
    // candidates; [`join_attributions`] decides on whole sentences.
    !quoted && lexicon::ends_with_exclaimed_name(unquoted) && continues_after_maybe_final(next_word)
}

/// Joins a sentence that attributes the quoted question or exclamation
/// before it ("“Is it over?” Holmes asked.") to that quotation. Runs on
/// whole, trimmed sentences, so a name with a title ("Mr. Holmes") is seen.
pub(crate) fn join_attributions(sentences: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(sentences.len());
    for sentence in sentences {
        match out.last_mut() {
            Some(previous) if ends_with_quoted_question(previous) && is_attribution(&sentence) => {
                previous.push(' ');
                previous.push_str(&sentence);
            }
            _ => out.push(sentence),
        }
    }
    out
}

/// `?"`, `!”`, `?'`, or speech broken off (`--"`, `—”`): a quotation that
/// an attribution may follow with a capital.
fn ends_with_quoted_question(sentence: &str) -> bool {
    let unquoted = sentence.trim_end_matches(['"', '\'', '”', '’', '»']);
    unquoted.len() < sentence.len() && (unquoted.ends_with(['?', '!']) || ends_with_dash(unquoted))
}

/// "--", "—" or "–" at the end: speech or a thought broken off.
pub(crate) fn ends_with_dash(text: &str) -> bool {
    text.ends_with("--") || text.ends_with(['—', '–'])
}

/// "Holmes asked.", "I said", "the old man cried": a speech verb within the
/// first few words, with no clause-ending punctuation before it.
fn is_attribution(next: &str) -> bool {
    let first = next.split_whitespace().next().unwrap_or_default();
    if lexicon::is_never_a_speaker(first) {
        return false;
    }
    for word in next.split_whitespace().take(ATTRIBUTION_WORDS) {
        if lexicon::is_speech_verb(word) {
            return true;
        }
        let ends_clause = word.ends_with([',', ';', ':', '?', '!'])
            || (word.ends_with('.') && abbreviations::classify(word).is_none());
        if ends_clause {
            return false;
        }
    }
    false
}

/// "steps: 1.", "a. red, b.", or a candidate that is only "2.": a number of
/// up to three digits or one lower-case letter with a full stop, opening an
/// inline list item rather than ending a sentence.
fn ends_with_list_marker(prev: &str) -> bool {
    let marker = last_word_of(prev);
    let Some(stem) = marker.strip_suffix('.') else {
        return false;
    };
    let stem = stem.trim_start_matches('(');
    let numbered = (1..=3).contains(&stem.len()) && stem.bytes().all(|b| b.is_ascii_digit());
    let lettered = stem.len() == 1 && stem.chars().all(|c| c.is_ascii_lowercase());
    if !(numbered || lettered) {
        return false;
    }
    let before = prev[..prev.len() - marker.len()].trim_end();
    before.is_empty()
        || before.ends_with([':', ',', ';', '—', '–'])
        || matches!(last_word_of(before), "and" | "or" | "then")
}

/// The rules of [`abbreviations::classify`], applied to the last word of
/// `prev`.
fn continues_after_abbreviation(prev: &str, next_word: &str) -> bool {
    let raw_last_word = last_word_of(prev);
    let before = prev[..prev.len() - raw_last_word.len()].trim_end();
    let last_word = abbreviation_of(raw_last_word);
    let next_starts_with_digit = abbreviations::strip_openers(next_word)
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit());
    match abbreviations::classify(last_word) {
        Some(AbbreviationClass::Prefix) => true,
        Some(AbbreviationClass::BeforeNumber) => next_starts_with_digit,
        Some(AbbreviationClass::Month) => {
            next_starts_with_digit || continues_after_maybe_final(next_word)
        }
        Some(AbbreviationClass::PrefixUnlessAfterNumber) => {
            !last_word_of(before).starts_with(|c: char| c.is_ascii_digit())
        }
        Some(AbbreviationClass::MaybeFinal) => {
            !is_roman_numeral_after_numbered_word(before, last_word)
                && continues_after_maybe_final(next_word)
        }
        None => false,
    }
}

/// The part of a last word that may be an abbreviation: closing quotes
/// dropped ("our 'Co.'") and only what follows a dash ("Hosmer--Mr.").
fn abbreviation_of(word: &str) -> &str {
    let word = word.trim_end_matches(['"', '\'', '”', '’']);
    let after_dash = word
        .rfind("--")
        .map(|dash| dash + 2)
        .or_else(|| word.rfind(['—', '–']).map(|dash| dash + '—'.len_utf8()));
    match after_dash {
        Some(start) if start < word.len() => &word[start..],
        _ => word,
    }
}

/// "World War I.", "Part V.", "Henry V.": a lone I, V or X after a word
/// that is numbered is a numeral, so the full stop ends the sentence like
/// any other ("World War II." already does: it is not an initial).
fn is_roman_numeral_after_numbered_word(before: &str, last_word: &str) -> bool {
    matches!(last_word, "I." | "V." | "X.") && lexicon::is_numbered_word(last_word_of(before))
}

/// True when the word starts (after opening quotes) with a lower-case letter.
fn starts_lower_case(word: &str) -> bool {
    abbreviations::strip_openers(word)
        .chars()
        .next()
        .is_some_and(char::is_lowercase)
}

/// The last word of `text`, or "" when it is longer than any abbreviation.
/// Only the tail is scanned, so joining many candidates onto a long run
/// without spaces stays linear.
pub(crate) fn last_word_of(text: &str) -> &str {
    const WINDOW_BYTES: usize = 32;
    let mut start = text.len().saturating_sub(WINDOW_BYTES);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    let tail = &text[start..];
    match tail.rfind(char::is_whitespace) {
        Some(space) => tail[space..].trim_start(),
        None if start == 0 => tail,
        None => "",
    }
}

/// After "U.S." or an initial: another initial or a capitalised word that is
/// not a common opener continues the sentence ("J. R. R. Tolkien", "U.S. Army").
fn continues_after_maybe_final(next_word: &str) -> bool {
    // "U. S. A., there is": a comma after the next initial does not make it
    // the article "A".
    if abbreviations::is_initials(next_word.trim_end_matches([',', ';', ':'])) {
        return true;
    }
    let starts_upper = abbreviations::strip_openers(next_word)
        .chars()
        .next()
        .is_some_and(char::is_uppercase);
    starts_upper && !abbreviations::is_sentence_opener(next_word)
}

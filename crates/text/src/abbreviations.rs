//! Which words ending in a full stop do not end a sentence.
//!
//! UAX #29 breaks after "Dr. " when a capital follows, because it cannot know
//! that "Dr." is an abbreviation. These tables let the segmenter undo such
//! breaks. Each class says how sure we are that the full stop is not the end
//! of a sentence, because some abbreviations ("etc.", "U.S.") often are.

/// How an abbreviation before a sentence break should be treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AbbreviationClass {
    /// Titles and connectives that always have a word after them
    /// ("Dr. Smith", "e.g. Paris"): never end a sentence.
    Prefix,
    /// Words that abbreviate before a number ("No. 5", "Fig. 3"): not a
    /// sentence end when a digit follows; otherwise "No." is the word "no".
    BeforeNumber,
    /// Month names ("Jan. 5"): joined before a digit, otherwise treated like
    /// [`AbbreviationClass::MaybeFinal`].
    Month,
    /// Russian "г.": город before a name ("в г. Москве") but год after a
    /// year ("в 2020 г. Мы"): joined unless the word before is a number.
    PrefixUnlessAfterNumber,
    /// Abbreviations that often end a sentence ("etc.", "U.S.", "Inc.",
    /// "St." for street or saint) and capital initials: joined unless the
    /// next word is a common sentence opener.
    MaybeFinal,
}

/// Lower-case forms without the final full stop.
const PREFIX: &[&str] = &[
    "mr", "mrs", "ms", "messrs", "dr", "prof", "mt", "vs", "e.g", "i.e", "cf", "rev", "gen", "col",
    "capt", "lt", "sgt", "hon", "gov", "sen", "rep", "z.b", "d.h", "ул", "им", "проф",
];

const BEFORE_NUMBER: &[&str] = &[
    "no", "nos", "fig", "figs", "vol", "vols", "ch", "p", "pp", "eq",
];

const MONTHS: &[&str] = &[
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
];

const MAYBE_FINAL: &[&str] = &[
    "etc", "st", "inc", "ltd", "co", "corp", "jr", "sr", "u.s", "u.s.a", "u.k", "u.n", "e.u",
    "a.m", "p.m", "ph.d", "b.c", "a.d", "approx", "dept",
];

/// Words that usually open an English sentence. After a "maybe final"
/// abbreviation or an initial, one of these means a new sentence starts
/// ("in the U.S. The next day"), anything else that the sentence goes on
/// ("the U.S. Army", "J. R. R. Tolkien"). Lower-case.
const SENTENCE_OPENERS: &[&str] = &[
    "a",
    "after",
    "all",
    "also",
    "an",
    "and",
    "as",
    "at",
    "because",
    "before",
    "but",
    "by",
    "each",
    "every",
    "finally",
    "first",
    "for",
    "from",
    "he",
    "her",
    "here",
    "his",
    "how",
    "however",
    "i",
    "if",
    "in",
    "it",
    "its",
    "later",
    "let",
    "many",
    "meanwhile",
    "most",
    "my",
    "next",
    "no",
    "not",
    "now",
    "of",
    "on",
    "once",
    "one",
    "or",
    "our",
    "please",
    "she",
    "since",
    "so",
    "some",
    "soon",
    "still",
    "that",
    "the",
    "their",
    "then",
    "there",
    "therefore",
    "these",
    "they",
    "this",
    "those",
    "thus",
    "to",
    "today",
    "tomorrow",
    "we",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "why",
    "with",
    "yesterday",
    "yet",
    "you",
    "your",
];

/// Longest token worth looking up; longer words are never abbreviations, and
/// the bound keeps the look-up constant-time on pathological input.
const MAX_TOKEN_BYTES: usize = 24;

/// Classifies the last word of a sentence candidate, e.g. `"Dr."`.
///
/// The word must end in `.`; leading opening brackets or quotes are ignored.
pub(crate) fn classify(word: &str) -> Option<AbbreviationClass> {
    let word = strip_openers(word);
    if word.len() > MAX_TOKEN_BYTES {
        return None;
    }
    let stem = word.strip_suffix('.')?;
    let lower = stem.to_lowercase();
    let lower = lower.as_str();
    if PREFIX.contains(&lower) {
        Some(AbbreviationClass::Prefix)
    } else if BEFORE_NUMBER.contains(&lower) {
        Some(AbbreviationClass::BeforeNumber)
    } else if MONTHS.contains(&lower) {
        Some(AbbreviationClass::Month)
    } else if lower == "г" {
        Some(AbbreviationClass::PrefixUnlessAfterNumber)
    } else if MAYBE_FINAL.contains(&lower) || is_initials(word) {
        Some(AbbreviationClass::MaybeFinal)
    } else {
        None
    }
}

/// True for one or more capital initials, each followed by a full stop:
/// "J.", "J.R.R.", "А." (Cyrillic).
pub(crate) fn is_initials(word: &str) -> bool {
    let word = strip_openers(word);
    if word.is_empty() || word.len() > MAX_TOKEN_BYTES {
        return false;
    }
    let mut chars = word.chars();
    loop {
        match (chars.next(), chars.next()) {
            (None, _) => return true,
            (Some(letter), Some('.')) if letter.is_uppercase() => continue,
            _ => return false,
        }
    }
}

/// True when `word` (the first word of the next candidate) is a common
/// sentence opener such as "The" or "However,".
pub(crate) fn is_sentence_opener(word: &str) -> bool {
    let word = strip_openers(word).trim_end_matches(|c: char| !c.is_alphanumeric());
    if word.is_empty() || word.len() > MAX_TOKEN_BYTES {
        return false;
    }
    SENTENCE_OPENERS.contains(&word.to_lowercase().as_str())
}

/// Drops opening brackets and quotes that may precede a word.
pub(crate) fn strip_openers(word: &str) -> &str {
    word.trim_start_matches(['(', '[', '{', '"', '\'', '“', '‘', '«', '„', '¿', '¡'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_prefixes_in_any_case() {
        assert_eq!(classify("Dr."), Some(AbbreviationClass::Prefix));
        assert_eq!(classify("MRS."), Some(AbbreviationClass::Prefix));
        assert_eq!(classify("(e.g."), Some(AbbreviationClass::Prefix));
    }

    #[test]
    fn ordinary_words_and_words_without_stop_are_not_abbreviations() {
        assert_eq!(classify("house."), None);
        assert_eq!(classify("Dr"), None);
        assert_eq!(classify(&"x".repeat(100)), None);
    }

    #[test]
    fn capital_initials_are_recognised_but_lower_case_letters_are_not() {
        assert!(is_initials("J."));
        assert!(is_initials("J.R.R."));
        assert!(is_initials("А."));
        assert!(!is_initials("j."));
        assert!(!is_initials("JR."));
        assert!(!is_initials("J"));
    }

    #[test]
    fn openers_ignore_trailing_punctuation_and_case() {
        assert!(is_sentence_opener("However,"));
        assert!(is_sentence_opener("\"The"));
        assert!(!is_sentence_opener("Army"));
    }
}

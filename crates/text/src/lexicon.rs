//! Word lists for the rules that look past a sentence terminator: speech
//! verbs (attributions after a quoted question), names that end in an
//! exclamation mark, and the words after which a capital letter is a roman
//! numeral rather than an initial. All lower-case.

/// Verbs that attribute a quotation ("she asked", "Holmes cried"). A
/// capitalised word after a quoted question or exclamation is an
/// attribution, not a new sentence, when one of these follows it closely.
const SPEECH_VERBS: &[&str] = &[
    "added",
    "admitted",
    "agreed",
    "announced",
    "answered",
    "argued",
    "asked",
    "asks",
    "began",
    "called",
    "continued",
    "cried",
    "cries",
    "declared",
    "demanded",
    "echoed",
    "ejaculated",
    "exclaimed",
    "explained",
    "gasped",
    "groaned",
    "growled",
    "inquired",
    "insisted",
    "interrupted",
    "laughed",
    "moaned",
    "murmured",
    "muttered",
    "observed",
    "pleaded",
    "protested",
    "remarked",
    "repeated",
    "replied",
    "responded",
    "retorted",
    "returned",
    "roared",
    "said",
    "says",
    "screamed",
    "shouted",
    "shrieked",
    "sighed",
    "snapped",
    "sobbed",
    "stammered",
    "suggested",
    "wailed",
    "whispered",
    "wondered",
    "yelled",
];

/// First words of a clause that answers a question instead of attributing
/// it: "“Who?” Nobody answered." and "Is it I? and another said, …" are
/// two sentences each.
const NEVER_SPEAKERS: &[&str] = &[
    "all",
    "and",
    "but",
    "everybody",
    "everyone",
    "no",
    "nobody",
    "none",
    "nothing",
    "or",
    "somebody",
    "someone",
    "then",
];

/// Names written with an exclamation mark that is not a sentence end.
/// After one of these, a capitalised word that is not a common sentence
/// opener continues the sentence ("Yahoo! News", but "Yahoo! It failed").
/// Names that are also ordinary exclamations ("Panic!", "Hello!") are left
/// out: the lower-case rule already keeps "Panic! at the Disco" whole.
const EXCLAIMED_NAMES: &[&str] = &[
    "yahoo",
    "jeopardy",
    "wham",
    "oklahoma",
    "airplane",
    "mamma mia",
    "godspeed you",
    "westward ho",
];

/// Words after which "I", "V" or "X" plus a full stop is a numeral ending
/// the sentence ("World War I. Soldiers…"), not an initial ("George W. Bush").
const NUMBERED_WORDS: &[&str] = &[
    "act", "appendix", "article", "book", "canto", "chapter", "part", "phase", "scene", "section",
    "stage", "title", "volume", "war", "edward", "george", "henry", "james", "john", "louis",
    "pius", "richard", "william",
];

/// True when `word` (trailing punctuation ignored) is a speech verb.
pub(crate) fn is_speech_verb(word: &str) -> bool {
    let word = word.trim_end_matches(|c: char| !c.is_alphanumeric());
    word.len() <= 16 && SPEECH_VERBS.contains(&word.to_lowercase().as_str())
}

/// True when `word` (opening quotes and trailing punctuation ignored) is a
/// subject that does not attribute a quotation, such as "Nobody".
pub(crate) fn is_never_a_speaker(word: &str) -> bool {
    let word = word.trim_matches(|c: char| !c.is_alphanumeric());
    word.len() <= 16 && NEVER_SPEAKERS.contains(&word.to_lowercase().as_str())
}

/// True when `text` ends in a known name with its exclamation mark,
/// e.g. "I searched Yahoo!".
pub(crate) fn ends_with_exclaimed_name(text: &str) -> bool {
    let Some(stem) = text.strip_suffix('!') else {
        return false;
    };
    EXCLAIMED_NAMES.iter().any(|name| {
        let Some(start) = stem.len().checked_sub(name.len()) else {
            return false;
        };
        // Both cut points must be char boundaries before slicing; the
        // names are ASCII, so a non-boundary start cannot match anyway.
        stem.is_char_boundary(start)
            && stem[start..].eq_ignore_ascii_case(name)
            && stem[..start]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric())
    })
}

/// True when `word` names something numbered, so a capital letter after
/// it is a roman numeral.
pub(crate) fn is_numbered_word(word: &str) -> bool {
    let word = word.trim_matches(|c: char| !c.is_alphanumeric());
    word.len() <= 16 && NUMBERED_WORDS.contains(&word.to_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speech_verbs_ignore_case_and_trailing_punctuation() {
        assert!(is_speech_verb("asked."));
        assert!(is_speech_verb("Said,"));
        assert!(!is_speech_verb("opened."));
    }

    #[test]
    fn exclaimed_names_match_whole_words_only() {
        assert!(ends_with_exclaimed_name("I searched Yahoo!"));
        assert!(ends_with_exclaimed_name("Jeopardy!"));
        assert!(!ends_with_exclaimed_name("Let's go now!"));
        assert!(!ends_with_exclaimed_name("Ergo!"));
        assert!(!ends_with_exclaimed_name("Yahoo"));
    }

    #[test]
    fn numbered_words_include_wars_parts_and_kings() {
        assert!(is_numbered_word("War"));
        assert!(is_numbered_word("(Part"));
        assert!(!is_numbered_word("Bush"));
    }
}

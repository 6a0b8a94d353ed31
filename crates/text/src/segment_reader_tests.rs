//! Breaks a careful reader would not make (issue 10 §5), one behaviour per test.

use super::split_sentences as split;

#[test]
fn quoted_question_followed_by_its_attribution_is_one_sentence() {
    assert_eq!(
        split("\"Is it over?\" she asked. Then silence."),
        ["\"Is it over?\" she asked.", "Then silence."]
    );
}

#[test]
fn attribution_after_curly_and_single_quotes_and_exclamations_stays() {
    assert_eq!(
        split("“Is it over?” she asked. 'Stop!' he cried. “Run!” shouted the guard."),
        [
            "“Is it over?” she asked.",
            "'Stop!' he cried.",
            "“Run!” shouted the guard."
        ]
    );
}

#[test]
fn capitalised_attribution_with_a_speech_verb_stays() {
    assert_eq!(
        split("\"Is it over?\" Holmes asked. \"Why?\" I said. \"Now?\" Mr. Holmes cried."),
        [
            "\"Is it over?\" Holmes asked.",
            "\"Why?\" I said.",
            "\"Now?\" Mr. Holmes cried."
        ]
    );
}

#[test]
fn capitalised_word_after_a_quoted_question_starts_a_new_sentence() {
    assert_eq!(
        split("\"Is it over?\" The door opened. “Who’s there?” Nobody, it seemed."),
        [
            "\"Is it over?\"",
            "The door opened.",
            "“Who’s there?”",
            "Nobody, it seemed."
        ]
    );
}

#[test]
fn ellipses_inside_a_sentence_do_not_split_before_a_lower_case_word() {
    assert_eq!(
        split("Wait . . . what was that? It was... nothing. Well… maybe not."),
        [
            "Wait . . . what was that?",
            "It was... nothing.",
            "Well… maybe not."
        ]
    );
}

#[test]
fn ellipsis_at_the_end_splits_before_a_capitalised_sentence() {
    assert_eq!(
        split("I waited . . . Nothing. I waited... Nothing. I waited… Nothing. “So…” He left."),
        [
            "I waited . . .",
            "Nothing.",
            "I waited...",
            "Nothing.",
            "I waited…",
            "Nothing.",
            "“So…”",
            "He left."
        ]
    );
}

#[test]
fn exclamation_mark_inside_a_known_name_does_not_end_the_sentence() {
    assert_eq!(
        split("I searched Yahoo! News daily. She won on Jeopardy! Tournament of Champions."),
        [
            "I searched Yahoo! News daily.",
            "She won on Jeopardy! Tournament of Champions."
        ]
    );
}

#[test]
fn exclamation_in_a_name_followed_by_lower_case_continues() {
    assert_eq!(
        split("Panic! at the Disco played. Yahoo! was sold."),
        ["Panic! at the Disco played.", "Yahoo! was sold."]
    );
}

#[test]
fn known_name_with_exclamation_still_ends_before_a_sentence_opener() {
    assert_eq!(
        split("We watched Jeopardy! The host smiled."),
        ["We watched Jeopardy!", "The host smiled."]
    );
}

#[test]
fn ordinary_exclamation_before_a_capital_ends_the_sentence() {
    assert_eq!(split("Help! Someone come!"), ["Help!", "Someone come!"]);
}

#[test]
fn bracketed_omissions_never_end_a_sentence() {
    assert_eq!(
        split("He wrote that [...] the plan failed. He wrote [...] The plan failed. A text (...) Then more. Also […] This. And [. . .] That."),
        [
            "He wrote that [...] the plan failed.",
            "He wrote [...] The plan failed.",
            "A text (...) Then more.",
            "Also […] This.",
            "And [. . .] That."
        ]
    );
}

#[test]
fn parenthetical_citation_after_a_quote_stays_with_its_sentence() {
    assert_eq!(
        split("She wrote, \"This is the end.\" (Smith, 2004, p. 12) The next one began."),
        [
            "She wrote, \"This is the end.\" (Smith, 2004, p. 12)",
            "The next one began."
        ]
    );
}

#[test]
fn citation_followed_by_a_full_stop_stays_whole() {
    assert_eq!(
        split("He said “it ends.” (Jones and Lee, 1999). Then it did."),
        ["He said “it ends.” (Jones and Lee, 1999).", "Then it did."]
    );
}

#[test]
fn sentence_ends_after_a_page_reference_in_parentheses() {
    assert_eq!(
        split("It was true (p. 4). Next came more."),
        ["It was true (p. 4).", "Next came more."]
    );
}

#[test]
fn parenthetical_sentence_is_not_taken_for_a_citation() {
    assert_eq!(
        split("He left. (It was 1904.) Then he came back."),
        ["He left.", "(It was 1904.)", "Then he came back."]
    );
}

#[test]
fn single_letter_initials_stay_with_the_name() {
    assert_eq!(
        split("J. R. R. Tolkien met George W. Bush and J. Smith. They talked."),
        [
            "J. R. R. Tolkien met George W. Bush and J. Smith.",
            "They talked."
        ]
    );
}

#[test]
fn roman_numerals_end_a_sentence_before_a_new_sentence() {
    assert_eq!(
        split("Then came World War II. Then peace. It was King George III. He was mad. Henry VIII. of England wed six times."),
        [
            "Then came World War II.",
            "Then peace.",
            "It was King George III.",
            "He was mad.",
            "Henry VIII. of England wed six times."
        ]
    );
}

#[test]
fn single_letter_numeral_after_a_numbered_word_ends_the_sentence() {
    assert_eq!(
        split("It began in World War I. Soldiers died. He read Part V. Shakespeare was next."),
        [
            "It began in World War I.",
            "Soldiers died.",
            "He read Part V.",
            "Shakespeare was next."
        ]
    );
}

#[test]
fn part_and_chapter_headings_split_from_their_titles() {
    assert_eq!(
        split("Part II. The Return. Chapter IV. It begins."),
        ["Part II.", "The Return.", "Chapter IV.", "It begins."]
    );
}

#[test]
fn numbered_inline_list_does_not_split_at_its_markers() {
    assert_eq!(
        split("There are three steps: 1. mix, 2. bake, 3. serve. Steps: 1. Mix, 2. Bake and 3. Serve."),
        [
            "There are three steps: 1. mix, 2. bake, 3. serve.",
            "Steps: 1. Mix, 2. Bake and 3. Serve."
        ]
    );
}

#[test]
fn numbered_items_that_are_sentences_keep_their_numbers() {
    assert_eq!(
        split("Steps: 1. Mix the flour. 2. Bake it."),
        ["Steps: 1. Mix the flour.", "2. Bake it."]
    );
}

#[test]
fn lettered_inline_lists_do_not_split_at_their_markers() {
    assert_eq!(
        split("Pick (a) first (b) second. Or a) one b) two. Options: a. Red, b. Blue."),
        [
            "Pick (a) first (b) second.",
            "Or a) one b) two.",
            "Options: a. Red, b. Blue."
        ]
    );
}

#[test]
fn number_ending_a_sentence_is_not_a_list_marker() {
    assert_eq!(
        split("The answer was 42. Then we left. In (1) we mix. In (2) we bake."),
        [
            "The answer was 42.",
            "Then we left.",
            "In (1) we mix.",
            "In (2) we bake."
        ]
    );
}

#[test]
fn series_of_bare_questions_in_lower_case_are_separate_sentences() {
    assert_eq!(
        split("What is my trespass? what is my sin? Why? said he."),
        ["What is my trespass?", "what is my sin?", "Why? said he."]
    );
}

#[test]
fn speech_broken_off_by_a_dash_ends_before_a_capital() {
    assert_eq!(
        split("\"This ring--\" He slipped it off. \"I think—” Holmes began. \"Well--\" and he stopped."),
        [
            "\"This ring--\"",
            "He slipped it off.",
            "\"I think—” Holmes began.",
            "\"Well--\" and he stopped."
        ]
    );
}

#[test]
fn abbreviations_in_quotes_or_after_a_dash_still_join() {
    assert_eq!(
        split("Hosmer--Mr. Angel--was a cashier. Like our 'Co.' 'P,' of course, is Papier. Lebanon, U. S. A., is far."),
        [
            "Hosmer--Mr. Angel--was a cashier.",
            "Like our 'Co.' 'P,' of course, is Papier.",
            "Lebanon, U. S. A., is far."
        ]
    );
}

#[test]
fn clause_opened_by_a_conjunction_after_a_question_is_not_an_attribution() {
    assert_eq!(
        split("Is it I? and another said, Is it I? \"Who?\" And he said nothing."),
        [
            "Is it I?",
            "and another said, Is it I?",
            "\"Who?\"",
            "And he said nothing."
        ]
    );
}

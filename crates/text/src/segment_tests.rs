use super::split_sentences;

fn split(text: &str) -> Vec<String> {
    split_sentences(text)
}

#[test]
fn titles_before_names_do_not_end_sentences() {
    assert_eq!(
        split("Dr. Smith met Mr. and Mrs. Jones. They talked with Ms. Grey and Prof. Xavier."),
        [
            "Dr. Smith met Mr. and Mrs. Jones.",
            "They talked with Ms. Grey and Prof. Xavier."
        ]
    );
}

#[test]
fn saint_joins_a_name_but_street_may_end_a_sentence() {
    assert_eq!(
        split("We walked to St. Paul's Cathedral. It is on Main St. The door was shut."),
        [
            "We walked to St. Paul's Cathedral.",
            "It is on Main St.",
            "The door was shut."
        ]
    );
}

#[test]
fn latin_connectives_and_versus_do_not_end_sentences() {
    assert_eq!(
        split("Pick a fruit, e.g. Apples or pears. Use one, i.e. The ripe one. Team A vs. Team B drew."),
        ["Pick a fruit, e.g. Apples or pears.", "Use one, i.e. The ripe one.", "Team A vs. Team B drew."]
    );
}

#[test]
fn etc_ends_a_sentence_only_before_a_new_sentence() {
    assert_eq!(
        split("Apples, pears, etc. are fruit. We bought apples, pears, etc. Then we left."),
        [
            "Apples, pears, etc. are fruit.",
            "We bought apples, pears, etc.",
            "Then we left."
        ]
    );
}

#[test]
fn country_abbreviations_stay_inside_names_but_may_end_a_sentence() {
    assert_eq!(
        split(
            "The U.S. Army met the U.K. Parliament. She moved to the U.S. The weather was better."
        ),
        [
            "The U.S. Army met the U.K. Parliament.",
            "She moved to the U.S.",
            "The weather was better."
        ]
    );
}

#[test]
fn clock_times_do_not_split_unless_a_sentence_follows() {
    assert_eq!(
        split("At 5 p.m. Monday we left. We met at 10 a.m. The sun was up."),
        [
            "At 5 p.m. Monday we left.",
            "We met at 10 a.m.",
            "The sun was up."
        ]
    );
}

#[test]
fn number_abbreviations_join_before_digits_only() {
    assert_eq!(
        split("See Fig. 3 for details. No. 5 Main Street is closed. No. I will not go."),
        [
            "See Fig. 3 for details.",
            "No. 5 Main Street is closed.",
            "No.",
            "I will not go."
        ]
    );
}

#[test]
fn month_abbreviations_join_before_dates() {
    assert_eq!(
        split("It opened on Sept. 12 and closed in Dec. The building stayed empty."),
        [
            "It opened on Sept. 12 and closed in Dec.",
            "The building stayed empty."
        ]
    );
}

#[test]
fn company_and_name_suffixes_join_unless_a_sentence_follows() {
    assert_eq!(
        split("Martin Luther King Jr. Day is a holiday. He founded Acme Ltd. The firm grew."),
        [
            "Martin Luther King Jr. Day is a holiday.",
            "He founded Acme Ltd.",
            "The firm grew."
        ]
    );
}

#[test]
fn initials_stay_with_the_name() {
    assert_eq!(
        split("J. R. R. Tolkien wrote books. J.R.R. Tolkien again. We chose plan B. Then we left."),
        [
            "J. R. R. Tolkien wrote books.",
            "J.R.R. Tolkien again.",
            "We chose plan B.",
            "Then we left."
        ]
    );
}

#[test]
fn decimals_prices_and_versions_stay_intact() {
    assert_eq!(
        split("Pi is 3.14 and it costs $2.5 today. Version 1.2.3 shipped. We shipped v2.0. Users liked it."),
        [
            "Pi is 3.14 and it costs $2.5 today.",
            "Version 1.2.3 shipped.",
            "We shipped v2.0.",
            "Users liked it."
        ]
    );
}

#[test]
fn closing_quotes_stay_with_their_sentence() {
    assert_eq!(
        split("He said \"Stop.\" Then he left. She asked “Why?” Nobody answered."),
        [
            "He said \"Stop.\"",
            "Then he left.",
            "She asked “Why?”",
            "Nobody answered."
        ]
    );
}

#[test]
fn ellipses_split_only_before_a_capital() {
    assert_eq!(
        split("Wait... what? I waited... Nothing happened. Hmm… maybe."),
        [
            "Wait... what?",
            "I waited...",
            "Nothing happened.",
            "Hmm… maybe."
        ]
    );
}

#[test]
fn chinese_sentences_split_on_full_width_terminators() {
    assert_eq!(
        split("今天天气很好。我们去公园吧！你来吗？"),
        ["今天天气很好。", "我们去公园吧！", "你来吗？"]
    );
}

#[test]
fn japanese_quote_followed_by_particle_stays_one_sentence() {
    assert_eq!(
        split("こんにちは。元気ですか？「はい。」と彼は言った。"),
        ["こんにちは。", "元気ですか？", "「はい。」と彼は言った。"]
    );
}

#[test]
fn arabic_sentences_split_on_arabic_question_mark() {
    assert_eq!(
        split("مرحبا بكم. كيف حالك؟ أنا بخير!"),
        ["مرحبا بكم.", "كيف حالك؟", "أنا بخير!"]
    );
}

#[test]
fn hebrew_sentences_split() {
    assert_eq!(split("שלום לכולם. מה שלומך?"), ["שלום לכולם.", "מה שלומך?"]);
}

#[test]
fn russian_sentences_keep_cyrillic_initials_and_street_abbreviation() {
    assert_eq!(
        split("Привет. Как дела? А. С. Пушкин жил на ул. Мойка. Это правда!"),
        [
            "Привет.",
            "Как дела?",
            "А. С. Пушкин жил на ул. Мойка.",
            "Это правда!"
        ]
    );
}

#[test]
fn opening_brackets_after_a_terminator_start_the_next_sentence() {
    assert_eq!(
        split("他走了。（后来又回来了。）好吧。"),
        ["他走了。", "（后来又回来了。）", "好吧。"]
    );
}

#[test]
fn russian_city_abbreviation_joins_but_year_abbreviation_may_end_a_sentence() {
    assert_eq!(
        split("Я живу в г. Москве. Это было в 2020 г. Мы переехали."),
        ["Я живу в г. Москве.", "Это было в 2020 г.", "Мы переехали."]
    );
}

#[test]
fn emoji_are_kept_including_joined_sequences() {
    assert_eq!(
        split("I love it 🎉. Our family 👨‍👩‍👧 says hi! 👍"),
        ["I love it 🎉.", "Our family 👨‍👩‍👧 says hi!", "👍"]
    );
}

#[test]
fn whitespace_and_line_breaks_collapse_to_single_spaces() {
    assert_eq!(
        split("  One\n  two.\tThree\u{00A0}\u{00A0}four.\r\n"),
        ["One two.", "Three four."]
    );
}

#[test]
fn full_stop_glued_to_a_word_is_not_a_sentence_end() {
    assert_eq!(
        split("Node.JS is fast. ASP.NET too."),
        ["Node.JS is fast.", "ASP.NET too."]
    );
}

#[test]
fn punctuation_only_and_empty_input_give_no_sentences() {
    assert!(split("").is_empty());
    assert!(split("   \n ").is_empty());
    assert!(split("... !!! ?").is_empty());
}

#[test]
fn control_characters_are_dropped() {
    assert_eq!(split("Bell\u{7} rings."), ["Bell rings."]);
}

#[test]
fn megabyte_sentence_without_terminator_is_one_sentence() {
    let sentence = "word ".repeat(200_000);
    let result = split(&sentence);
    assert_eq!(result.len(), 1);
    assert_eq!(result[0].len(), sentence.trim_end().len());
}

#[test]
fn megabyte_of_quotes_after_a_full_stop_is_kept_whole() {
    // This shape drives the segmenter's look-ahead quadratic; it must be
    // routed around it and still keep every character.
    let text = format!("It ended.{} Then more.", "\"".repeat(1_000_000));
    let result = split(&text);
    assert_eq!(result.join(" "), text);
}

#[test]
fn megabyte_of_abbreviations_is_one_sentence() {
    let text = "Dr. ".repeat(250_000) + "Smith.";
    assert_eq!(split(&text).len(), 1);
}

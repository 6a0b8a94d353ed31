use super::*;

fn canon(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    tokenise(&words)
        .into_iter()
        .map(|t| t.text)
        .collect::<Vec<_>>()
        .join(" ")
}

fn same(written: &str, spoken: &str) {
    assert_eq!(canon(written), canon(spoken), "{written:?} vs {spoken:?}");
}

#[test]
fn dollars_written_as_a_symbol_meet_dollars_spoken() {
    same("$3", "three dollars");
    same("$1", "one dollar");
    same("$3.50", "three dollars fifty cents");
    same("$3 million", "three million dollars");
    same("$1 billion.", "one billion dollars");
    same("$5k", "five thousand dollars");
    same("£20", "twenty pounds");
    same("20€", "twenty euros");
}

#[test]
fn years_written_as_digits_meet_years_spoken_in_pairs() {
    same("2026", "twenty twenty-six");
    same("In 1984,", "in nineteen eighty-four");
    same("1905", "nineteen oh five");
    same("2005", "two thousand five");
    same("the 1990s", "the nineteen nineties");
    same("the '90s", "the nineties");
    same("the 1800s", "the eighteen hundreds");
    same("the 2000s", "the two thousands");
}

#[test]
fn percent_ordinals_decimals_and_counts_are_spelled() {
    same("10%", "ten percent");
    same("10 %", "ten percent");
    same("1st", "first");
    same("the 21st century", "the twenty-first century");
    same("3.14", "three point one four");
    same("3,000 words", "three thousand words");
    same("1,250,000", "one million two hundred fifty thousand");
    same("3:30", "three thirty");
    same("007", "zero zero seven");
    same("5km", "five kilometers");
    same("5 pm", "five p m");
}

#[test]
fn abbreviations_are_read_as_words() {
    same("Dr. Smith", "doctor smith");
    same("Mr Jones", "mister jones");
    same("St. Petersburg", "saint petersburg");
    same("U.S.", "u s");
    same("e.g.", "e g");
    same("A & B", "a and b");
    same("OK", "okay");
}

#[test]
fn case_punctuation_and_apostrophes_do_not_matter() {
    same("\u{201c}Don\u{2019}t!\u{201d}", "dont");
    same("Hello, World.", "hello world");
    same("well-known", "well known");
    same("Tchaikovsky's", "tchaikovskys");
}

#[test]
fn each_token_remembers_its_word() {
    let tokens = tokenise(&["Only", "$3", "million", "—", "2026."]);
    let pairs: Vec<(&str, usize)> = tokens.iter().map(|t| (t.text.as_str(), t.word)).collect();
    assert_eq!(
        pairs,
        [
            ("only", 0),
            ("three", 1),
            ("million", 2),
            ("dollars", 2),
            ("twenty", 4),
            ("twenty", 4),
            ("six", 4)
        ]
    );
}

#[test]
fn a_bare_dollar_amount_keeps_its_unit_on_its_own_word() {
    let tokens = tokenise(&["$3", "today"]);
    let pairs: Vec<(&str, usize)> = tokens.iter().map(|t| (t.text.as_str(), t.word)).collect();
    assert_eq!(pairs, [("three", 0), ("dollars", 0), ("today", 1)]);
}

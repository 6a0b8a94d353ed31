use super::{looks_binary, parse_script, ParsedSection, ScriptTextError};

fn section(title: &str, sentences: &[&str]) -> ParsedSection {
    ParsedSection {
        title: title.to_owned(),
        sentences: sentences.iter().map(|s| (*s).to_owned()).collect(),
    }
}

fn sections(text: &str) -> Vec<ParsedSection> {
    parse_script(text).expect("script parses").sections
}

#[test]
fn atx_headings_start_sections_with_titles_without_markup() {
    let text = "# The *Opening* #\nFirst line. Second line.\n\n## Part `two`\nThird line.\n";
    assert_eq!(
        sections(text),
        [
            section("The Opening", &["First line.", "Second line."]),
            section("Part two", &["Third line."]),
        ]
    );
}

#[test]
fn setext_headings_start_sections() {
    let text = "Chapter One\n===========\nIt began.\n\nChapter Two\n---\nIt ended.\n";
    assert_eq!(
        sections(text),
        [
            section("Chapter One", &["It began."]),
            section("Chapter Two", &["It ended."])
        ]
    );
}

#[test]
fn text_before_the_first_heading_gets_an_untitled_section() {
    let text = "A prologue.\n\n# Act 1\nThe act.";
    assert_eq!(
        sections(text),
        [
            section("", &["A prologue."]),
            section("Act 1", &["The act."])
        ]
    );
}

#[test]
fn script_without_headings_is_one_untitled_section() {
    let text = "One sentence. Another one.\n\nA second paragraph!";
    assert_eq!(
        sections(text),
        [section(
            "",
            &["One sentence.", "Another one.", "A second paragraph!"]
        )]
    );
}

#[test]
fn headings_with_nothing_under_them_make_no_empty_section() {
    let text = "# My Video\n## Intro\nHello there.\n## Empty\n```\ncode only\n```\n";
    assert_eq!(sections(text), [section("Intro", &["Hello there."])]);
}

#[test]
fn soft_line_breaks_join_a_paragraph_and_blank_lines_separate_them() {
    let text =
        "This sentence\nwraps onto a second\nline.\n\nNew paragraph without stop\n\nNext one.";
    assert_eq!(
        sections(text)[0].sentences,
        [
            "This sentence wraps onto a second line.",
            "New paragraph without stop",
            "Next one."
        ]
    );
}

#[test]
fn list_bullets_and_numbers_are_removed_and_items_stay_separate() {
    let text =
        "- Buy milk\n* Walk the dog\n+ Call mum\n1. First step\n2) Second step\n- [x] Done task";
    assert_eq!(
        sections(text)[0].sentences,
        [
            "Buy milk",
            "Walk the dog",
            "Call mum",
            "First step",
            "Second step",
            "Done task"
        ]
    );
}

#[test]
fn links_become_their_text_and_images_are_skipped() {
    let text = "Read [the guide](https://example.org/guide) today. ![A chart](chart.png)\n\n\
                [guide]: https://example.org/guide\n";
    assert_eq!(sections(text)[0].sentences, ["Read the guide today."]);
}

#[test]
fn code_fences_are_skipped_entirely() {
    let text = "Before.\n\n```rust\nfn main() { println!(\"Hi. There.\"); }\n```\n\n~~~~\nignored\n~~~~\nAfter.";
    assert_eq!(sections(text)[0].sentences, ["Before.", "After."]);
}

#[test]
fn block_quotes_lose_their_markers() {
    let text = "> Quoted wisdom.\n> It continues.\n>\n> > Nested words.";
    assert_eq!(
        sections(text)[0].sentences,
        ["Quoted wisdom.", "It continues.", "Nested words."]
    );
}

#[test]
fn thematic_breaks_and_html_comments_are_skipped() {
    let text = "Start.\n\n***\n<!-- a note\nspanning lines -->\nMiddle <!-- aside --> part.\n\n- - -\nEnd.";
    assert_eq!(
        sections(text)[0].sentences,
        ["Start.", "Middle part.", "End."]
    );
}

#[test]
fn hashtags_are_text_not_headings() {
    assert_eq!(
        sections("#hashtag is trending.")[0].sentences,
        ["#hashtag is trending."]
    );
}

#[test]
fn crlf_lone_cr_and_byte_order_mark_are_handled() {
    let text = "\u{FEFF}# Title\r\nLine one\r\ncontinues\r\n\r\nOld Mac paragraph\r\rNext one";
    assert_eq!(
        sections(text),
        [section(
            "Title",
            &["Line one continues", "Old Mac paragraph", "Next one"]
        )]
    );
}

#[test]
fn emoji_and_right_to_left_text_are_kept() {
    let text = "# 🎬 Scene\nWe celebrate 🎉. שלום עולם. مرحبا بكم؟";
    assert_eq!(
        sections(text),
        [section(
            "🎬 Scene",
            &["We celebrate 🎉.", "שלום עולם.", "مرحبا بكم؟"]
        )]
    );
}

#[test]
fn empty_and_whitespace_only_scripts_are_refused_as_empty() {
    assert_eq!(parse_script(""), Err(ScriptTextError::Empty));
    assert_eq!(parse_script(" \n\t\r\n"), Err(ScriptTextError::Empty));
    assert_eq!(parse_script("\u{FEFF}"), Err(ScriptTextError::Empty));
}

#[test]
fn scripts_with_only_markup_have_no_sentences() {
    assert_eq!(
        parse_script("# Title\n\n---\n"),
        Err(ScriptTextError::NoSentences)
    );
    assert_eq!(
        parse_script("```\ncode\n```"),
        Err(ScriptTextError::NoSentences)
    );
}

#[test]
fn text_with_nul_is_refused_as_binary() {
    assert_eq!(parse_script("Hello\0world."), Err(ScriptTextError::Binary));
}

#[test]
fn error_messages_say_what_is_wrong_and_what_to_do() {
    for error in [
        ScriptTextError::Empty,
        ScriptTextError::Binary,
        ScriptTextError::NoSentences,
    ] {
        let message = error.to_string();
        assert!(message.contains(": "), "{message}");
        assert!(message.starts_with("The script file"), "{message}");
    }
}

#[test]
fn binary_detection_flags_nul_invalid_utf8_and_control_heavy_bytes() {
    assert!(looks_binary(b"PK\x03\x04\0\0zip"));
    assert!(looks_binary(&[0xff, 0xfe, b'h', 0, b'i', 0]));
    assert!(looks_binary(b"caf\xe9 latin-1"));
    assert!(looks_binary(b"\x01\x02\x03\x04 abc"));
}

#[test]
fn binary_detection_accepts_ordinary_text() {
    assert!(!looks_binary(
        "Plain text.\r\n\tIndented — and emoji 🎉, 中文.\u{0C}".as_bytes()
    ));
    assert!(!looks_binary("\u{FEFF}# Title\n".as_bytes()));
    assert!(!looks_binary(b""));
}

#[test]
fn megabyte_sentence_parses_into_one_sentence() {
    let text = format!("# Long\n{}end.", "lorem ipsum ".repeat(90_000));
    let parsed = sections(&text);
    assert_eq!(parsed.len(), 1);
    assert_eq!(parsed[0].sentences.len(), 1);
    assert!(parsed[0].sentences[0].ends_with("ipsum end."));
}

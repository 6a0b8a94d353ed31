use super::{blocks, Block};

fn heading(text: &str) -> Block {
    Block::Heading(text.to_owned())
}

fn paragraph(text: &str) -> Block {
    Block::Paragraph(text.to_owned())
}

#[test]
fn closing_hashes_are_dropped_but_a_trailing_hash_in_a_word_is_kept() {
    assert_eq!(
        blocks("# Title ##\n## Learn C#"),
        [heading("Title"), heading("Learn C#")]
    );
}

#[test]
fn a_single_equals_sign_underlines_a_heading() {
    assert_eq!(blocks("Foo\n="), [heading("Foo")]);
}

#[test]
fn dashes_after_a_list_item_are_a_break_not_a_heading() {
    assert_eq!(
        blocks("- item one\n---\nText."),
        [paragraph("item one"), paragraph("Text.")]
    );
}

#[test]
fn indented_plain_text_paragraphs_are_kept_not_treated_as_code() {
    assert_eq!(
        blocks("    An indented paragraph.\n    It goes on."),
        [paragraph("An indented paragraph. It goes on.")]
    );
}

#[test]
fn bracketed_notes_that_are_not_link_definitions_are_kept() {
    assert_eq!(
        blocks("[Note]: Read this.\n\n[1]: https://example.org"),
        [paragraph("[Note]: Read this.")]
    );
}

#[test]
fn a_quote_after_a_plain_line_is_its_own_paragraph() {
    assert_eq!(
        blocks("He wrote:\n> Come home.\nsoon"),
        [paragraph("He wrote:"), paragraph("Come home. soon")]
    );
}

#[test]
fn list_item_continuation_lines_join_the_item() {
    assert_eq!(
        blocks("1. First item\n   continues here\n2. Second"),
        [paragraph("First item continues here"), paragraph("Second")]
    );
}

#[test]
fn backtick_fence_with_backticks_in_info_is_inline_code() {
    assert_eq!(blocks("``` a ` b```"), [paragraph("a ` b")]);
}

#[test]
fn a_fence_closes_only_with_a_long_enough_run_of_its_marker() {
    assert_eq!(
        blocks("````\n```\nstill code\n~~~~\n````\nText."),
        [paragraph("Text.")]
    );
}

#[test]
fn front_matter_is_skipped_only_when_closed() {
    assert_eq!(blocks("---\ntitle: x\n---\nBody."), [paragraph("Body.")]);
    assert_eq!(blocks("---\nNo end here."), [paragraph("No end here.")]);
    assert_eq!(
        blocks("---\nIntro text.\n\n---\nMore."),
        [paragraph("Intro text."), paragraph("More.")]
    );
}

#[test]
fn table_rows_become_lines_of_cells_and_delimiters_vanish() {
    assert_eq!(
        blocks("| Name | Age |\n|------|:---:|\n| Ann | 5 |"),
        [paragraph("Name, Age"), paragraph("Ann, 5")]
    );
}

#[test]
fn footnote_definitions_are_not_narration() {
    assert_eq!(
        blocks("Claim.[^1]\n\n[^1]: A source."),
        [paragraph("Claim.")]
    );
}

//! Light Markdown inline markup to plain text.
//!
//! Only what a narration script is likely to hold: emphasis, strikethrough,
//! code spans, links, images, autolinks, HTML tags and comments, backslash
//! escapes. Every look-ahead is bounded or stops at the next opener of the
//! same kind, so the pass is linear even on hostile input.

/// Longest link label, code span or tag looked for, in bytes.
const MAX_SPAN_BYTES: usize = 4096;

/// Returns `text` without inline markup: `**bold**` → `bold`,
/// `[text](url)` → `text`, images dropped, `` `code` `` → `code`.
pub(crate) fn strip_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    while let Some(c) = text[pos..].chars().next() {
        let rest = &text[pos..];
        let advanced = match c {
            '\\' => escape(rest, &mut out),
            '`' => code_span(rest, &mut out),
            '!' if rest.starts_with("![") => link(&rest[1..], &mut out, true).map(|n| n + 1),
            '[' => link(rest, &mut out, false),
            '<' => angle(rest, &mut out),
            '*' | '_' | '~' => Some(emphasis(text, pos, c, &mut out)),
            _ => None,
        };
        match advanced {
            Some(bytes) => pos += bytes,
            None => {
                out.push(c);
                pos += c.len_utf8();
            }
        }
    }
    out
}

/// `\*` → `*`: the escaped character is kept literally.
fn escape(rest: &str, out: &mut String) -> Option<usize> {
    let escaped = rest[1..]
        .chars()
        .next()
        .filter(char::is_ascii_punctuation)?;
    out.push(escaped);
    Some(1 + escaped.len_utf8())
}

/// A backtick run opens a code span closed by a run of the same length; the
/// content is kept verbatim.
fn code_span(rest: &str, out: &mut String) -> Option<usize> {
    let ticks = rest.len() - rest.trim_start_matches('`').len();
    let body_start = ticks;
    let window = &rest[body_start..floor_boundary(rest, body_start + MAX_SPAN_BYTES)];
    let mut search = 0;
    while let Some(found) = window[search..].find('`') {
        let run_start = search + found;
        let run = window[run_start..].len() - window[run_start..].trim_start_matches('`').len();
        if run == ticks {
            out.push_str(window[..run_start].trim());
            return Some(body_start + run_start + run);
        }
        search = run_start + run;
    }
    // Unmatched: the backticks are literal text; skip the whole run at once
    // so a long run is not re-scanned from each of its characters.
    out.push_str(&rest[..ticks]);
    Some(ticks)
}

/// `[text](url)` and `[text][ref]` → `text`; images → nothing. A bare
/// `[text]` stays as written: scripts use brackets for stage directions.
fn link(rest: &str, out: &mut String, image: bool) -> Option<usize> {
    // Each scan stops at the next `[`, so no stretch of text is scanned from
    // more than one opener: the pass stays linear.
    let label_end = 1 + find_closing(&rest[1..], ']', '[')?;
    // A footnote reference "[^1]" is dropped.
    if !image && rest.starts_with("[^") {
        return Some(label_end + 1);
    }
    let tail = &rest[label_end + 1..];
    let target_end = if let Some(url) = tail.strip_prefix('(') {
        find_closing(url, ')', '[')? + 1
    } else if let Some(reference) = tail.strip_prefix('[') {
        find_closing(reference, ']', '[')? + 1
    } else {
        return None;
    };
    if !image {
        out.push_str(&strip_inline(&rest[1..label_end]));
    }
    Some(label_end + 1 + target_end + 1)
}

/// Byte offset of `close` in `text` if it comes before `stop` and within
/// [`MAX_SPAN_BYTES`].
fn find_closing(text: &str, close: char, stop: char) -> Option<usize> {
    let window = &text[..floor_boundary(text, MAX_SPAN_BYTES)];
    let found = window.find([close, stop])?;
    window[found..].starts_with(close).then_some(found)
}

/// `<https://x>` → `https://x`, `<a@b.c>` → `a@b.c`; `<b>`, `</div>` and `<!-- … -->` dropped;
/// a lone `<` (as in "a < b") kept.
fn angle(rest: &str, out: &mut String) -> Option<usize> {
    if let Some(comment) = rest.strip_prefix("<!--") {
        let end = comment.find("-->").map_or(rest.len(), |end| 4 + end + 3);
        return Some(end);
    }
    let close = find_closing(&rest[1..], '>', '<')?;
    let inner = &rest[1..1 + close];
    let first = inner.chars().next()?;
    let address = inner.contains("://")
        || inner.starts_with("mailto:")
        || (inner.contains('@') && !inner.contains(char::is_whitespace));
    if address {
        out.push_str(inner);
    } else if !(first.is_ascii_alphabetic() || first == '/' || first == '!') {
        return None;
    }
    Some(1 + close + 1)
}

/// Drops a run of `*`, `_` or `~~` that opens or closes emphasis; keeps one
/// that stands alone ("5 * 3", "fill in ___ ") or sits inside a word made of
/// letters or digits for `_` ("snake_case") and digits for `*` ("2*3").
fn emphasis(text: &str, pos: usize, marker: char, out: &mut String) -> usize {
    let rest = &text[pos..];
    let run = rest.len() - rest.trim_start_matches(marker).len();
    let before = text[..pos].chars().next_back();
    let after = rest[run..].chars().next();
    let space = |c: Option<char>| c.is_none_or(char::is_whitespace);
    let alnum = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
    let literal = (space(before) && space(after))
        || (marker == '_' && alnum(before) && alnum(after))
        || (marker == '*' && digit(before) && digit(after))
        || (marker == '~' && run < 2);
    if literal {
        out.push_str(&rest[..run]);
    }
    run
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

#[cfg(test)]
mod tests {
    use super::strip_inline;

    #[test]
    fn emphasis_markers_are_removed() {
        assert_eq!(
            strip_inline("A **bold** and *soft* _word_ and __strong__."),
            "A bold and soft word and strong."
        );
        assert_eq!(strip_inline("Very ~~old~~ new."), "Very old new.");
    }

    #[test]
    fn arithmetic_snake_case_and_blanks_keep_their_markers() {
        assert_eq!(
            strip_inline("5 * 3 and 2*3 in my_file_name, fill ___ in."),
            "5 * 3 and 2*3 in my_file_name, fill ___ in."
        );
    }

    #[test]
    fn code_spans_keep_their_text() {
        assert_eq!(strip_inline("Run `cargo test` now."), "Run cargo test now.");
        assert_eq!(strip_inline("Use ``a ` b`` here."), "Use a ` b here.");
        assert_eq!(strip_inline("A lone ` tick."), "A lone ` tick.");
    }

    #[test]
    fn links_become_their_text_and_images_vanish() {
        assert_eq!(
            strip_inline("See [the *docs*](https://x.org/a_b) now."),
            "See the docs now."
        );
        assert_eq!(strip_inline("See [the docs][1] now."), "See the docs now.");
        assert_eq!(strip_inline("A claim.[^1] More."), "A claim. More.");
        assert_eq!(strip_inline("A ![logo](logo.png) here."), "A  here.");
        assert_eq!(
            strip_inline("Keep [pause] as text."),
            "Keep [pause] as text."
        );
        assert_eq!(strip_inline("Odd [a](b [c] d."), "Odd [a](b [c] d.");
    }

    #[test]
    fn html_tags_and_comments_are_dropped_but_comparisons_kept() {
        assert_eq!(
            strip_inline("a <b>bold</b> <!-- note --> word"),
            "a bold  word"
        );
        assert_eq!(strip_inline("if a < b and c > d"), "if a < b and c > d");
        assert_eq!(
            strip_inline("Mail <https://x.org> today."),
            "Mail https://x.org today."
        );
    }

    #[test]
    fn escaped_markers_are_literal() {
        assert_eq!(
            strip_inline(r"Price \*not\* bold \[x\]."),
            "Price *not* bold [x]."
        );
    }

    #[test]
    fn hostile_brackets_do_not_blow_up() {
        let text = "[".repeat(200_000) + &"`".repeat(3) + &"<".repeat(200_000);
        assert_eq!(strip_inline(&text).len(), text.len());
    }
}

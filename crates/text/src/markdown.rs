//! Markdown (or plain text) to a flat list of headings and paragraphs.
//!
//! A line-by-line pass that understands the block structure a script uses:
//! ATX and setext headings, paragraphs, list items, block quotes, code
//! fences, thematic breaks, HTML comments and link reference definitions.
//! Indented code blocks are deliberately not recognised: plain-text scripts
//! often indent paragraphs, and dropping them would lose narration.

use crate::inline::strip_inline;

/// One block of the script, with inline markup already removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Block {
    /// A heading's text; may be empty for a bare `#`.
    Heading(String),
    /// A paragraph or list item, soft line breaks turned into spaces.
    Paragraph(String),
}

/// What kind of paragraph is open; a change of kind closes the paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Plain,
    ListItem,
    Quote,
}

struct Parser {
    blocks: Vec<Block>,
    lines: Vec<String>,
    kind: Kind,
    /// Marker character and length of the open code fence.
    fence: Option<(char, usize)>,
    in_comment: bool,
}

/// Splits normalised text (`\n` line ends, no BOM) into blocks.
pub(crate) fn blocks(text: &str) -> Vec<Block> {
    let mut parser = Parser {
        blocks: Vec::new(),
        lines: Vec::new(),
        kind: Kind::Plain,
        fence: None,
        in_comment: false,
    };
    for line in without_front_matter(text).split('\n') {
        parser.line(line);
    }
    parser.flush();
    parser.blocks
}

impl Parser {
    fn line(&mut self, raw: &str) {
        if let Some((marker, length)) = self.fence {
            if is_fence_close(raw.trim(), marker, length) {
                self.fence = None;
            }
            return;
        }
        let Some(line) = self.without_comments(raw) else {
            return;
        };
        let trimmed = line.trim();
        if trimmed.is_empty() {
            self.flush();
            return;
        }
        if let Some(fence) = fence_open(trimmed) {
            self.flush();
            self.fence = Some(fence);
            return;
        }
        let (quoted, content) = strip_quote_markers(trimmed);
        if quoted && content.is_empty() {
            self.flush();
            return;
        }
        if let Some(title) = atx_heading(content) {
            self.flush();
            self.blocks.push(Block::Heading(clean(title)));
            return;
        }
        if let Some(underline) = setext_underline(content) {
            if !quoted && self.kind == Kind::Plain && !self.lines.is_empty() {
                let title = self.lines.join(" ");
                self.lines.clear();
                self.blocks.push(Block::Heading(clean(&title)));
                return;
            }
            if underline == '=' {
                // "===" with nothing above it is just a line of text.
                self.add(Kind::Plain, content);
                return;
            }
        }
        if is_thematic_break(content) {
            self.flush();
            return;
        }
        if is_reference_definition(content) || is_table_delimiter(content) {
            return;
        }
        if let Some(cells) = content.strip_prefix('|') {
            // A table row is read as its own line of cells.
            self.flush();
            let cells: Vec<&str> = cells
                .trim_end_matches('|')
                .split('|')
                .map(str::trim)
                .collect();
            self.lines.push(cells.join(", "));
            self.flush();
            return;
        }
        if let Some(item) = list_item(content) {
            self.flush();
            self.kind = Kind::ListItem;
            self.lines.push(item.to_owned());
            return;
        }
        let kind = match (quoted, self.kind) {
            (true, _) => Kind::Quote,
            // An unmarked line continues an open list item or quote (a
            // "lazy" continuation), as in Markdown.
            (false, Kind::ListItem | Kind::Quote) if !self.lines.is_empty() => self.kind,
            (false, _) => Kind::Plain,
        };
        self.add(kind, content);
    }

    fn add(&mut self, kind: Kind, content: &str) {
        if kind != self.kind {
            self.flush();
            self.kind = kind;
        }
        // A trailing backslash is a Markdown hard break: a space here.
        self.lines.push(content.trim_end_matches('\\').to_owned());
    }

    fn flush(&mut self) {
        if !self.lines.is_empty() {
            let paragraph = clean(&self.lines.join(" "));
            if !paragraph.is_empty() {
                self.blocks.push(Block::Paragraph(paragraph));
            }
            self.lines.clear();
        }
        self.kind = Kind::Plain;
    }

    /// Removes HTML comments, which may span lines. Returns `None` for a line
    /// that held only (part of) a comment, so it neither adds text nor ends
    /// the paragraph it sits in.
    fn without_comments(&mut self, raw: &str) -> Option<String> {
        let mut rest = raw;
        let mut kept = String::new();
        let mut had_comment = false;
        loop {
            if self.in_comment {
                had_comment = true;
                match rest.find("-->") {
                    Some(end) => {
                        rest = &rest[end + 3..];
                        self.in_comment = false;
                    }
                    None => break,
                }
            } else {
                match rest.find("<!--") {
                    Some(start) => {
                        kept.push_str(&rest[..start]);
                        rest = &rest[start + 4..];
                        self.in_comment = true;
                    }
                    None => {
                        kept.push_str(rest);
                        break;
                    }
                }
            }
        }
        if had_comment && kept.trim().is_empty() {
            None
        } else {
            Some(kept)
        }
    }
}

/// Inline markup removed and whitespace collapsed.
fn clean(text: &str) -> String {
    strip_inline(text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// `# Title #` → `Title`; `#hashtag` is not a heading.
fn atx_heading(line: &str) -> Option<&str> {
    let hashes = line.len() - line.trim_start_matches('#').len();
    if !(1..=6).contains(&hashes) {
        return None;
    }
    let rest = &line[hashes..];
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    let rest = rest.trim();
    // An optional closing run of `#` must follow a space ("# C#" keeps "C#").
    let without_closing = rest.trim_end_matches('#');
    if without_closing.is_empty() {
        return Some("");
    }
    if without_closing.ends_with([' ', '\t']) {
        return Some(without_closing.trim_end());
    }
    Some(rest)
}

/// `===` or `---` (no inner spaces): returns the marker.
fn setext_underline(line: &str) -> Option<char> {
    let marker = line.chars().next().filter(|c| matches!(c, '=' | '-'))?;
    let minimum = if marker == '=' { 1 } else { 2 };
    (line.chars().all(|c| c == marker) && line.len() >= minimum).then_some(marker)
}

/// `---`, `***`, `___`, `- - -`.
fn is_thematic_break(line: &str) -> bool {
    let mut marks = line.chars().filter(|c| !matches!(c, ' ' | '\t'));
    let Some(marker @ ('-' | '*' | '_')) = marks.next() else {
        return false;
    };
    let mut count = 1;
    for c in marks {
        if c != marker {
            return false;
        }
        count += 1;
    }
    count >= 3
}

/// "```rust" or "~~~": marker and run length.
fn fence_open(line: &str) -> Option<(char, usize)> {
    let marker = line.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let length = line.len() - line.trim_start_matches(marker).len();
    // An info string may not hold backticks, or it is inline code.
    let info_ok = marker == '~' || !line[length..].contains('`');
    (length >= 3 && info_ok).then_some((marker, length))
}

fn is_fence_close(line: &str, marker: char, length: usize) -> bool {
    let run = line.len() - line.trim_start_matches(marker).len();
    run >= length && line[run..].trim().is_empty()
}

/// Strips `>` markers of (nested) block quotes.
fn strip_quote_markers(line: &str) -> (bool, &str) {
    let mut rest = line;
    let mut quoted = false;
    while let Some(inner) = rest.strip_prefix('>') {
        quoted = true;
        rest = inner.trim_start();
    }
    (quoted, rest)
}

/// `- item`, `* item`, `+ item`, `1. item`, `2) item`, `- [x] task` → the item.
fn list_item(line: &str) -> Option<&str> {
    let after_marker = if let Some(rest) = line.strip_prefix(['-', '*', '+']) {
        rest
    } else {
        let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits == 0 || digits > 9 {
            return None;
        }
        line[digits..].strip_prefix(['.', ')'])?
    };
    if !(after_marker.is_empty() || after_marker.starts_with([' ', '\t'])) {
        return None;
    }
    let item = after_marker.trim_start();
    let item = ["[ ] ", "[x] ", "[X] "]
        .iter()
        .find_map(|checkbox| item.strip_prefix(checkbox))
        .unwrap_or(item);
    Some(item)
}

/// YAML front matter (a first line `---` up to the next `---` or `...`)
/// holds metadata, not narration. Without a closing line, or with a line
/// that is not YAML-like, it is not front matter and the text is kept.
fn without_front_matter(text: &str) -> &str {
    let Some(rest) = text.strip_prefix("---\n") else {
        return text;
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        offset += line.len();
        let line = line.trim_end();
        if matches!(line, "---" | "...") {
            return &rest[offset..];
        }
        // Only YAML-looking lines: a script that merely opens with a rule
        // must not lose its first paragraph.
        let yaml = line.is_empty()
            || line.starts_with([' ', '\t', '-', '#'])
            || line.contains(": ")
            || line.ends_with(':');
        if !yaml {
            return text;
        }
    }
    text
}

/// `|---|:--:|` under a table header.
fn is_table_delimiter(line: &str) -> bool {
    line.contains('|')
        && line.contains('-')
        && line
            .chars()
            .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

/// `[label]: https://…` lines define link targets and are not text. The
/// target must look like a URL or path, so "[Note]: Read this." stays text.
fn is_reference_definition(line: &str) -> bool {
    let Some(label_end) = line.find("]:") else {
        return false;
    };
    if !line.starts_with('[') || label_end < 2 || line[1..label_end].contains(['[', ']']) {
        return false;
    }
    // Footnote definitions ("[^1]: …") are notes, not narration.
    if line.starts_with("[^") {
        return true;
    }
    let target = line[label_end + 2..].trim_start();
    target.contains("://")
        || target.starts_with(['/', '#', '<', '.'])
        || target.starts_with("mailto:")
        || target.starts_with("www.")
}

#[cfg(test)]
#[path = "markdown_tests.rs"]
mod tests;

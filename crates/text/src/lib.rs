//! Script text for VideoGen Studio (FR-102, FR-103): a plain-text or
//! Markdown script becomes sections of sentences, and any paragraph (an
//! imported one or one the LLM wrote) is split into sentences the same way.
//!
//! Pure: no I/O, nothing of ours. The entry points are [`parse_script`],
//! [`split_sentences`] and [`looks_binary`].
//!
//! - Headings (`#` … `######`, or a line underlined with `===` / `---`) start
//!   sections; the title is the heading text without markup.
//! - Text before the first heading, or a whole script without headings, goes
//!   into a section whose title is the empty string: the caller decides how
//!   to show an untitled section rather than this module inventing a name.
//! - A section with no sentences (a document title directly followed by a
//!   sub-heading, or a heading with only a code block under it) is left out.
//! - Paragraphs are separated by blank lines; a line break inside one is a
//!   space. List items and block quotes are paragraphs of their own.
//! - Light inline markup is removed (emphasis, code spans, links become their
//!   text, images and footnote references vanish); code fences, thematic
//!   breaks, HTML comments, YAML front matter, link reference and footnote
//!   definitions are skipped; a table row becomes one line of cells.
//! - Paragraphs are split into sentences by [`split_sentences`].

mod abbreviations;
mod cuts;
mod inline;
mod joins;
mod lexicon;
mod markdown;
mod segment;

pub use segment::split_sentences;

use markdown::Block;

/// A script split into sections, in document order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedScript {
    /// Never empty: a script with no sentence is an error.
    pub sections: Vec<ParsedSection>,
}

/// One heading and the sentences under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedSection {
    /// Heading text without markup; empty for text before the first heading.
    pub title: String,
    /// Trimmed sentences with single spaces; never empty.
    pub sentences: Vec<String>,
}

/// Why a script cannot be imported.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ScriptTextError {
    /// Nothing but whitespace (or nothing at all).
    #[error("The script file is empty: choose a .txt or .md file with at least one sentence")]
    Empty,
    /// NUL bytes, mostly control characters or invalid UTF-8.
    #[error(
        "The script file is not text (it holds NUL bytes, control characters or invalid UTF-8): \
         save it as UTF-8 plain text (.txt or .md) and import that file"
    )]
    Binary,
    /// Only headings, code blocks, comments or punctuation: no sentence.
    #[error(
        "The script file has no sentences outside headings, code blocks and comments: \
         add paragraphs of text and import it again"
    )]
    NoSentences,
}

/// Share of control characters above which text counts as binary, as a
/// fraction `CONTROL_NUMERATOR / CONTROL_DENOMINATOR` (10 %). Real scripts
/// have none besides tabs and line ends.
const CONTROL_NUMERATOR: usize = 1;
const CONTROL_DENOMINATOR: usize = 10;

/// Parses a script into sections of sentences.
///
/// A leading byte-order mark is ignored; `\r\n` and lone `\r` line ends are
/// accepted. See the module documentation for the rules.
pub fn parse_script(text: &str) -> Result<ParsedScript, ScriptTextError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    if looks_binary(text.as_bytes()) {
        return Err(ScriptTextError::Binary);
    }
    if text.trim().is_empty() {
        return Err(ScriptTextError::Empty);
    }
    let normalized = text.replace("\r\n", "\n").replace('\r', "\n");

    let mut sections = Vec::new();
    let mut current = ParsedSection {
        title: String::new(),
        sentences: Vec::new(),
    };
    for block in markdown::blocks(&normalized) {
        match block {
            Block::Heading(title) => {
                let finished = std::mem::replace(
                    &mut current,
                    ParsedSection {
                        title,
                        sentences: Vec::new(),
                    },
                );
                if !finished.sentences.is_empty() {
                    sections.push(finished);
                }
            }
            Block::Paragraph(paragraph) => current.sentences.extend(split_sentences(&paragraph)),
        }
    }
    if !current.sentences.is_empty() {
        sections.push(current);
    }
    if sections.is_empty() {
        return Err(ScriptTextError::NoSentences);
    }
    Ok(ParsedScript { sections })
}

/// True when `bytes` are not a text file: they hold a NUL byte, are not
/// valid UTF-8, or more than 10 % of their characters are control
/// characters other than tab, line feed, carriage return and form feed.
///
/// UTF-16 files hold NUL bytes for ASCII text, so they count as binary too;
/// the [`ScriptTextError::Binary`] message asks for UTF-8.
pub fn looks_binary(bytes: &[u8]) -> bool {
    if bytes.contains(&0) {
        return true;
    }
    let Ok(text) = std::str::from_utf8(bytes) else {
        return true;
    };
    let mut total = 0usize;
    let mut control = 0usize;
    for c in text.chars() {
        total += 1;
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{0C}') {
            control += 1;
        }
    }
    control * CONTROL_DENOMINATOR > total * CONTROL_NUMERATOR
}

#[cfg(test)]
mod tests;

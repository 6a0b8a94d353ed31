//! File names of an export: global story-order numbers zero-padded to one width, and
//! ASCII-only slugs that cannot escape a folder or collide with reserved device names.

/// Longest slug kept in a file name, so paths stay well below every OS limit.
const MAX_SLUG_LEN: usize = 40;

/// Base names Windows reserves in any folder (with or without an extension).
const RESERVED: [&str; 22] = [
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// Digits used for numbering `count` items: 3, or more once the count needs them.
pub fn number_width(count: usize) -> usize {
    count.max(1).to_string().len().max(3)
}

/// `number` (from 1) zero-padded to `width`.
pub fn padded(number: usize, width: usize) -> String {
    format!("{number:0width$}")
}

/// An ASCII slug of `title`: transliterated, lower case, only `a-z 0-9 -`, at most 40 chars.
///
/// Returns `fallback` when nothing usable is left (empty, all punctuation, `..`), and
/// suffixes Windows device names (`con` becomes `con-x`) so the slug is safe alone as a name.
pub fn slug(title: &str, fallback: &str) -> String {
    let ascii = deunicode::deunicode(title);
    let mut out = String::with_capacity(ascii.len().min(MAX_SLUG_LEN));
    let mut pending_dash = false;
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(c.to_ascii_lowercase());
        } else {
            // Everything else (dots, slashes, spaces, emoji names' colons) separates words.
            pending_dash = true;
        }
        if out.len() >= MAX_SLUG_LEN {
            break;
        }
    }
    out.truncate(MAX_SLUG_LEN);
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        return fallback.to_string();
    }
    if RESERVED.contains(&out.as_str()) {
        out.push_str("-x");
    }
    out
}

/// The kind part of a media file name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MediaKind {
    /// Narration WAV in `audio/`.
    Audio,
    /// Still PNG in `images/`.
    Image,
    /// A slate card PNG in `images/` (stands in for a missing image).
    Slate,
    /// Clip MP4 in `video/`.
    Video,
}

impl MediaKind {
    /// Folder inside the export.
    pub fn folder(self) -> &'static str {
        match self {
            MediaKind::Audio => "audio",
            MediaKind::Image | MediaKind::Slate => "images",
            MediaKind::Video => "video",
        }
    }

    /// The kind word in the name.
    pub fn word(self) -> &'static str {
        match self {
            MediaKind::Audio => "audio",
            MediaKind::Image => "image",
            MediaKind::Slate => "slate",
            MediaKind::Video => "video",
        }
    }

    /// File extension.
    pub fn extension(self) -> &'static str {
        match self {
            MediaKind::Audio => "wav",
            MediaKind::Image | MediaKind::Slate => "png",
            MediaKind::Video => "mp4",
        }
    }
}

/// The path of a media file inside the export, with `/`: `audio/0001_intro_audio.wav`.
pub fn media_path(number: &str, section_slug: &str, kind: MediaKind) -> String {
    format!(
        "{}/{number}_{section_slug}_{}.{}",
        kind.folder(),
        kind.word(),
        kind.extension()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slug_transliterates_and_strips() {
        assert_eq!(slug("Café Olé!", "s"), "cafe-ole");
        assert_eq!(slug("../../x", "s"), "x");
        assert_eq!(slug("..", "section-02"), "section-02");
        assert_eq!(slug("CON", "s"), "con-x");
        assert_eq!(slug("", "section-01"), "section-01");
    }

    #[test]
    fn width_grows_past_999() {
        assert_eq!(number_width(9), 3);
        assert_eq!(number_width(999), 3);
        assert_eq!(number_width(1000), 4);
        assert_eq!(padded(7, 4), "0007");
    }
}

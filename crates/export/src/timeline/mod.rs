//! Timeline writers: FCPXML 1.10, FCP7 XML (xmeml), CMX 3600 EDL, OpenTimelineIO and MLT.
//!
//! Every writer reads the same [`ExportPlan`]: V1 holds one item per sentence at its
//! narration's start, trimmed to the narration's frames (source in at 0); A1 holds the
//! narration at the same edges; pauses are gaps. A sentence shorter than half a frame has
//! no frames and is left out of every timeline alike.

mod edl;
mod fcpxml;
mod mlt;
mod otio;
mod xmeml;

use std::path::Path;

use videogen_model::ExportFormat;

use crate::plan::{ExportPlan, PlannedSentence};

pub use edl::{edl_files, MAX_EDL_EVENTS};
pub use fcpxml::fcpxml;
pub use mlt::mlt;
pub use otio::otio;
pub use xmeml::xmeml;

/// One text file of the export: path inside it (with `/`) and contents.
pub type TextFile = (String, String);

/// The timeline files of `formats` for `plan` (caption formats are not timelines and are
/// skipped), with media addressed at `root` (the export's final, absolute location). Only
/// the chosen ones are rendered: a 2,700-sentence timeline takes real time to write.
pub fn timeline_files(plan: &ExportPlan, root: &Path, formats: &[ExportFormat]) -> Vec<TextFile> {
    let slug = &plan.slug;
    let mut files = Vec::new();
    for format in ExportFormat::ALL
        .into_iter()
        .filter(|f| formats.contains(f))
    {
        match format {
            ExportFormat::Fcpxml => {
                files.push((format!("timelines/{slug}.fcpxml"), fcpxml(plan, root)))
            }
            ExportFormat::Xmeml => {
                files.push((format!("timelines/{slug}_xmeml.xml"), xmeml(plan, root)))
            }
            ExportFormat::Otio => files.push((format!("timelines/{slug}.otio"), otio(plan, root))),
            ExportFormat::Mlt => files.push((format!("timelines/{slug}.mlt"), mlt(plan, root))),
            ExportFormat::Edl => files.extend(edl_files(plan)),
            ExportFormat::Srt | ExportFormat::Vtt => {}
        }
    }
    files
}

/// Sentences that occupy at least one frame, in story order.
pub(crate) fn placed(plan: &ExportPlan) -> impl Iterator<Item = (usize, &PlannedSentence)> {
    plan.sentences
        .iter()
        .enumerate()
        .filter(|(_, s)| s.span.frames() > 0)
}

/// Whether sentence `index` opens its section (and carries the section marker).
pub(crate) fn opens_section(plan: &ExportPlan, index: usize) -> bool {
    plan.sections
        .get(plan.sentences[index].section)
        .is_some_and(|s| s.first_sentence == index)
}

/// Escapes text for XML content and attribute values.
pub(crate) fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters are not allowed in XML 1.0 at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The absolute path of `rel` under `root` with `/` separators (`C:/…` on Windows).
pub(crate) fn absolute(root: &Path, rel: &str) -> String {
    let root = root.to_string_lossy().replace('\\', "/");
    format!("{}/{rel}", root.trim_end_matches('/'))
}

/// A `file:` URL for `rel` under `root`, percent-encoded per RFC 3986 (UTF-8 bytes).
/// `prefix` is `file://` (FCPXML, with a path starting `/`) or `file://localhost`.
pub(crate) fn file_url(prefix: &str, root: &Path, rel: &str) -> String {
    let path = absolute(root, rel);
    let mut out = String::with_capacity(prefix.len() + path.len() + 8);
    out.push_str(prefix);
    if !path.starts_with('/') {
        out.push('/');
    }
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/:".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_url_percent_encodes_spaces_and_unicode() {
        let url = file_url(
            "file://",
            Path::new("/Users/ana/My Export é"),
            "video/1.mp4",
        );
        assert_eq!(url, "file:///Users/ana/My%20Export%20%C3%A9/video/1.mp4");
    }

    #[test]
    fn xml_escape_covers_markup_characters() {
        assert_eq!(xml_escape("a&b<c>\"d'"), "a&amp;b&lt;c&gt;&quot;d&apos;");
    }
}

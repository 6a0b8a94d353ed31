//! Which timeline and caption files an export writes: the one list the export writer, the
//! job payload, the CLI's `--formats` and the export dialog share.

use serde::{Deserialize, Serialize};

use crate::AppError;

/// A timeline or caption file an export can write. Media, `script.txt`, `metadata.json`,
/// `chapters.txt` and the README are written by every export; these are the optional parts.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, specta::Type,
)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    /// FCPXML 1.10 (Final Cut Pro, DaVinci Resolve).
    Fcpxml,
    /// FCP7 XML, "xmeml" (Premiere Pro, DaVinci Resolve).
    Xmeml,
    /// OpenTimelineIO (DaVinci Resolve, Kdenlive).
    Otio,
    /// MLT XML (Shotcut; Kdenlive as a clip).
    Mlt,
    /// CMX 3600 EDLs, one per track kind (any editor).
    Edl,
    /// SRT captions.
    Srt,
    /// WebVTT captions.
    Vtt,
}

impl ExportFormat {
    /// Every format, in the order the dialog and the CLI list them.
    pub const ALL: [ExportFormat; 7] = [
        ExportFormat::Fcpxml,
        ExportFormat::Xmeml,
        ExportFormat::Otio,
        ExportFormat::Mlt,
        ExportFormat::Edl,
        ExportFormat::Srt,
        ExportFormat::Vtt,
    ];

    /// Every format: what an export writes unless told otherwise.
    pub fn all() -> Vec<ExportFormat> {
        Self::ALL.to_vec()
    }

    /// Whether it is a caption file (the others are timelines).
    pub fn is_caption(self) -> bool {
        matches!(self, ExportFormat::Srt | ExportFormat::Vtt)
    }

    /// The name the CLI and the job payload use (`fcpxml`, `srt`, …): serde's, so the two
    /// cannot drift.
    pub fn as_str(self) -> String {
        match serde_json::to_value(self) {
            Ok(serde_json::Value::String(s)) => s,
            // A unit variant always serialises to a string.
            _ => format!("{self:?}").to_lowercase(),
        }
    }

    /// Parses one name (case and surrounding spaces ignored); anything else is refused with
    /// a message listing the choices.
    pub fn parse(text: &str) -> Result<Self, AppError> {
        let name = text.trim().to_ascii_lowercase();
        serde_json::from_value(serde_json::Value::String(name)).map_err(|_| {
            AppError::invalid(format!(
                "{text:?} is not an export format: use {}.",
                Self::ALL
                    .iter()
                    .map(|f| f.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_parses_back_from_its_name() {
        for format in ExportFormat::ALL {
            assert_eq!(ExportFormat::parse(&format.as_str()).unwrap(), format);
        }
        assert_eq!(
            ExportFormat::parse(" FCPXML ").unwrap(),
            ExportFormat::Fcpxml
        );
    }

    #[test]
    fn an_unknown_name_is_refused_with_the_choices() {
        let err = ExportFormat::parse("aaf").unwrap_err();
        assert!(
            err.message
                .contains("fcpxml, xmeml, otio, mlt, edl, srt, vtt"),
            "{err}"
        );
    }

    #[test]
    fn only_srt_and_vtt_are_captions() {
        let captions: Vec<_> = ExportFormat::ALL
            .into_iter()
            .filter(|f| f.is_caption())
            .collect();
        assert_eq!(captions, [ExportFormat::Srt, ExportFormat::Vtt]);
    }
}

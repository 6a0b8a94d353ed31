//! OpenTimelineIO JSON (`.otio`): DaVinci Resolve 18+, Kdenlive 25.04+.
//!
//! Written with the schema versions OTIO 0.15–0.18 write (`Clip.2` + `DEFAULT_MEDIA`);
//! media as plain absolute paths, since Resolve fails to relink `file://` URLs. Written
//! directly as text (not through `serde_json::Value`), which is ~40x faster for long
//! timelines; strings go through `serde_json` for escaping.

use std::fmt::Write;
use std::path::Path;

use super::{absolute, opens_section, placed};
use crate::plan::{ExportPlan, Picture};

/// A JSON string literal.
fn js(text: &str) -> String {
    // Serialising a &str cannot fail.
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

struct Writer {
    out: String,
    /// The rate as a JSON double (`24.0`, `23.976023976023978`).
    rate: String,
}

impl Writer {
    fn time(&mut self, value: i64) {
        let _ = write!(
            self.out,
            "{{\"OTIO_SCHEMA\": \"RationalTime.1\", \"rate\": {}, \"value\": {value}.0}}",
            self.rate
        );
    }

    fn range(&mut self, start: i64, duration: i64) {
        self.out
            .push_str("{\"OTIO_SCHEMA\": \"TimeRange.1\", \"duration\": ");
        self.time(duration);
        self.out.push_str(", \"start_time\": ");
        self.time(start);
        self.out.push('}');
    }

    fn gap(&mut self, frames: i64) {
        self.out.push_str("        {\"OTIO_SCHEMA\": \"Gap.1\", \"name\": \"\", \"metadata\": {}, \"effects\": [], \"markers\": [], \"enabled\": true, \"source_range\": ");
        self.range(0, frames);
        self.out.push_str("},\n");
    }

    #[allow(clippy::too_many_arguments)] // one call site per track; a struct would only rename them
    fn clip(
        &mut self,
        name: &str,
        url: &str,
        frames: i64,
        file_frames: i64,
        marker: Option<&str>,
        number: &str,
        id: &str,
    ) {
        let _ = write!(
            self.out,
            "        {{\"OTIO_SCHEMA\": \"Clip.2\", \"name\": {}, \"metadata\": {{\"studio\": {{\"number\": {}, \"sentenceId\": {}}}}}, \"effects\": [], \"enabled\": true, \"markers\": [",
            js(name),
            js(number),
            js(id)
        );
        if let Some(m) = marker {
            let _ = write!(
                self.out,
                "{{\"OTIO_SCHEMA\": \"Marker.2\", \"name\": {}, \"metadata\": {{}}, \"color\": \"GREEN\", \"marked_range\": ",
                js(m)
            );
            self.range(0, 0);
            self.out.push('}');
        }
        self.out.push_str("], \"source_range\": ");
        self.range(0, frames);
        let _ = write!(
            self.out,
            ", \"media_references\": {{\"DEFAULT_MEDIA\": {{\"OTIO_SCHEMA\": \"ExternalReference.1\", \"name\": \"\", \"metadata\": {{}}, \"target_url\": {}, \"available_range\": ",
            js(url)
        );
        self.range(0, file_frames);
        self.out
            .push_str("}}, \"active_media_reference_key\": \"DEFAULT_MEDIA\"},\n");
    }

    /// Ends a list of children: drops the last item's trailing comma.
    fn close_children(&mut self) {
        if self.out.ends_with(",\n") {
            self.out.truncate(self.out.len() - 2);
            self.out.push('\n');
        }
    }
}

/// The whole `.otio` document, media at `root`.
pub fn otio(plan: &ExportPlan, root: &Path) -> String {
    let mut w = Writer {
        out: String::with_capacity(4096 + plan.sentences.len() * 2400),
        rate: format!("{:?}", plan.rate.as_f64()),
    };
    let _ = write!(
        w.out,
        "{{\n  \"OTIO_SCHEMA\": \"Timeline.1\",\n  \"name\": {},\n  \"metadata\": {{\"studio\": {{\"width\": {}, \"height\": {}, \"fps\": {}}}}},\n  \"global_start_time\": ",
        js(&plan.name),
        plan.width,
        plan.height,
        js(&plan.rate.to_string())
    );
    w.time(0);
    w.out.push_str(",\n  \"tracks\": {\"OTIO_SCHEMA\": \"Stack.1\", \"name\": \"tracks\", \"metadata\": {}, \"source_range\": null, \"effects\": [], \"markers\": [], \"enabled\": true, \"children\": [\n");
    for audio in [false, true] {
        let (name, kind) = if audio {
            ("A1", "Audio")
        } else {
            ("V1", "Video")
        };
        let _ = writeln!(
            w.out,
            "    {{\"OTIO_SCHEMA\": \"Track.1\", \"name\": \"{name}\", \"kind\": \"{kind}\", \"metadata\": {{}}, \"source_range\": null, \"effects\": [], \"markers\": [], \"enabled\": true, \"children\": ["
        );
        let mut cursor = 0;
        for (i, s) in placed(plan) {
            let (f0, frames) = (s.span.start_frame, s.span.frames());
            let (path, file_frames) = if audio {
                let Some(a) = &s.audio else { continue };
                let ff = plan.rate.frames_for_samples(s.audio_samples, 48000);
                (a.path.as_str(), ff.max(frames))
            } else {
                let ff = match &s.picture {
                    Picture::Clip { frames: f, .. } => (*f).max(frames),
                    Picture::Still => frames,
                };
                (s.picture_path(), ff)
            };
            if f0 > cursor {
                w.gap(f0 - cursor);
            }
            let marker = (!audio && opens_section(plan, i))
                .then(|| format!("Section: {}", plan.sections[s.section].title));
            w.clip(
                &s.clip_name(plan),
                &absolute(root, path),
                frames,
                file_frames,
                marker.as_deref(),
                &s.number,
                &s.id.0,
            );
            cursor = f0 + frames;
        }
        w.close_children();
        w.out.push_str("    ]},\n");
    }
    w.close_children();
    w.out.push_str("  ]}\n}\n");
    w.out
}

//! CMX 3600 EDLs: one per track kind (picture, narration), split into parts of at most
//! 999 events because event numbers have three digits.

use std::fmt::Write;

use super::{opens_section, placed, TextFile};
use crate::plan::ExportPlan;
use crate::timing::timecode;

/// Most events one CMX 3600 file can number.
pub const MAX_EDL_EVENTS: usize = 999;

/// One event: the file name and its timeline edges.
struct Event<'a> {
    file: &'a str,
    start: i64,
    frames: i64,
    marker: Option<String>,
}

/// The EDL files: `<slug>_video.edl` and `<slug>_audio.edl`, or `…_part01.edl`, `…_part02.edl`
/// when a track has more than 999 events (each part's record times continue the last).
pub fn edl_files(plan: &ExportPlan) -> Vec<TextFile> {
    let mut video = Vec::new();
    let mut audio = Vec::new();
    for (i, s) in placed(plan) {
        let marker = opens_section(plan, i).then(|| ascii(&plan.sections[s.section].title));
        let pic = s.picture_path();
        video.push(Event {
            file: pic.rsplit('/').next().unwrap_or(pic),
            start: s.span.start_frame,
            frames: s.span.frames(),
            marker: marker.clone(),
        });
        if let Some(a) = &s.audio {
            audio.push(Event {
                file: a.path.rsplit('/').next().unwrap_or(&a.path),
                start: s.span.start_frame,
                frames: s.span.frames(),
                marker,
            });
        }
    }
    let mut files = Vec::new();
    for (kind, channel, events) in [("video", "V", video), ("audio", "A", audio)] {
        let parts: Vec<&[Event]> = events.chunks(MAX_EDL_EVENTS).collect();
        let split = parts.len() > 1;
        for (p, part) in parts.iter().enumerate() {
            let path = if split {
                format!("timelines/{}_{kind}_part{:02}.edl", plan.slug, p + 1)
            } else {
                format!("timelines/{}_{kind}.edl", plan.slug)
            };
            let mut title = format!("{} {}", ascii(&plan.name), kind.to_uppercase());
            if split {
                let _ = write!(title, " PART {}", p + 1);
            }
            files.push((path, edl(plan, &title, channel, part)));
        }
    }
    files
}

fn edl(plan: &ExportPlan, title: &str, channel: &str, events: &[Event]) -> String {
    let mut x = String::with_capacity(128 + events.len() * 160);
    let _ = write!(x, "TITLE: {title}\nFCM: NON-DROP FRAME\n\n");
    for (n, e) in events.iter().enumerate() {
        let _ = write!(
            x,
            "{:03}  {:<8} {:<5} {:<8} {} {} {} {}\n* FROM CLIP NAME: {}\n",
            n + 1,
            "AX",
            channel,
            "C",
            timecode(plan.rate, 0),
            timecode(plan.rate, e.frames),
            timecode(plan.rate, e.start),
            timecode(plan.rate, e.start + e.frames),
            e.file
        );
        if let Some(m) = &e.marker {
            let _ = writeln!(x, "* COMMENT: SECTION {m}");
        }
        x.push('\n');
    }
    x
}

/// EDLs are ASCII: transliterate, and keep titles on one line.
fn ascii(text: &str) -> String {
    deunicode::deunicode(text)
        .chars()
        .map(|c| if c.is_ascii_graphic() { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

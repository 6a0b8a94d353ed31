//! Chapters from the sections: an ffmetadata file for the MP4 and a YouTube-style
//! `chapters.txt` (`00:00 Title` lines).

use std::fmt::Write;

use serde::Serialize;

use crate::plan::ExportPlan;
use crate::timing::FrameRate;

/// One chapter of the rough cut: a section, from its first sentence's first frame.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Chapter {
    /// The section's title.
    pub title: String,
    /// First frame in the film.
    pub start_frame: i64,
    /// One past its last frame (the next chapter's start, or the film's end).
    pub end_frame: i64,
}

/// The chapters of `plan`, one per section that has sentences, in order.
pub fn chapters(plan: &ExportPlan) -> Vec<Chapter> {
    let mut out: Vec<Chapter> = Vec::new();
    let mut last_section = None;
    for s in &plan.sentences {
        if last_section == Some(s.section) {
            continue;
        }
        last_section = Some(s.section);
        if let Some(prev) = out.last_mut() {
            prev.end_frame = s.span.start_frame;
        }
        out.push(Chapter {
            title: plan.sections[s.section].title.clone(),
            start_frame: s.span.start_frame,
            end_frame: plan.total_frames(),
        });
    }
    out
}

/// ffmetadata values escape `=`, `;`, `#`, `\` and line breaks with a backslash.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '=' | ';' | '#' | '\\' | '\n') {
            out.push('\\');
        }
        out.push(if c == '\r' { ' ' } else { c });
    }
    out
}

/// An ffmetadata file with the film's title and its chapters. The time base is one frame,
/// so chapter edges are the plan's frames exactly, at every rate (23.976 included).
pub fn ffmetadata(title: &str, rate: FrameRate, chapters: &[Chapter]) -> String {
    let mut out = format!(";FFMETADATA1\ntitle={}\n", escape(title));
    for c in chapters {
        // Writing to a String cannot fail.
        let _ = write!(
            out,
            "\n[CHAPTER]\nTIMEBASE={}/{}\nSTART={}\nEND={}\ntitle={}\n",
            rate.den,
            rate.num,
            c.start_frame,
            c.end_frame,
            escape(&c.title)
        );
    }
    out
}

/// YouTube's chapter list for a video description: `00:00 Title` per chapter (`H:MM:SS`
/// once the film passes an hour), times rounded down to the second so the first is
/// `00:00`, which YouTube requires. (YouTube also wants at least three chapters of at
/// least ten seconds; the list says what the film has either way.)
pub fn chapters_txt(rate: FrameRate, chapters: &[Chapter], total_frames: i64) -> String {
    let seconds = |frame: i64| frame * i64::from(rate.den) / i64::from(rate.num).max(1);
    let long = seconds(total_frames) >= 3600;
    let mut out = String::new();
    for c in chapters {
        let s = seconds(c.start_frame).max(0);
        let _ = if long {
            writeln!(
                out,
                "{}:{:02}:{:02} {}",
                s / 3600,
                (s / 60) % 60,
                s % 60,
                c.title
            )
        } else {
            writeln!(out, "{:02}:{:02} {}", s / 60, s % 60, c.title)
        };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chapter(title: &str, start_frame: i64, end_frame: i64) -> Chapter {
        Chapter {
            title: title.into(),
            start_frame,
            end_frame,
        }
    }

    #[test]
    fn chapters_txt_starts_at_zero_and_rounds_down() {
        let list = [chapter("Intro", 0, 310), chapter("Middle", 310, 2000)];
        let text = chapters_txt(FrameRate::FPS_24, &list, 2000);
        assert_eq!(text, "00:00 Intro\n00:12 Middle\n");
    }

    #[test]
    fn chapters_txt_shows_hours_for_long_films() {
        let list = [chapter("A", 0, 10), chapter("B", 24 * 3700, 24 * 4000)];
        let text = chapters_txt(FrameRate::FPS_24, &list, 24 * 4000);
        assert_eq!(text, "0:00:00 A\n1:01:40 B\n");
    }

    #[test]
    fn ffmetadata_counts_in_frames_and_escapes_titles() {
        let text = ffmetadata("A=B", FrameRate::FPS_23_976, &[chapter("x;y", 0, 48)]);
        assert!(text.starts_with(";FFMETADATA1\ntitle=A\\=B\n"));
        assert!(text.contains("TIMEBASE=1001/24000\nSTART=0\nEND=48\ntitle=x\\;y\n"));
    }
}

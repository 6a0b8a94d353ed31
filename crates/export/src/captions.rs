//! Captions: SRT and WebVTT, cues timed like the timeline (a sentence's cues start and end
//! on its frame edges). A sentence longer than two lines of about 42 characters becomes
//! several consecutive cues split at word boundaries, timed by its word timings where they
//! match its words, else proportionally by characters.

use std::fmt::Write;

use crate::plan::{ExportPlan, PlannedSentence};
use crate::timing::clock_ms;

/// Characters per caption line.
pub const LINE_CHARS: usize = 42;
/// Lines per cue.
pub const CUE_LINES: usize = 2;

/// One caption cue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cue {
    /// Start on the timeline, ms.
    pub start_ms: i64,
    /// End on the timeline, ms.
    pub end_ms: i64,
    /// One or two lines.
    pub lines: Vec<String>,
}

/// Every cue of the plan, in order, never overlapping.
pub fn cues(plan: &ExportPlan) -> Vec<Cue> {
    let mut out = Vec::with_capacity(plan.sentences.len());
    for s in &plan.sentences {
        if s.span.frames() == 0 || s.text.trim().is_empty() {
            continue;
        }
        sentence_cues(plan, s, &mut out);
    }
    out
}

/// Splits words into chunks of at most two lines of [`LINE_CHARS`] (greedy wrapping).
fn chunks(words: &[&str]) -> Vec<(usize, usize, Vec<String>)> {
    let mut result = Vec::new();
    let mut lines: Vec<String> = Vec::new();
    let mut first = 0;
    for (i, w) in words.iter().enumerate() {
        let fits = lines
            .last()
            .is_some_and(|l| l.chars().count() + 1 + w.chars().count() <= LINE_CHARS);
        if fits {
            if let Some(l) = lines.last_mut() {
                l.push(' ');
                l.push_str(w);
            }
        } else if lines.len() < CUE_LINES {
            lines.push((*w).to_string());
        } else {
            result.push((first, i, std::mem::take(&mut lines)));
            first = i;
            lines.push((*w).to_string());
        }
    }
    if !lines.is_empty() {
        result.push((first, words.len(), lines));
    }
    result
}

fn sentence_cues(plan: &ExportPlan, s: &PlannedSentence, out: &mut Vec<Cue>) {
    let start = plan.rate.frame_to_ms(s.span.start_frame);
    let end = plan.rate.frame_to_ms(s.span.end_frame);
    let words: Vec<&str> = s.text.split_whitespace().collect();
    let parts = chunks(&words);
    // Word timings are usable only when they line up one-to-one with the text's words.
    let timed = s.word_timings.len() == words.len();
    let total_chars: usize = words.iter().map(|w| w.chars().count() + 1).sum();
    let mut cue_start = start;
    for (n, (first, last, lines)) in parts.iter().enumerate() {
        let cue_end = if n + 1 == parts.len() {
            end
        } else if timed {
            start + s.word_timings[*last].start_ms.max(0)
        } else {
            let before: usize = words[..*last].iter().map(|w| w.chars().count() + 1).sum();
            start + ((end - start) as i128 * before as i128 / total_chars.max(1) as i128) as i64
        };
        let _ = first;
        // Clamp so cues stay inside the sentence and in order even with odd timings.
        let cue_end = cue_end.clamp(cue_start, end);
        if cue_end > cue_start {
            out.push(Cue {
                start_ms: cue_start,
                end_ms: cue_end,
                lines: lines.clone(),
            });
            cue_start = cue_end;
        } else if let Some(prev) = out.last_mut().filter(|_| n > 0) {
            // No time left for this part: append its words to the previous cue.
            prev.lines.extend(lines.iter().cloned());
        }
    }
}

/// SubRip text.
pub fn srt(cues: &[Cue]) -> String {
    let mut x = String::with_capacity(cues.len() * 96);
    for (i, c) in cues.iter().enumerate() {
        let _ = write!(
            x,
            "{}\n{} --> {}\n{}\n\n",
            i + 1,
            clock_ms(c.start_ms, ','),
            clock_ms(c.end_ms, ','),
            c.lines.join("\n")
        );
    }
    x
}

/// WebVTT text (cue text escaped: `&`, `<`, `>`).
pub fn vtt(cues: &[Cue]) -> String {
    let mut x = String::with_capacity(8 + cues.len() * 96);
    x.push_str("WEBVTT\n\n");
    for c in cues {
        let text = c
            .lines
            .join("\n")
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        let _ = write!(
            x,
            "{} --> {}\n{text}\n\n",
            clock_ms(c.start_ms, '.'),
            clock_ms(c.end_ms, '.')
        );
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_wraps_into_two_line_chunks() {
        let text = "word ".repeat(40);
        let words: Vec<&str> = text.split_whitespace().collect();
        let parts = chunks(&words);
        assert!(parts.len() > 1);
        for (_, _, lines) in &parts {
            assert!(lines.len() <= CUE_LINES);
            assert!(lines.iter().all(|l| l.len() <= LINE_CHARS));
        }
        let rejoined: Vec<String> = parts.iter().flat_map(|p| p.2.clone()).collect();
        assert_eq!(rejoined.join(" "), words.join(" "));
    }
}

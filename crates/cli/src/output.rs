//! What the commands print: plain text for people, `--json` for scripts, and progress
//! that is drawn only where someone watches it.

use std::io::{IsTerminal, Write};
use std::sync::Mutex;

use serde::Serialize;
use videogen_model::{AppError, AssetState, ErrorCode, Sentence};

/// The version of every `--json` document. Adding a field keeps it; renaming, removing or
/// changing the meaning of one bumps it, so a script can check it once.
pub const JSON_SCHEMA_VERSION: u32 = 1;

/// Every `--json` document: `{"schemaVersion":1, …the body's fields}`. The body is a
/// struct (or a map), so its fields sit next to `schemaVersion` at the top level.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Envelope<'a, T: Serialize> {
    schema_version: u32,
    #[serde(flatten)]
    body: &'a T,
}

/// Prints `body` on standard output as one versioned JSON document (see README, "JSON for
/// scripts"), pretty-printed and ending with a newline.
pub fn print_json<T: Serialize>(body: &T) -> Result<(), AppError> {
    let envelope = Envelope {
        schema_version: JSON_SCHEMA_VERSION,
        body,
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    serde_json::to_writer_pretty(&mut out, &envelope)
        .map_err(std::io::Error::from)
        .and_then(|()| writeln!(out))
        .and_then(|()| out.flush())
        .map_err(|e| AppError::new(ErrorCode::Internal, format!("cannot write the JSON: {e}")))
}

/// `1 section`, `2 sections`, `0 jobs`: a count with its noun, singular only for one.
/// `noun` is the singular; the plural follows the regular English rules (`-s`, `-es` after
/// s/x/z/ch/sh, `-ies` after a consonant and y), which every noun we count obeys.
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        return format!("1 {noun}");
    }
    let consonant_y =
        noun.ends_with('y') && !noun[..noun.len() - 1].ends_with(['a', 'e', 'i', 'o', 'u']);
    let plural = if consonant_y {
        format!("{}ies", &noun[..noun.len() - 1])
    } else if noun.ends_with(['s', 'x', 'z']) || noun.ends_with("ch") || noun.ends_with("sh") {
        format!("{noun}es")
    } else {
        format!("{noun}s")
    };
    format!("{n} {plural}")
}

/// Progress of one long operation on standard error. On a terminal it is a line redrawn
/// in place (`\r`); anywhere else (a pipe, a log file) it prints one line per stage, so a
/// log gets `export: copying media` once instead of every frame of the bar.
pub struct Progress {
    what: &'static str,
    terminal: bool,
    /// The last stage printed (pipe) or drawn (terminal).
    stage: Mutex<Option<String>>,
}

impl Progress {
    /// Progress of `what` (`"export"`), drawn if standard error is a terminal.
    pub fn stderr(what: &'static str) -> Self {
        Self::new(what, std::io::stderr().is_terminal())
    }

    fn new(what: &'static str, terminal: bool) -> Self {
        Self {
            what,
            terminal,
            stage: Mutex::new(None),
        }
    }

    /// `fraction` in 0..=1 of the whole; `stage` names what is being done.
    pub fn update(&self, fraction: f64, stage: &str) {
        if let Some(line) = self.render(fraction, stage) {
            let mut err = std::io::stderr().lock();
            let _ = err.write_all(line.as_bytes());
            let _ = err.flush();
        }
    }

    /// Ends the bar's line (on a terminal), so what follows starts on a line of its own.
    pub fn finish(&self) {
        let drawn = self.stage.lock().map(|s| s.is_some()).unwrap_or(true);
        if self.terminal && drawn {
            eprintln!();
        }
    }

    /// What to write for this update, if anything.
    fn render(&self, fraction: f64, stage: &str) -> Option<String> {
        // A poisoned lock only means another thread panicked mid-update: keep going.
        let mut last = self.stage.lock().unwrap_or_else(|p| p.into_inner());
        if self.terminal {
            *last = Some(stage.to_owned());
            let percent = (fraction.clamp(0.0, 1.0) * 100.0).round() as i64;
            return Some(format!("\r{percent:>3}%  {stage:<40}"));
        }
        if last.as_deref() == Some(stage) {
            return None;
        }
        *last = Some(stage.to_owned());
        Some(format!("{}: {stage}\n", self.what))
    }
}

/// Milliseconds as `h:mm:ss` or `m:ss`.
pub fn duration(ms: i64) -> String {
    let total = ms.max(0) / 1000;
    let (h, m, s) = (total / 3600, (total / 60) % 60, total % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// Dirty flags as a fixed-width badge: `A I V` with `-` for clean assets.
pub fn dirty_flags(sentence: &Sentence) -> String {
    let flag = |asset: &AssetState, letter: char| if asset.dirty { letter } else { '-' };
    format!(
        "{}{}{}",
        flag(&sentence.audio, 'A'),
        flag(&sentence.image, 'I'),
        flag(&sentence.video, 'V')
    )
}

/// Text cut to `max` characters with an ellipsis.
pub fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

/// The shortest prefix length (at least 8) that tells every id in `ids` apart. UUID v7 ids
/// made in the same millisecond share their first 13 characters, so a fixed cut is not
/// enough.
pub fn unique_prefix_len<'a>(ids: impl IntoIterator<Item = &'a str>) -> usize {
    let mut sorted: Vec<&str> = ids.into_iter().collect();
    sorted.sort_unstable();
    let common = |a: &str, b: &str| a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    sorted
        .windows(2)
        .map(|w| common(w[0], w[1]) + 1)
        .max()
        .unwrap_or(0)
        .max(8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_singular_only_for_one() {
        assert_eq!(count(1, "section"), "1 section");
        assert_eq!(count(2, "section"), "2 sections");
        assert_eq!(count(0, "job"), "0 jobs");
        assert_eq!(count(3, "match"), "3 matches");
        assert_eq!(count(2, "entry"), "2 entries");
        assert_eq!(count(2, "day"), "2 days");
    }

    #[test]
    fn piped_progress_prints_each_stage_once_and_never_a_carriage_return() {
        let p = Progress::new("export", false);
        let lines: Vec<String> = [
            (0.0, "preparing"),
            (0.1, "copying media"),
            (0.2, "copying media"),
        ]
        .into_iter()
        .filter_map(|(f, s)| p.render(f, s))
        .collect();
        assert_eq!(lines, ["export: preparing\n", "export: copying media\n"]);
    }

    #[test]
    fn terminal_progress_redraws_one_line() {
        let p = Progress::new("export", true);
        assert_eq!(
            p.render(0.5, "copying media").as_deref(),
            Some(format!("\r 50%  {:<40}", "copying media").as_str())
        );
    }

    #[test]
    fn unique_prefix_tells_same_millisecond_ids_apart() {
        let ids = [
            "01a2144d-270d-7173-9ce3-dae6d35c09d8",
            "01a2144d-270d-7174-8ce3-dae6d35c09d8",
            "01a2144d-270e-7000-8000-000000000000",
        ];
        let n = unique_prefix_len(ids);
        assert_eq!(n, 18);
        let cut: std::collections::HashSet<&str> = ids.iter().map(|i| &i[..n]).collect();
        assert_eq!(cut.len(), ids.len());
    }

    #[test]
    fn unique_prefix_is_at_least_eight() {
        assert_eq!(unique_prefix_len(["a", "b"]), 8);
    }
}

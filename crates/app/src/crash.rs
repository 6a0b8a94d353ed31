//! Crash reports. A panic anywhere in the process writes its message, where it happened and
//! a backtrace to `<data dir>/logs/crash-<UTC time>-<pid>.txt`; the next start of the app or
//! the CLI says where that file is, once.
//!
//! The hook is installed by the binaries (`videogen-studio`, `videogen`) as their first
//! step, before anything that could panic. It writes with plain `std::fs` (no tracing, no
//! locks we might already hold), to a temporary name then renamed, so a report is either
//! whole or absent. Which reports were already told is remembered in
//! `logs/crash-reports-told`, one file name per line.

use std::backtrace::Backtrace;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// Set to [`TEST_PANIC_AT_START`] to make a binary panic right after installing the hook:
/// the packaging and CLI tests use it to prove a real crash leaves a report.
pub const TEST_PANIC_ENV: &str = "VIDEOGEN_TEST_PANIC";
/// The value of [`TEST_PANIC_ENV`] that panics at start.
pub const TEST_PANIC_AT_START: &str = "start";

const PREFIX: &str = "crash-";
const TOLD: &str = "crash-reports-told";

/// A crash report found in the logs folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CrashReport {
    /// Where the report is.
    pub path: PathBuf,
    /// When the crash happened, in milliseconds since the Unix epoch (the file's own time
    /// when its header cannot be read).
    pub at_ms: i64,
    /// The panic message (first line).
    pub message: String,
}

/// Installs the panic hook for this process: every panic writes a report into `logs_dir`
/// (created if needed), then the previous hook runs as before (it prints to stderr).
pub fn install_panic_hook(logs_dir: &Path, program: &'static str) {
    let logs_dir = logs_dir.to_path_buf();
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let report = render(
            program,
            SystemTime::now(),
            &panic_message(info.payload()),
            info.location().map(ToString::to_string).as_deref(),
            &Backtrace::force_capture().to_string(),
        );
        match write_report(&logs_dir, SystemTime::now(), &report) {
            Ok(path) => eprintln!(
                "{program} crashed. A crash report was written to {}",
                path.display()
            ),
            Err(error) => eprintln!(
                "{program} crashed and could not write a crash report into {}: {error}",
                logs_dir.display()
            ),
        }
        previous(info);
    }));
}

/// Panics when the test asks for it ([`TEST_PANIC_ENV`]); call right after
/// [`install_panic_hook`].
pub fn panic_if_asked() {
    if std::env::var(TEST_PANIC_ENV).is_ok_and(|v| v == TEST_PANIC_AT_START) {
        panic!("crash test: {TEST_PANIC_ENV}={TEST_PANIC_AT_START} asked this process to panic");
    }
}

/// The reports in `logs_dir` not told about before, oldest first, and remembers them as
/// told: the next start says nothing about them again. A report that cannot be listed is
/// skipped; failing to remember is only logged (the user is then told twice).
pub fn take_untold(logs_dir: &Path) -> Vec<CrashReport> {
    let told_path = logs_dir.join(TOLD);
    let told = std::fs::read_to_string(&told_path).unwrap_or_default();
    let told: std::collections::HashSet<&str> = told.lines().collect();
    let Ok(entries) = std::fs::read_dir(logs_dir) else {
        return Vec::new();
    };
    let mut untold: Vec<CrashReport> = entries
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            let is_report = name.starts_with(PREFIX) && name.ends_with(".txt");
            (is_report && !told.contains(name.as_str())).then(|| read_report(&entry.path()))
        })
        .collect();
    untold.sort_by(|a, b| (a.at_ms, &a.path).cmp(&(b.at_ms, &b.path)));
    if !untold.is_empty() {
        let mut names = String::new();
        for report in &untold {
            if let Some(name) = report.path.file_name() {
                names.push_str(&name.to_string_lossy());
                names.push('\n');
            }
        }
        let appended = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&told_path)
            .and_then(|mut file| file.write_all(names.as_bytes()));
        if let Err(error) = appended {
            tracing::warn!(%error, file = %told_path.display(), "cannot remember which crash reports were told");
        }
    }
    untold
}

/// The text of a report.
fn render(
    program: &str,
    at: SystemTime,
    message: &str,
    location: Option<&str>,
    backtrace: &str,
) -> String {
    let thread = std::thread::current();
    format!(
        "{program} {version} crashed\n\
         time: {time} ({ms} ms since 1970)\n\
         message: {message}\n\
         location: {location}\n\
         thread: {thread}\n\
         os: {os} {arch}\n\
         \n\
         backtrace:\n{backtrace}\n",
        version = env!("CARGO_PKG_VERSION"),
        time = utc_stamp(at, true),
        ms = millis(at),
        message = message.replace('\n', "\n  "),
        location = location.unwrap_or("unknown"),
        thread = thread.name().unwrap_or("unnamed"),
        os = std::env::consts::OS,
        arch = std::env::consts::ARCH,
    )
}

/// Writes `text` to `crash-<time>-<pid>.txt` in `logs_dir` through a temporary file.
fn write_report(logs_dir: &Path, at: SystemTime, text: &str) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(logs_dir)?;
    let pid = std::process::id();
    let stamp = utc_stamp(at, false);
    // A second panic in the same second (another thread) gets its own file.
    let mut n = 0;
    let path = loop {
        let suffix = if n == 0 {
            String::new()
        } else {
            format!("-{n}")
        };
        let candidate = logs_dir.join(format!("{PREFIX}{stamp}-{pid}{suffix}.txt"));
        if !candidate.exists() {
            break candidate;
        }
        n += 1;
    };
    let temp = path.with_extension("txt.part");
    let mut file = std::fs::File::create(&temp)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()?;
    drop(file);
    std::fs::rename(&temp, &path)?;
    Ok(path)
}

/// Reads back the time and message of a report.
fn read_report(path: &Path) -> CrashReport {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let field = |name: &str| {
        text.lines()
            .find_map(|line| line.strip_prefix(name).map(str::to_owned))
    };
    let at_ms = field("time: ")
        .and_then(|t| {
            let inner = t.split_once('(')?.1;
            inner.split_once(' ')?.0.parse().ok()
        })
        .or_else(|| {
            let modified = std::fs::metadata(path).and_then(|m| m.modified()).ok()?;
            Some(millis(modified))
        })
        .unwrap_or(0);
    CrashReport {
        path: path.to_path_buf(),
        at_ms,
        message: field("message: ").unwrap_or_else(|| "(no message)".to_owned()),
    }
}

/// The text of a panic payload (`panic!` makes a `&str` or a `String`).
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "(a panic without a message)".to_owned()
    }
}

fn millis(at: SystemTime) -> i64 {
    at.duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// `20261204T051530Z` for file names, `2026-12-04 05:15:30 UTC` for reading. UTC, so no
/// time zone database is needed inside a panic hook.
fn utc_stamp(at: SystemTime, readable: bool) -> String {
    let secs = at
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let (mut days, rest) = (secs / 86_400, secs % 86_400);
    let (hour, minute, second) = (rest / 3600, rest % 3600 / 60, rest % 60);
    let leap = |y: u64| (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400);
    let mut year = 1970;
    loop {
        let length = if leap(year) { 366 } else { 365 };
        if days < length {
            break;
        }
        days -= length;
        year += 1;
    }
    let february = if leap(year) { 29 } else { 28 };
    let months = [31, february, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let mut month = 1;
    for length in months {
        if days < length {
            break;
        }
        days -= length;
        month += 1;
    }
    let day = days + 1;
    if readable {
        format!("{year}-{month:02}-{day:02} {hour:02}:{minute:02}:{second:02} UTC")
    } else {
        format!("{year}{month:02}{day:02}T{hour:02}{minute:02}{second:02}Z")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn at(secs: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(secs)
    }

    #[test]
    fn stamps_are_utc_calendar_times() {
        assert_eq!(utc_stamp(at(0), false), "19700101T000000Z");
        // 2000-02-29 (a leap day of a century leap year) 12:34:56.
        assert_eq!(utc_stamp(at(951_827_696), true), "2000-02-29 12:34:56 UTC");
        // 2026-12-31 23:59:59, the last second of a common year.
        assert_eq!(utc_stamp(at(1_798_761_599), false), "20261231T235959Z");
    }

    #[test]
    fn a_report_is_written_whole_and_told_once() {
        let dir = tempfile::tempdir().expect("dir");
        let logs = dir.path().join("logs");
        let text = render(
            "videogen",
            at(1_764_825_330),
            "index out of bounds",
            Some("src/x.rs:1:2"),
            "0: main",
        );
        let path = write_report(&logs, at(1_764_825_330), &text).expect("write");
        assert!(path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("crash-20251204T051530Z-")));
        let leftovers: Vec<_> = std::fs::read_dir(&logs)
            .expect("list")
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".part"))
            .collect();
        assert!(leftovers.is_empty(), "no temporary file is left behind");
        let written = std::fs::read_to_string(&path).expect("read");
        assert!(written.contains("location: src/x.rs:1:2"));
        assert!(written.contains("backtrace:\n0: main"));

        let told = take_untold(&logs);
        assert_eq!(
            told,
            vec![CrashReport {
                path: path.clone(),
                at_ms: 1_764_825_330_000,
                message: "index out of bounds".into(),
            }]
        );
        assert!(take_untold(&logs).is_empty(), "a report is told only once");

        let second = write_report(&logs, at(1_764_825_330), &text).expect("write again");
        assert_ne!(second, path, "a crash in the same second gets its own file");
        assert_eq!(take_untold(&logs).len(), 1);
    }

    #[test]
    fn a_missing_logs_folder_has_no_reports() {
        let dir = tempfile::tempdir().expect("dir");
        assert!(take_untold(&dir.path().join("nowhere")).is_empty());
    }
}

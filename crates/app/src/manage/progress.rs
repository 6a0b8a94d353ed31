//! Progress and cancel of the long file operations (backup, restore): bytes and files done
//! out of the total, reported through a sink the caller gives (a window's channel, a
//! terminal bar), and a registry of running operations so another call can cancel one.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::Serialize;

/// How far a backup or restore has got.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FileProgress {
    /// Bytes of file contents copied so far.
    pub done_bytes: u64,
    /// Bytes of file contents to copy in all.
    pub total_bytes: u64,
    /// Files finished.
    pub done_files: u32,
    /// Files in all.
    pub total_files: u32,
}

/// Receives a backup's or restore's progress and answers whether to stop. The operation
/// never knows who listens.
pub trait FileProgressSink: Sync {
    /// Called as bytes are copied (at most every [`REPORT_EVERY`], and once at the end).
    fn progress(&self, progress: FileProgress);
    /// Checked between chunks of a file: `true` stops the operation, which then removes
    /// what it wrote and fails with `ErrorCode::Cancelled`.
    fn is_cancelled(&self) -> bool {
        false
    }
}

/// Progress that nobody watches.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoFileProgress;

impl FileProgressSink for NoFileProgress {
    fn progress(&self, _: FileProgress) {}
}

/// The shortest time between two reports: a bar redrawn 20 times a second looks smooth,
/// and a backup of thousands of thumbnails does not flood the window with messages.
pub const REPORT_EVERY: Duration = Duration::from_millis(50);

/// Chunk copied between two cancel checks: a 1 GB clip stops within a few milliseconds.
const CHUNK: usize = 1 << 20;

/// Counts what is done and reports it to a sink, throttled.
pub(crate) struct Meter<'a> {
    sink: &'a dyn FileProgressSink,
    now: FileProgress,
    last: Option<Instant>,
}

impl<'a> Meter<'a> {
    pub(crate) fn new(sink: &'a dyn FileProgressSink, total_bytes: u64, total_files: u32) -> Self {
        Meter {
            sink,
            now: FileProgress {
                total_bytes,
                total_files,
                ..FileProgress::default()
            },
            last: None,
        }
    }

    pub(crate) fn cancelled(&self) -> bool {
        self.sink.is_cancelled()
    }

    fn report(&mut self, force: bool) {
        let due = self.last.is_none_or(|at| at.elapsed() >= REPORT_EVERY);
        if force || due {
            self.sink.progress(self.now);
            self.last = Some(Instant::now());
        }
    }

    /// One more file finished.
    pub(crate) fn file_done(&mut self) {
        self.now.done_files += 1;
        let last = self.now.done_files >= self.now.total_files;
        self.report(last);
    }

    /// Copies `from` into `to` in chunks, counting the bytes and checking for cancel
    /// between chunks (a cancel is an `Interrupted` error: the caller asks
    /// [`Meter::cancelled`] to tell it from a real one). Returns the bytes copied.
    pub(crate) fn copy(&mut self, from: &mut dyn Read, to: &mut dyn Write) -> std::io::Result<u64> {
        let mut buf = vec![0u8; CHUNK];
        let mut copied = 0u64;
        loop {
            if self.cancelled() {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::Interrupted,
                    "cancelled",
                ));
            }
            let n = match from.read(&mut buf) {
                Ok(0) => return Ok(copied),
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            to.write_all(&buf[..n])?;
            copied += n as u64;
            self.now.done_bytes += n as u64;
            self.report(false);
        }
    }
}

/// Running backups and restores by the id their caller chose, so that a second call
/// (the window's Cancel button) can stop one.
#[derive(Default)]
pub(crate) struct FileTasks {
    running: Mutex<HashMap<String, Arc<AtomicBool>>>,
}

impl FileTasks {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<AtomicBool>>> {
        // A panic while holding this lock leaves a plain map behind: still usable.
        self.running.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A running operation's cancel flag; dropping it takes the operation off the registry.
pub struct FileTask {
    id: String,
    flag: Arc<AtomicBool>,
    tasks: Arc<FileTasks>,
}

impl FileTask {
    /// Whether someone asked to cancel it.
    pub fn is_cancelled(&self) -> bool {
        self.flag.load(Ordering::Relaxed)
    }
}

impl Drop for FileTask {
    fn drop(&mut self) {
        let mut running = self.tasks.lock();
        // Only our own entry: a newer task may have taken the same id.
        if running
            .get(&self.id)
            .is_some_and(|f| Arc::ptr_eq(f, &self.flag))
        {
            running.remove(&self.id);
        }
    }
}

impl crate::Studio {
    /// Registers a backup or restore under `id` (chosen by the caller) so that
    /// [`crate::Studio::cancel_file_task`] can stop it; it is unregistered when the
    /// returned task is dropped.
    pub fn start_file_task(&self, id: &str) -> FileTask {
        let tasks = self.file_tasks().clone();
        let flag = Arc::new(AtomicBool::new(false));
        tasks.lock().insert(id.to_owned(), flag.clone());
        FileTask {
            id: id.to_owned(),
            flag,
            tasks,
        }
    }

    /// Asks the backup or restore registered as `id` to stop; `false` when none runs
    /// under that id (it may just have finished).
    pub fn cancel_file_task(&self, id: &str) -> bool {
        match self.file_tasks().lock().get(id) {
            Some(flag) => {
                flag.store(true, Ordering::Relaxed);
                true
            }
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Record(Mutex<Vec<FileProgress>>, AtomicBool);

    impl FileProgressSink for Record {
        fn progress(&self, p: FileProgress) {
            self.0.lock().unwrap().push(p);
        }
        fn is_cancelled(&self) -> bool {
            self.1.load(Ordering::Relaxed)
        }
    }

    #[test]
    fn a_copy_counts_its_bytes_and_the_last_file_is_always_reported() {
        let sink = Record(Mutex::default(), AtomicBool::new(false));
        let data = vec![7u8; 3 * CHUNK + 5];
        let mut meter = Meter::new(&sink, data.len() as u64, 1);
        let mut out = Vec::new();
        let n = meter.copy(&mut data.as_slice(), &mut out).unwrap();
        meter.file_done();
        assert_eq!((n, out.len()), (data.len() as u64, data.len()));
        let seen = sink.0.lock().unwrap();
        let last = seen.last().copied().unwrap();
        assert_eq!(
            last,
            FileProgress {
                done_bytes: data.len() as u64,
                total_bytes: data.len() as u64,
                done_files: 1,
                total_files: 1,
            }
        );
        assert!(seen.windows(2).all(|w| w[0].done_bytes <= w[1].done_bytes));
    }

    #[test]
    fn a_cancelled_copy_stops_with_interrupted() {
        let sink = Record(Mutex::default(), AtomicBool::new(true));
        let mut meter = Meter::new(&sink, 10, 1);
        let err = meter
            .copy(&mut [1u8; 10].as_slice(), &mut Vec::new())
            .unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::Interrupted);
        assert!(meter.cancelled());
    }
}

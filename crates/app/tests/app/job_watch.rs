//! Following the queue: the system held awake while jobs run, one notification per batch.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::mpsc;
use videogen_app::keep_awake::{InhibitGuard, Inhibitor, KeepAwake};
use videogen_app::{BatchNotifier, BatchSummary, BatchTracker, CancellationToken};
use videogen_model::{AppError, ErrorCode, JobCounts};

use crate::studio;

/// Counts holds taken and still held, and tells a channel each time the count changes.
#[derive(Clone, Default)]
struct FakeInhibitor {
    held: Arc<AtomicUsize>,
    taken: Arc<AtomicUsize>,
    fail_next: Arc<AtomicUsize>,
    changes: Arc<Mutex<Option<mpsc::UnboundedSender<usize>>>>,
}

struct Hold {
    held: Arc<AtomicUsize>,
    changes: Arc<Mutex<Option<mpsc::UnboundedSender<usize>>>>,
}

impl Drop for Hold {
    fn drop(&mut self) {
        let now = self.held.fetch_sub(1, Ordering::SeqCst) - 1;
        if let Some(tx) = self.changes.lock().expect("lock").as_ref() {
            let _ = tx.send(now);
        }
    }
}

impl Inhibitor for FakeInhibitor {
    fn inhibit(&self, reason: &str) -> Result<InhibitGuard, AppError> {
        assert!(!reason.is_empty());
        if self.fail_next.load(Ordering::SeqCst) > 0 {
            self.fail_next.fetch_sub(1, Ordering::SeqCst);
            return Err(AppError::new(ErrorCode::ServiceUnavailable, "no bus"));
        }
        self.taken.fetch_add(1, Ordering::SeqCst);
        let now = self.held.fetch_add(1, Ordering::SeqCst) + 1;
        if let Some(tx) = self.changes.lock().expect("lock").as_ref() {
            let _ = tx.send(now);
        }
        Ok(Box::new(Hold {
            held: self.held.clone(),
            changes: self.changes.clone(),
        }))
    }
}

struct Notifications(mpsc::UnboundedSender<BatchSummary>);

impl BatchNotifier for Notifications {
    fn batch_ended(&self, summary: &BatchSummary) {
        let _ = self.0.send(*summary);
    }
}

fn counts(queued: u32, running: u32, succeeded: u32, failed: u32) -> JobCounts {
    JobCounts {
        queued,
        running,
        succeeded,
        failed,
        cancelled: 0,
    }
}

#[test]
fn a_hold_is_taken_once_while_wanted_and_released_when_not() {
    let fake = FakeInhibitor::default();
    let mut keep = KeepAwake::new(Box::new(fake.clone()));
    assert!(keep.update(true));
    assert!(keep.update(true));
    assert_eq!(fake.taken.load(Ordering::SeqCst), 1);
    assert_eq!(fake.held.load(Ordering::SeqCst), 1);
    assert!(!keep.update(false));
    assert_eq!(fake.held.load(Ordering::SeqCst), 0);
}

#[test]
fn a_refused_hold_is_tried_again_at_the_next_update() {
    let fake = FakeInhibitor::default();
    fake.fail_next.store(1, Ordering::SeqCst);
    let mut keep = KeepAwake::new(Box::new(fake.clone()));
    assert!(!keep.update(true));
    assert!(keep.update(true));
    assert!(keep.is_held());
}

#[test]
fn a_batch_ends_when_the_queue_is_idle_and_counts_only_its_own_jobs() {
    let mut t = BatchTracker::default();
    // 5 jobs finished long ago; an idle queue is no batch.
    assert_eq!(t.observe(&counts(0, 0, 5, 1)), None);
    assert_eq!(t.observe(&counts(3, 1, 5, 1)), None);
    assert!(t.busy());
    assert_eq!(t.observe(&counts(1, 1, 7, 1)), None);
    let ended = t.observe(&counts(0, 0, 8, 2)).expect("batch ended");
    assert_eq!(
        ended,
        BatchSummary {
            succeeded: 3,
            failed: 1,
            cancelled: 0
        }
    );
    assert_eq!(ended.title(), "1 of 4 jobs failed");
    assert!(ended.body().contains("retry"), "{}", ended.body());
    assert!(!t.busy());
    // A retried failed job lowers `failed`; the next batch is not negative.
    t.observe(&counts(1, 0, 8, 1));
    let next = t.observe(&counts(0, 0, 9, 1)).expect("second batch");
    assert_eq!((next.succeeded, next.failed), (1, 0));
    assert_eq!(next.title(), "1 job finished");
}

async fn recv<T>(rx: &mut mpsc::UnboundedReceiver<T>) -> T {
    tokio::time::timeout(Duration::from_secs(30), rx.recv())
        .await
        .expect("in time")
        .expect("a message")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jobs_hold_the_system_awake_and_end_in_one_notification() {
    let (dir, studio) = studio();
    let fake = FakeInhibitor::default();
    let (held_tx, mut held_rx) = mpsc::unbounded_channel();
    *fake.changes.lock().expect("lock") = Some(held_tx);
    let (note_tx, mut note_rx) = mpsc::unbounded_channel();
    videogen_app::testing::enqueue_diagnostic(
        &studio,
        3,
        &dir.path().join("out"),
        &dir.path().join("steps.log"),
        1,
        3,
    )
    .expect("enqueue");

    let stop = CancellationToken::new();
    let follower = tokio::spawn({
        let (studio, stop) = (studio.clone(), stop.clone());
        let keep = KeepAwake::new(Box::new(fake.clone()));
        async move {
            studio
                .follow_jobs(keep, Arc::new(Notifications(note_tx)), stop)
                .await
        }
    });
    assert_eq!(recv(&mut held_rx).await, 1, "held while jobs wait and run");
    studio
        .run_worker(true, std::future::pending())
        .await
        .expect("worker");
    let summary = recv(&mut note_rx).await;
    assert_eq!(summary.succeeded, 3);
    assert_eq!(summary.failed, 0);
    assert_eq!(recv(&mut held_rx).await, 0, "released when the batch ends");
    stop.cancel();
    follower.await.expect("join").expect("follow");
    assert_eq!(fake.taken.load(Ordering::SeqCst), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_both_settings_off_nothing_is_held_or_shown() {
    let (dir, studio) = studio();
    studio.config_set("jobs.keep_awake", "off").expect("set");
    studio.config_set("notify.batches", "false").expect("set");
    assert_eq!(
        studio.config_get("jobs.keep_awake").expect("get").value,
        "false"
    );
    assert_eq!(
        studio
            .config_set("notify.batches", "maybe")
            .unwrap_err()
            .code,
        ErrorCode::InvalidInput
    );
    let fake = FakeInhibitor::default();
    let (note_tx, mut note_rx) = mpsc::unbounded_channel();
    videogen_app::testing::enqueue_diagnostic(
        &studio,
        2,
        &dir.path().join("out"),
        &dir.path().join("steps.log"),
        1,
        3,
    )
    .expect("enqueue");
    let stop = CancellationToken::new();
    let follower = tokio::spawn({
        let (studio, stop) = (studio.clone(), stop.clone());
        let keep = KeepAwake::new(Box::new(fake.clone()));
        async move {
            studio
                .follow_jobs(keep, Arc::new(Notifications(note_tx)), stop)
                .await
        }
    });
    let mut events = studio.subscribe();
    studio
        .run_worker(true, std::future::pending())
        .await
        .expect("worker");
    // The runner's last counts reached the follower before it is stopped: it saw the end.
    while let Ok(Ok(e)) = tokio::time::timeout(Duration::from_millis(500), events.recv()).await {
        let _ = e;
    }
    stop.cancel();
    follower.await.expect("join").expect("follow");
    assert_eq!(fake.taken.load(Ordering::SeqCst), 0);
    assert!(
        note_rx.try_recv().is_err(),
        "no notification when switched off"
    );
}

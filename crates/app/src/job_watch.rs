//! What the desktop does as the queue works: one notification when a batch of jobs ends
//! (setting `notify.batches`), and the system kept awake while jobs run (setting
//! `jobs.keep_awake`). A batch is the span from the queue becoming busy to it becoming
//! idle again; its summary is the change in the finished counts over that span.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::sync::broadcast::error::RecvError;
use videogen_model::{AppError, DomainEvent, JobCounts};
use videogen_providers::CancellationToken;

use crate::keep_awake::KeepAwake;
use crate::Studio;

/// Setting: keep the system awake while jobs run.
pub const KEEP_AWAKE_KEY: &str = "jobs.keep_awake";
/// Setting: notify when a batch of jobs ends.
pub const NOTIFY_KEY: &str = "notify.batches";

/// How often settings are looked at again while nothing else happens (a toggle takes
/// effect within this).
const RECHECK: Duration = Duration::from_secs(5);

/// How a batch of jobs ended.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BatchSummary {
    /// Jobs that finished well.
    pub succeeded: u32,
    /// Jobs that failed for good.
    pub failed: u32,
    /// Jobs that were cancelled.
    pub cancelled: u32,
}

impl BatchSummary {
    /// The notification's title.
    pub fn title(&self) -> String {
        if self.failed > 0 {
            let total = self.succeeded + self.failed + self.cancelled;
            format!("{} of {total} jobs failed", self.failed)
        } else {
            let n = self.succeeded;
            format!("{n} job{} finished", if n == 1 { "" } else { "s" })
        }
    }

    /// The notification's body: what happened and what to do.
    pub fn body(&self) -> String {
        let mut parts = vec![format!("{} succeeded", self.succeeded)];
        if self.failed > 0 {
            parts.push(format!("{} failed", self.failed));
        }
        if self.cancelled > 0 {
            parts.push(format!("{} cancelled", self.cancelled));
        }
        let tail = if self.failed > 0 {
            "Open Jobs to read why and retry them."
        } else {
            "Everything queued is done."
        };
        format!("{}. {tail}", parts.join(", "))
    }
}

/// Finds the ends of batches in a stream of job counts.
#[derive(Debug, Default)]
pub struct BatchTracker {
    /// Counts when the current batch began; `None` while the queue is idle.
    start: Option<JobCounts>,
}

impl BatchTracker {
    /// Whether a batch is under way.
    pub fn busy(&self) -> bool {
        self.start.is_some()
    }

    /// Takes the latest counts; returns the summary of a batch that just ended.
    pub fn observe(&mut self, counts: &JobCounts) -> Option<BatchSummary> {
        let active = counts.running + counts.queued > 0;
        match (&self.start, active) {
            (None, true) => {
                self.start = Some(*counts);
                None
            }
            (Some(start), false) => {
                // Retrying a failed job lowers `failed`: count no negative batch.
                let summary = BatchSummary {
                    succeeded: counts.succeeded.saturating_sub(start.succeeded),
                    failed: counts.failed.saturating_sub(start.failed),
                    cancelled: counts.cancelled.saturating_sub(start.cancelled),
                };
                self.start = None;
                (summary != BatchSummary::default()).then_some(summary)
            }
            _ => None,
        }
    }
}

/// Told when a batch of jobs ends (the shell shows a desktop notification).
pub trait BatchNotifier: Send + Sync {
    /// A batch ended.
    fn batch_ended(&self, summary: &BatchSummary);
}

impl Studio {
    /// Whether a boolean setting is on.
    fn flag(&self, key: &str) -> bool {
        match self.config_get(key) {
            Ok(v) => v.value == "true",
            Err(e) => {
                tracing::warn!("cannot read {key}: {}", e.message);
                false
            }
        }
    }

    /// Follows the queue until `stop`: notifies when a batch ends and holds the system
    /// awake while jobs run, as the settings say. Runs in the process that shows the
    /// window, whichever process runs the jobs.
    pub async fn follow_jobs(
        &self,
        keep_awake: KeepAwake,
        notifier: Arc<dyn BatchNotifier>,
        stop: CancellationToken,
    ) -> Result<(), AppError> {
        let mut events = self.subscribe();
        let keep = Arc::new(Mutex::new(keep_awake));
        let mut tracker = BatchTracker::default();
        let mut counts = self.job_counts()?;
        tracker.observe(&counts);
        loop {
            let studio = self.clone();
            let busy = tracker.busy();
            let keep_now = keep.clone();
            // D-Bus calls block: off the async threads.
            let _ = tokio::task::spawn_blocking(move || {
                let wanted = busy && studio.flag(KEEP_AWAKE_KEY);
                if let Ok(mut k) = keep_now.lock() {
                    k.update(wanted);
                }
            })
            .await;
            tokio::select! {
                _ = stop.cancelled() => break,
                _ = tokio::time::sleep(RECHECK) => continue,
                event = events.recv() => match event {
                    Ok(DomainEvent::JobCounts { counts: c, .. }) => counts = c,
                    Ok(_) => continue,
                    Err(RecvError::Lagged(_)) => counts = self.job_counts()?,
                    Err(RecvError::Closed) => break,
                },
            }
            if let Some(summary) = tracker.observe(&counts) {
                if self.flag(NOTIFY_KEY) {
                    notifier.batch_ended(&summary);
                }
            }
        }
        let _ = tokio::task::spawn_blocking(move || {
            if let Ok(mut k) = keep.lock() {
                k.update(false);
            }
        })
        .await;
        Ok(())
    }
}

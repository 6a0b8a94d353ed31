//! Typed window events and the coalescing of domain events into them.
//!
//! The store can commit thousands of changes in a second (an import, a batch of renders);
//! the window needs to know *what* changed, not every step. [`Batch`] folds a burst of
//! [`DomainEvent`]s into at most one event of each kind, keeping the latest state.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use videogen_model::{Change, DomainEvent, Job, JobCounts, JobId, JobProgress, RunnerStatus};

/// Stored things changed: the UI refetches what it shows of them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
#[serde(rename_all = "camelCase")]
pub struct StoreChanged {
    /// What changed, without repeats, in commit order.
    pub changes: Vec<Change>,
    /// Events were lost (the window fell behind): refetch everything.
    pub resync: bool,
}

/// The job counts changed (status bar, tray).
#[derive(
    Clone, Copy, Debug, PartialEq, Serialize, Deserialize, specta::Type, tauri_specta::Event,
)]
#[serde(rename_all = "camelCase")]
pub struct JobCountsChanged {
    /// Jobs in each state.
    pub counts: JobCounts,
    /// The queue is paused.
    pub paused: bool,
}

/// A job changed state (queued, started, succeeded, failed or cancelled).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
#[serde(rename_all = "camelCase")]
pub struct JobUpdated {
    /// The job as it now stands.
    pub job: Job,
    /// Why it failed, for a failed job.
    pub error: Option<String>,
}

/// A running job made progress (the latest figure per job of a burst).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
#[serde(rename_all = "camelCase")]
pub struct JobProgressed {
    /// The progress.
    pub progress: JobProgress,
}

/// Who runs the jobs and what they wait for ("jobs are being run by videogen worker",
/// "waiting for ComfyUI").
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
#[serde(rename_all = "camelCase")]
pub struct RunnerChanged {
    /// The runner's state.
    pub status: RunnerStatus,
}

/// The app is about to quit: save pending edits now, then call `edits_flushed`.
#[derive(
    Clone, Copy, Debug, PartialEq, Serialize, Deserialize, specta::Type, tauri_specta::Event,
)]
pub struct FlushRequested;

/// One burst of domain events, folded.
#[derive(Debug, Default)]
pub struct Batch {
    changes: Vec<Change>,
    seen: HashSet<Change>,
    resync: bool,
    counts: Option<JobCountsChanged>,
    runner: Option<RunnerChanged>,
    jobs: Vec<JobUpdated>,
    progress: Vec<JobProgressed>,
}

/// What a folded burst sends to the window.
#[derive(Debug, Default, PartialEq)]
pub struct Outgoing {
    /// At most one store event.
    pub store: Option<StoreChanged>,
    /// The latest counts, if they changed.
    pub counts: Option<JobCountsChanged>,
    /// The latest runner state, if it changed.
    pub runner: Option<RunnerChanged>,
    /// The latest state of each job that changed.
    pub jobs: Vec<JobUpdated>,
    /// The latest progress of each job that progressed.
    pub progress: Vec<JobProgressed>,
}

impl Batch {
    /// Whether nothing is waiting to be sent.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
            && !self.resync
            && self.counts.is_none()
            && self.runner.is_none()
            && self.jobs.is_empty()
            && self.progress.is_empty()
    }

    /// Whether the batch holds progress and nothing else.
    pub fn only_progress(&self) -> bool {
        !self.progress.is_empty()
            && self.changes.is_empty()
            && !self.resync
            && self.counts.is_none()
            && self.runner.is_none()
            && self.jobs.is_empty()
    }

    /// Records that events were dropped: the window must refetch everything.
    pub fn lagged(&mut self) {
        self.resync = true;
    }

    /// Folds one event in.
    pub fn push(&mut self, event: DomainEvent) {
        match event {
            DomainEvent::Changed { changes } => {
                for change in changes {
                    if self.seen.insert(change.clone()) {
                        self.changes.push(change);
                    }
                }
            }
            DomainEvent::JobCounts { counts, paused } => {
                self.counts = Some(JobCountsChanged { counts, paused });
            }
            DomainEvent::Runner(status) => {
                self.runner = Some(RunnerChanged { status });
            }
            DomainEvent::JobProgress(progress) => {
                replace_or_push(&mut self.progress, JobProgressed { progress }, |p| {
                    &p.progress.job_id
                });
            }
            DomainEvent::JobQueued { job }
            | DomainEvent::JobStarted { job }
            | DomainEvent::JobSucceeded { job, .. }
            | DomainEvent::JobCancelled { job } => {
                self.push_job(JobUpdated { job, error: None });
            }
            DomainEvent::JobFailed { job, error } => {
                self.push_job(JobUpdated {
                    job,
                    error: Some(error),
                });
            }
        }
    }

    fn push_job(&mut self, update: JobUpdated) {
        // A finished job's progress is stale once its new state is known.
        self.progress.retain(|p| p.progress.job_id != update.job.id);
        replace_or_push(&mut self.jobs, update, |u| &u.job.id);
    }

    /// Takes what is waiting, leaving the batch empty.
    pub fn take(&mut self) -> Outgoing {
        let batch = std::mem::take(self);
        let store = (!batch.changes.is_empty() || batch.resync).then_some(StoreChanged {
            changes: batch.changes,
            resync: batch.resync,
        });
        Outgoing {
            store,
            counts: batch.counts,
            runner: batch.runner,
            jobs: batch.jobs,
            progress: batch.progress,
        }
    }
}

/// Replaces the item with the same job id (keeping its place) or appends it.
fn replace_or_push<T>(items: &mut Vec<T>, item: T, id: impl Fn(&T) -> &JobId) {
    match items.iter().position(|old| id(old) == id(&item)) {
        Some(index) => items[index] = item,
        None => items.push(item),
    }
}

#[cfg(test)]
mod tests {
    use videogen_model::{ChangeOp, Entity, JobKind, JobState, ProjectId};

    use super::*;

    fn change(id: &str) -> Change {
        Change {
            entity: Entity::Sentence,
            id: id.to_owned(),
            project_id: Some(ProjectId::from("p1")),
            op: ChangeOp::Update,
        }
    }

    fn job(id: &str, state: JobState) -> Job {
        Job {
            id: JobId::from(id),
            kind: JobKind::Image,
            state,
            project_id: None,
            section_id: None,
            sentence_id: None,
            outline_id: None,
            progress: 0.0,
            step_name: None,
            attempt: 1,
            max_attempts: 3,
            error: None,
            result_file: None,
            created_at: 0,
            started_at: None,
            completed_at: None,
            resource: None,
        }
    }

    fn progress(id: &str, fraction: f64) -> DomainEvent {
        DomainEvent::JobProgress(JobProgress {
            job_id: JobId::from(id),
            kind: JobKind::Image,
            project_id: None,
            progress: fraction,
            message: None,
            step_name: None,
            current_step: None,
            total_steps: None,
        })
    }

    #[test]
    fn a_burst_of_edits_to_one_sentence_becomes_one_change() {
        let mut batch = Batch::default();
        for _ in 0..1000 {
            batch.push(DomainEvent::Changed {
                changes: vec![change("s1")],
            });
        }
        batch.push(DomainEvent::Changed {
            changes: vec![change("s2")],
        });
        let out = batch.take();
        assert_eq!(
            out.store,
            Some(StoreChanged {
                changes: vec![change("s1"), change("s2")],
                resync: false
            })
        );
        assert!(batch.is_empty());
    }

    #[test]
    fn only_the_latest_counts_and_progress_per_job_are_sent() {
        let mut batch = Batch::default();
        for running in 0..5 {
            batch.push(DomainEvent::JobCounts {
                counts: JobCounts {
                    running,
                    ..JobCounts::default()
                },
                paused: false,
            });
            batch.push(progress("a", f64::from(running) / 10.0));
            batch.push(progress("b", 0.5));
        }
        let out = batch.take();
        assert_eq!(out.counts.map(|c| c.counts.running), Some(4));
        let fractions: Vec<(String, f64)> = out
            .progress
            .iter()
            .map(|p| (p.progress.job_id.to_string(), p.progress.progress))
            .collect();
        assert_eq!(fractions, vec![("a".into(), 0.4), ("b".into(), 0.5)]);
        assert!(out.store.is_none());
    }

    #[test]
    fn a_finished_job_replaces_its_progress_and_keeps_its_error() {
        let mut batch = Batch::default();
        batch.push(DomainEvent::JobStarted {
            job: job("a", JobState::Running),
        });
        batch.push(progress("a", 0.9));
        batch.push(DomainEvent::JobFailed {
            job: job("a", JobState::Failed),
            error: "ComfyUI refused the workflow".into(),
        });
        let out = batch.take();
        assert!(out.progress.is_empty());
        assert_eq!(out.jobs.len(), 1);
        assert_eq!(out.jobs[0].job.state, JobState::Failed);
        assert_eq!(
            out.jobs[0].error.as_deref(),
            Some("ComfyUI refused the workflow")
        );
    }

    #[test]
    fn only_the_latest_runner_state_is_sent() {
        let mut batch = Batch::default();
        for held_elsewhere in [true, false] {
            batch.push(DomainEvent::Runner(RunnerStatus {
                running_here: !held_elsewhere,
                held_elsewhere,
                running: 0,
                waiting_for: vec![],
                paused: false,
            }));
        }
        let out = batch.take();
        let runner = out.runner.expect("a runner event");
        assert!(runner.status.running_here && !runner.status.held_elsewhere);
    }

    #[test]
    fn lost_events_ask_the_window_to_refetch_everything() {
        let mut batch = Batch::default();
        batch.lagged();
        assert!(!batch.is_empty());
        let out = batch.take();
        assert_eq!(
            out.store,
            Some(StoreChanged {
                changes: vec![],
                resync: true
            })
        );
    }
}

//! What a handler gets: its job, its payload, recorded steps, progress and cancellation.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::params;
use serde::de::DeserializeOwned;
use serde::Serialize;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;
use videogen_model::{ChangeOp, DomainEvent, Entity, Job, JobProgress};

use crate::{HandlerError, Queue};

/// At most one progress event per job in this interval (≤ 20 a second).
pub const PROGRESS_INTERVAL: Duration = Duration::from_millis(50);

/// A running attempt's view of its job. Cheap to clone.
#[derive(Clone)]
pub struct JobContext {
    inner: Arc<Inner>,
}

struct Inner {
    job: Job,
    payload: serde_json::Value,
    total_steps: Option<u32>,
    queue: Queue,
    token: CancellationToken,
    state: Mutex<State>,
}

struct State {
    /// Steps recorded by this or an earlier attempt, with their outputs.
    recorded: HashMap<String, serde_json::Value>,
    fraction: f64,
    step_name: Option<String>,
    last_sent: Option<Instant>,
    /// A progress update held back by the coalescing, sent with the next one that passes.
    pending: bool,
}

impl JobContext {
    pub(crate) fn new(
        job: Job,
        payload: serde_json::Value,
        total_steps: Option<u32>,
        recorded: HashMap<String, serde_json::Value>,
        queue: Queue,
        token: CancellationToken,
    ) -> Self {
        let fraction = job.progress;
        let step_name = job.step_name.clone();
        JobContext {
            inner: Arc::new(Inner {
                job,
                payload,
                total_steps,
                queue,
                token,
                state: Mutex::new(State {
                    recorded,
                    fraction,
                    step_name,
                    last_sent: None,
                    pending: false,
                }),
            }),
        }
    }

    /// The job as claimed (its `attempt` already counts this attempt).
    pub fn job(&self) -> &Job {
        &self.inner.job
    }

    /// The raw payload.
    pub fn payload_json(&self) -> &serde_json::Value {
        &self.inner.payload
    }

    /// The payload as `T`; a payload that does not fit is a permanent failure.
    pub fn payload<T: DeserializeOwned>(&self) -> Result<T, HandlerError> {
        serde_json::from_value(self.inner.payload.clone()).map_err(|e| {
            HandlerError::permanent(format!(
                "The {} job's input cannot be read ({e}); queue it again.",
                self.inner.job.kind
            ))
        })
    }

    /// Fires when the user cancels the job; stop, then return [`HandlerError::cancelled`].
    pub fn cancellation(&self) -> &CancellationToken {
        &self.inner.token
    }

    /// Whether the user asked to cancel.
    pub fn is_cancelled(&self) -> bool {
        self.inner.token.is_cancelled()
    }

    /// Runs `work` once for this job: when a step named `name` was recorded by an earlier
    /// attempt, returns its recorded output without running `work`. Otherwise runs it and
    /// records the output in the same transaction that marks the step done, so a crash
    /// either keeps both or neither. Returns [`HandlerError::cancelled`] without running
    /// when the job was cancelled.
    pub async fn step<T, F, Fut>(&self, name: &str, work: F) -> Result<T, HandlerError>
    where
        T: Serialize + DeserializeOwned,
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T, HandlerError>>,
    {
        let recorded = self.lock().recorded.get(name).cloned();
        if let Some(output) = recorded {
            match serde_json::from_value(output) {
                Ok(value) => return Ok(value),
                // An output recorded by an older build that no longer fits: the step is
                // safe to repeat (at-least-once), so run it again rather than fail the job.
                Err(e) => {
                    tracing::warn!(job = %self.inner.job.id, step = name, "recorded output unreadable, running the step again: {e}")
                }
            }
        }
        if self.is_cancelled() {
            return Err(HandlerError::cancelled());
        }
        self.flush_progress(Some(name));
        let value = work().await?;
        let output = serde_json::to_value(&value).map_err(|e| {
            HandlerError::permanent(format!("step {name} returned an unstorable value: {e}"))
        })?;
        self.record(name, output)?;
        Ok(value)
    }

    /// Like [`JobContext::step`], and `apply` writes the step's effect on the store in the
    /// same transaction that records the step: either both are kept or neither, so a
    /// resumed job never repeats `work` (an LLM call, say) nor applies its output twice.
    pub async fn step_with<T, F, Fut, A>(
        &self,
        name: &str,
        work: F,
        apply: A,
    ) -> Result<T, HandlerError>
    where
        T: Serialize + DeserializeOwned,
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T, HandlerError>>,
        A: FnOnce(&mut videogen_store::WriteTx<'_>, &T) -> Result<(), videogen_store::StoreError>,
    {
        let recorded = self.lock().recorded.get(name).cloned();
        if let Some(output) = recorded {
            if let Ok(value) = serde_json::from_value(output) {
                return Ok(value);
            }
        }
        if self.is_cancelled() {
            return Err(HandlerError::cancelled());
        }
        self.flush_progress(Some(name));
        let value = work().await?;
        let output = serde_json::to_value(&value).map_err(|e| {
            HandlerError::permanent(format!("step {name} returned an unstorable value: {e}"))
        })?;
        self.record_with(name, output, |tx| apply(tx, &value))?;
        Ok(value)
    }

    /// Records a step's output now, without running anything: for callbacks that cannot
    /// await, such as the ComfyUI pool naming the prompt id just before it posts the prompt
    /// (a resumed job then follows that prompt instead of queueing it again).
    pub fn record_now<T: Serialize>(&self, name: &str, value: &T) -> Result<(), HandlerError> {
        let output = serde_json::to_value(value).map_err(|e| {
            HandlerError::permanent(format!("step {name} has an unstorable value: {e}"))
        })?;
        self.record(name, output)
    }

    /// The output of a step recorded by this or an earlier attempt, if any.
    pub fn recorded<T: DeserializeOwned>(&self, name: &str) -> Option<T> {
        let value = self.lock().recorded.get(name).cloned()?;
        serde_json::from_value(value).ok()
    }

    /// Reports progress (`fraction` 0..=1) in `step_name`. Sent as an event at most every
    /// [`PROGRESS_INTERVAL`] per job; a held-back value goes out with the next step.
    pub fn progress(&self, fraction: f64, step_name: &str) {
        if fraction.is_nan() {
            return;
        }
        let mut state = self.lock();
        state.fraction = fraction.clamp(0.0, 1.0);
        if state.step_name.as_deref() != Some(step_name) {
            state.step_name = Some(step_name.to_owned());
        }
        let now = Instant::now();
        let due = state
            .last_sent
            .is_none_or(|last| now.duration_since(last) >= PROGRESS_INTERVAL);
        if due {
            state.last_sent = Some(now);
            state.pending = false;
            let event = self.event(&state);
            drop(state);
            self.inner.queue.emit(DomainEvent::JobProgress(event));
        } else {
            state.pending = true;
        }
    }

    /// Sends a held-back progress update, if any, when the interval allows.
    fn flush_progress(&self, starting: Option<&str>) {
        let mut state = self.lock();
        if let Some(name) = starting {
            state.step_name = Some(name.to_owned());
        }
        if !state.pending {
            return;
        }
        let now = Instant::now();
        if state
            .last_sent
            .is_some_and(|last| now.duration_since(last) < PROGRESS_INTERVAL)
        {
            return;
        }
        state.last_sent = Some(now);
        state.pending = false;
        let event = self.event(&state);
        drop(state);
        self.inner.queue.emit(DomainEvent::JobProgress(event));
    }

    fn event(&self, state: &State) -> JobProgress {
        let job = &self.inner.job;
        JobProgress {
            job_id: job.id.clone(),
            kind: job.kind,
            project_id: job.project_id.clone(),
            progress: state.fraction,
            message: None,
            step_name: state.step_name.clone(),
            current_step: Some(state.recorded.len() as u32 + 1),
            total_steps: self.inner.total_steps,
        }
    }

    fn record(&self, name: &str, output: serde_json::Value) -> Result<(), HandlerError> {
        self.record_with(name, output, |_| Ok(()))
    }

    fn record_with(
        &self,
        name: &str,
        output: serde_json::Value,
        apply: impl FnOnce(&mut videogen_store::WriteTx<'_>) -> Result<(), videogen_store::StoreError>,
    ) -> Result<(), HandlerError> {
        let job = &self.inner.job;
        let (fraction, done) = {
            let state = self.lock();
            (state.fraction, state.recorded.len() as u32 + 1)
        };
        let text = output.to_string();
        let now = videogen_store::now_ms();
        self.inner.queue.store().write(|tx| {
            apply(tx)?;
            tx.prepare_cached(
                "INSERT INTO job_steps (job_id, name, output, finished_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(job_id, name) DO UPDATE SET output = excluded.output,
                    finished_at = excluded.finished_at",
            )?
            .execute(params![job.id.as_str(), name, text, now])?;
            tx.prepare_cached(
                "UPDATE generation_jobs SET step_name = ?2, current_step = ?3, progress = ?4
                 WHERE id = ?1",
            )?
            .execute(params![job.id.as_str(), name, done, fraction])?;
            tx.record(
                Entity::Job,
                job.id.as_str(),
                job.project_id.as_ref(),
                ChangeOp::Update,
            );
            Ok(())
        })?;
        self.lock().recorded.insert(name.to_owned(), output);
        Ok(())
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // Nothing panics while holding this lock; a poisoned one still holds sound data.
        self.inner
            .state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

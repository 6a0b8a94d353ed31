//! The runner: claims due jobs within each kind's limit, runs their handlers on tokio,
//! and writes how each attempt ended (DESIGN.md, Jobs).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rand::rngs::SmallRng;
use rand::SeedableRng;
use tokio::sync::watch;
use tokio::task::{AbortHandle, JoinSet};
use tokio::time::{sleep_until, Instant};
use tokio_util::sync::CancellationToken;
use tracing::Instrument;
use videogen_model::{DomainEvent, Job, JobKind, JobResult};

use crate::gates::Gates;
use crate::lifecycle::{self, Ending, ResourceFilter};
use crate::status::{RunMode, RunSummary, RunnerStatus};
use crate::{
    FailureKind, HandlerError, JobContext, JobError, Queue, Registry, RunnerConfig, RunnerLock,
};

/// The runner of one database. Only the holder of its [`RunnerLock`] may run it.
pub struct Runner {
    queue: Queue,
    registry: Arc<Registry>,
    config: RunnerConfig,
    status: watch::Sender<RunnerStatus>,
}

struct Active {
    job: Job,
    token: CancellationToken,
    abort: AbortHandle,
    cancel_deadline: Option<Instant>,
}

type Finished = Result<(tokio::task::Id, Result<JobResult, HandlerError>), tokio::task::JoinError>;

/// Wall-clock milliseconds derived from tokio's clock, so that tests with paused time see
/// backoffs elapse.
struct Clock {
    wall0: i64,
    mono0: Instant,
}

impl Clock {
    fn new() -> Self {
        Clock {
            wall0: videogen_store::now_ms(),
            mono0: Instant::now(),
        }
    }

    fn now_ms(&self) -> i64 {
        self.wall0 + self.mono0.elapsed().as_millis() as i64
    }
}

impl Runner {
    /// A runner over `queue` with the handlers of `registry`.
    pub fn new(queue: Queue, registry: Registry, config: RunnerConfig) -> Self {
        Runner {
            queue,
            registry: Arc::new(registry),
            config,
            status: watch::channel(RunnerStatus::default()).0,
        }
    }

    /// Follows the runner's status (paused, running, waiting for a service).
    pub fn status(&self) -> watch::Receiver<RunnerStatus> {
        self.status.subscribe()
    }

    /// Runs jobs until `mode` says stop or `shutdown` fires. First rescues every job left
    /// `running` by a runner that died. On shutdown, running attempts are stopped and put
    /// back without charging them.
    pub async fn run(
        &self,
        lock: &RunnerLock,
        mode: RunMode,
        shutdown: CancellationToken,
    ) -> Result<RunSummary, JobError> {
        if lock.path() != RunnerLock::path_for(self.queue.store().path()) {
            return Err(JobError::Conflict(format!(
                "The runner lock {} is not the lock of this database.",
                lock.path().display()
            )));
        }
        let mut state = LoopState {
            runner: self,
            clock: Clock::new(),
            active: HashMap::new(),
            by_kind: HashMap::new(),
            by_resource: HashMap::new(),
            tasks: JoinSet::new(),
            gates: Gates::new(&self.registry.gates, self.config.health_interval),
            unwritten: Vec::new(),
            summary: RunSummary::default(),
            rng: SmallRng::from_os_rng(),
            next_counts: Instant::now(),
            next_prune: Instant::now(),
            next_unknown_scan: Instant::now(),
            exhausted: HashSet::new(),
            next_exhausted_reset: Instant::now(),
            paused: false,
        };
        state.rescue()?;
        let result = state.run_loop(mode, &shutdown).await;
        state.shut_down().await;
        result.map(|()| state.summary)
    }
}

struct LoopState<'r> {
    runner: &'r Runner,
    clock: Clock,
    active: HashMap<tokio::task::Id, Active>,
    by_kind: HashMap<JobKind, u32>,
    by_resource: HashMap<String, u32>,
    tasks: JoinSet<Result<JobResult, HandlerError>>,
    gates: Gates,
    /// Endings whose write failed (database busy); written again next round.
    unwritten: Vec<(Job, Ending)>,
    summary: RunSummary,
    rng: SmallRng,
    next_counts: Instant,
    next_prune: Instant,
    /// When jobs whose resource the runner has no limit for are looked for next.
    next_unknown_scan: Instant,
    /// Kinds (with the resource claimed for; `None`: jobs needing no limited resource)
    /// whose last claim found fewer due jobs than it asked for, and for which nothing was
    /// queued since: not asked again until something is, or until the next poll interval
    /// (a backoff running out, or another process's enqueue). Without this every round
    /// asked each kind of each resource (some 60 statements) after every finished job.
    exhausted: HashSet<(JobKind, Option<String>)>,
    next_exhausted_reset: Instant,
    paused: bool,
}

impl LoopState<'_> {
    fn queue(&self) -> &Queue {
        &self.runner.queue
    }

    fn rescue(&mut self) -> Result<(), JobError> {
        let rescued = lifecycle::rescue(self.queue().store(), self.clock.now_ms())?;
        if !rescued.requeued.is_empty() {
            tracing::info!(
                count = rescued.requeued.len(),
                "requeued jobs left running by a runner that stopped"
            );
        }
        self.summary.rescued += rescued.requeued.len() as u32;
        self.summary.cancelled += rescued.cancelled.len() as u32;
        self.summary.failed += rescued.failed.len() as u32;
        for job in rescued.requeued {
            self.queue().emit(DomainEvent::JobQueued { job });
        }
        for job in rescued.cancelled {
            self.queue().emit(DomainEvent::JobCancelled { job });
        }
        for job in rescued.failed {
            let error = job.error.clone().unwrap_or_default();
            self.queue().emit(DomainEvent::JobFailed { job, error });
        }
        self.queue().touched();
        Ok(())
    }

    async fn run_loop(
        &mut self,
        mode: RunMode,
        shutdown: &CancellationToken,
    ) -> Result<(), JobError> {
        let config = &self.runner.config;
        let kinds = self.runner.registry.kinds();
        // Pause and cancel requests (possibly from another process) are read when woken or
        // once per poll interval, not after every batch of finished jobs.
        let mut woken = true;
        let mut last_poll = Instant::now();
        loop {
            if shutdown.is_cancelled() {
                return Ok(());
            }
            let now = Instant::now();
            if woken || now >= last_poll + config.poll_interval {
                last_poll = now;
                match self.queue().is_paused() {
                    Ok(paused) => self.paused = paused,
                    Err(e) => tracing::warn!("could not read the pause switch: {e}"),
                }
                self.notice_cancels(now);
            }
            let next_gate = self.gates.start_due(now);
            // Finished attempts and new claims share one transaction per round.
            self.round(&kinds, !self.paused);
            self.publish_status();
            if now >= self.next_prune {
                self.prune();
                self.next_prune = now + config.prune_interval;
            }
            if now >= self.next_counts && self.queue().take_counts_dirty() {
                match self.queue().counts() {
                    Ok(counts) => self.queue().emit(DomainEvent::JobCounts {
                        counts,
                        paused: self.paused,
                    }),
                    Err(e) => tracing::warn!("could not count jobs: {e}"),
                }
                self.next_counts = now + config.counts_interval;
            }
            if mode == RunMode::UntilEmpty && self.tasks.is_empty() && self.unwritten.is_empty() {
                let (any, _) =
                    lifecycle::pending(self.queue().store(), &kinds, self.clock.now_ms())?;
                if self.paused || !any {
                    return Ok(());
                }
            }
            let mut wake = last_poll + config.poll_interval;
            if self.queue().counts_dirty() {
                wake = wake.min(self.next_counts);
            }
            if let Some(at) = next_gate {
                wake = wake.min(at.max(now));
            }
            for a in self.active.values() {
                if let Some(at) = a.cancel_deadline {
                    wake = wake.min(at);
                }
            }
            woken = false;
            tokio::select! {
                biased;
                _ = shutdown.cancelled() => return Ok(()),
                Some(first) = self.tasks.join_next_with_id(), if !self.tasks.is_empty() => {
                    let mut batch = vec![first];
                    while let Some(more) = self.tasks.try_join_next_with_id() {
                        batch.push(more);
                    }
                    self.complete(batch, false);
                }
                _ = self.gates.next_answer() => {}
                _ = self.runner.queue.wake().notified() => woken = true,
                _ = sleep_until(wake) => woken = true,
            }
        }
    }

    /// Fires the token of every running job whose cancel was asked, and aborts those that
    /// did not stop within the grace period.
    fn notice_cancels(&mut self, now: Instant) {
        if self.active.is_empty() {
            return;
        }
        let asked = match lifecycle::cancel_requests(self.queue().store()) {
            Ok(ids) => ids,
            Err(e) => {
                tracing::warn!("could not read cancel requests: {e}");
                Vec::new()
            }
        };
        let grace = self.runner.config.cancel_grace;
        for a in self.active.values_mut() {
            if a.cancel_deadline.is_none() && asked.iter().any(|id| id == a.job.id.as_str()) {
                tracing::info!(job = %a.job.id, kind = %a.job.kind, "cancel requested");
                a.token.cancel();
                a.cancel_deadline = Some(now + grace);
            }
            if a.cancel_deadline.is_some_and(|at| at <= now) {
                a.abort.abort();
            }
        }
    }

    /// One write transaction: records the attempts that ended since the last round, then
    /// (when `claim`) takes due jobs into every free slot of kinds whose service is up.
    /// Events go out after the commit; on failure everything is tried again next round.
    fn round(&mut self, kinds: &[JobKind], claim: bool) {
        let endings = std::mem::take(&mut self.unwritten);
        let limited = self.limited_resources();
        // Free slots per kind, and per limited resource whose service is up.
        let kind_free: Vec<(JobKind, u32)> = if claim {
            kinds
                .iter()
                .filter_map(|&kind| {
                    let limit = self.runner.config.limit(kind);
                    let running = self.by_kind.get(&kind).copied().unwrap_or(0);
                    (running < limit).then_some((kind, limit - running))
                })
                .collect()
        } else {
            Vec::new()
        };
        let mut resource_free: Vec<(String, u32)> = limited
            .iter()
            .filter(|r| self.gates.open(r))
            .filter_map(|r| {
                let limit = self.resource_limit(r);
                let running = self.by_resource.get(r).copied().unwrap_or(0);
                (running < limit).then(|| (r.clone(), limit - running))
            })
            .collect();
        if endings.is_empty() && kind_free.is_empty() {
            return;
        }
        // Jobs of a resource with no limit and no gate (none of ours; another build's) can
        // only be found by reading every queued job of a kind: do that once per poll
        // interval, not after every finished job (which made a long queue quadratic).
        let instant = Instant::now();
        let scan_unknown = instant >= self.next_unknown_scan;
        if scan_unknown {
            self.next_unknown_scan = instant + self.runner.config.poll_interval;
        }
        let rest = if scan_unknown {
            ResourceFilter::Unlimited(&limited)
        } else {
            ResourceFilter::NoResource
        };
        self.forget_exhausted(&endings, instant);
        let exhausted = &self.exhausted;
        let now = self.clock.now_ms();
        let result = self.queue().store().write(|tx| {
            let written = lifecycle::finish_in(tx, &endings, now)?;
            let mut claimed = Vec::new();
            let mut found_empty = Vec::new();
            for &(kind, free) in &kind_free {
                let mut free = free;
                for (resource, res_free) in resource_free.iter_mut() {
                    if free == 0 {
                        break;
                    }
                    let want = free.min(*res_free);
                    if want == 0 || exhausted.contains(&(kind, Some(resource.clone()))) {
                        continue;
                    }
                    let got = lifecycle::claim_in(
                        tx,
                        kind,
                        ResourceFilter::Exactly(resource),
                        want,
                        now,
                    )?;
                    if (got.len() as u32) < want {
                        found_empty.push((kind, Some(resource.clone())));
                    }
                    free -= got.len() as u32;
                    *res_free -= got.len() as u32;
                    claimed.extend(got);
                }
                // The unlimited scan looks wider than `NoResource`: never skipped.
                if free > 0 && (scan_unknown || !exhausted.contains(&(kind, None))) {
                    let got = lifecycle::claim_in(tx, kind, rest, free, now)?;
                    if (got.len() as u32) < free {
                        found_empty.push((kind, None));
                    }
                    claimed.extend(got);
                }
            }
            Ok((written, claimed, found_empty))
        });
        match result {
            Ok((written, claimed, found_empty)) => {
                self.exhausted.extend(found_empty);
                self.announce(written);
                self.start(claimed);
            }
            Err(e) => {
                tracing::warn!(
                    finished = endings.len(),
                    "could not record finished jobs or claim new ones, will try again: {e}"
                );
                self.unwritten = endings;
            }
        }
    }

    /// Forgets the kinds found empty that may have due jobs again: those something was
    /// queued for since, those of attempts put back in this round, and all of them once
    /// per poll interval.
    fn forget_exhausted(&mut self, endings: &[(Job, Ending)], now: Instant) {
        if now >= self.next_exhausted_reset {
            self.exhausted.clear();
            self.next_exhausted_reset = now + self.runner.config.poll_interval;
        }
        let mut fresh = self.queue().take_queued_kinds();
        for (job, ending) in endings {
            if matches!(ending, Ending::Retry { .. } | Ending::PutBack { .. }) {
                fresh |= crate::queue::kind_bit(job.kind);
            }
        }
        if fresh != 0 {
            self.exhausted
                .retain(|(kind, _)| fresh & crate::queue::kind_bit(*kind) == 0);
        }
    }

    /// Resources with a limit or a gate: jobs needing one are claimed per resource. A gated
    /// resource without a configured limit takes one job at a time, as a service does.
    fn limited_resources(&self) -> Vec<String> {
        let mut out: Vec<String> = self.runner.config.resources.keys().cloned().collect();
        for r in self.gates.resources() {
            if !out.iter().any(|o| o == r) {
                out.push(r.to_owned());
            }
        }
        out.sort();
        out
    }

    fn resource_limit(&self, resource: &str) -> u32 {
        self.runner
            .config
            .resources
            .get(resource)
            .copied()
            .unwrap_or(1)
    }

    /// Runs the handlers of freshly claimed jobs.
    fn start(&mut self, claimed: Vec<lifecycle::Claimed>) {
        for c in claimed {
            let Some(handler) = self.runner.registry.handlers.get(&c.job.kind).cloned() else {
                continue;
            };
            let token = CancellationToken::new();
            let ctx = JobContext::new(
                c.job.clone(),
                c.payload,
                c.total_steps,
                c.steps,
                self.queue().clone(),
                token.clone(),
            );
            let span = tracing::info_span!("job", id = %c.job.id, kind = %c.job.kind, attempt = c.job.attempt);
            let abort = self.tasks.spawn(handler.run(ctx).instrument(span));
            *self.by_kind.entry(c.job.kind).or_default() += 1;
            if let Some(r) = &c.job.resource {
                *self.by_resource.entry(r.clone()).or_default() += 1;
            }
            self.queue()
                .emit(DomainEvent::JobStarted { job: c.job.clone() });
            self.active.insert(
                abort.id(),
                Active {
                    job: c.job,
                    token,
                    abort,
                    cancel_deadline: None,
                },
            );
        }
    }

    /// Decides how each finished task ended; the next round writes it.
    fn complete(&mut self, batch: Vec<Finished>, shutting_down: bool) {
        let now_ms = self.clock.now_ms();
        let now = Instant::now();
        let mut endings = Vec::with_capacity(batch.len());
        for finished in batch {
            let (id, outcome) = match finished {
                Ok((id, result)) => (id, result),
                Err(e) if e.is_panic() => {
                    let id = e.id();
                    (id, Err(HandlerError::retry(panic_message(e))))
                }
                Err(e) => (e.id(), Err(HandlerError::cancelled())),
            };
            let Some(active) = self.active.remove(&id) else {
                continue;
            };
            if let Some(n) = self.by_kind.get_mut(&active.job.kind) {
                *n = n.saturating_sub(1);
            }
            if let Some(n) = active
                .job
                .resource
                .as_ref()
                .and_then(|r| self.by_resource.get_mut(r))
            {
                *n = n.saturating_sub(1);
            }
            let job = active.job;
            let cancelled = active.token.is_cancelled();
            let ending = match outcome {
                Ok(result) => Ending::Succeeded(result),
                Err(_) if cancelled => Ending::Cancelled,
                Err(e) => match e.kind {
                    // Aborted at shutdown: not the job's fault.
                    FailureKind::Cancelled if shutting_down => Ending::PutBack { run_after: 0 },
                    FailureKind::Cancelled => Ending::Cancelled,
                    FailureKind::ServiceDown => {
                        // Not before the next health check, so a kind without a gate does
                        // not spin on a dead service either.
                        if let Some(r) = &job.resource {
                            self.gates.mark_down(r, now);
                        }
                        let wait = self.runner.config.health_interval.as_millis() as i64;
                        Ending::PutBack {
                            run_after: now_ms + wait,
                        }
                    }
                    FailureKind::Permanent => Ending::Failed(e.message),
                    FailureKind::Retry if job.attempt >= job.max_attempts => {
                        Ending::Failed(e.message)
                    }
                    FailureKind::Retry => {
                        let delay = self.runner.config.backoff.delay(job.attempt, &mut self.rng);
                        Ending::Retry {
                            error: e.message,
                            run_after: now_ms + delay.as_millis() as i64,
                        }
                    }
                },
            };
            endings.push((job, ending));
        }
        self.unwritten.extend(endings);
    }

    /// Sends the events of endings just committed.
    fn announce(&mut self, written: Vec<(Job, Ending)>) {
        if written.is_empty() {
            return;
        }
        for (job, ending) in written {
            let event = match ending {
                Ending::Succeeded(result) => {
                    self.summary.succeeded += 1;
                    DomainEvent::JobSucceeded {
                        sentence_id: job.sentence_id.clone(),
                        section_id: job.section_id.clone(),
                        job,
                        result,
                    }
                }
                Ending::Retry { .. } => {
                    self.summary.retried += 1;
                    tracing::warn!(job = %job.id, kind = %job.kind, attempt = job.attempt, error = job.error.as_deref().unwrap_or(""), "attempt failed; will retry");
                    DomainEvent::JobQueued { job }
                }
                Ending::Failed(error) => {
                    self.summary.failed += 1;
                    tracing::warn!(job = %job.id, kind = %job.kind, "job failed: {error}");
                    DomainEvent::JobFailed { job, error }
                }
                Ending::Cancelled => {
                    self.summary.cancelled += 1;
                    DomainEvent::JobCancelled { job }
                }
                Ending::PutBack { .. } => {
                    self.summary.put_back += 1;
                    DomainEvent::JobQueued { job }
                }
            };
            self.queue().emit(event);
        }
        // No wake-up: this loop is the one that will claim into the freed slots.
        self.queue().mark_counts_dirty();
    }

    fn publish_status(&self) {
        let mut waiting_for: Vec<String> = self
            .gates
            .waiting()
            .into_iter()
            .map(|w| w.service)
            .collect();
        waiting_for.sort();
        waiting_for.dedup();
        let status = RunnerStatus {
            running_here: true,
            held_elsewhere: false,
            paused: self.paused,
            running: self.active.len() as u32,
            waiting_for,
        };
        self.runner.status.send_if_modified(|old| {
            let changed = *old != status;
            *old = status;
            changed
        });
    }

    fn prune(&self) {
        let config = &self.runner.config;
        let cutoff = self.clock.now_ms() - config.prune_after.as_millis() as i64;
        match self.queue().prune(cutoff, config.prune_keep) {
            Ok(0) => {}
            Ok(n) => tracing::info!(count = n, "pruned old finished jobs"),
            Err(e) => tracing::warn!("could not prune old jobs: {e}"),
        }
    }

    /// Stops every running attempt and puts its job back without charging the attempt;
    /// attempts that finished meanwhile are recorded as they ended.
    async fn shut_down(&mut self) {
        self.tasks.abort_all();
        let mut batch = Vec::new();
        while let Some(finished) = self.tasks.join_next_with_id().await {
            batch.push(finished);
        }
        self.complete(batch, true);
        self.round(&[], false);
        if !self.unwritten.is_empty() {
            // Left `running`: the next runner's rescue queues them again.
            tracing::warn!(
                count = self.unwritten.len(),
                "could not put running jobs back; the next start will"
            );
        }
        if let Ok(counts) = self.queue().counts() {
            self.queue().emit(DomainEvent::JobCounts {
                counts,
                paused: self.paused,
            });
        }
    }
}

fn panic_message(err: tokio::task::JoinError) -> String {
    let payload = err.into_panic();
    let text = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into());
    format!("The job crashed (panic: {text}). This is a bug in VideoGen Studio; please report it.")
}

//! The queue as every process sees it: enqueue, cancel, retry, pause, list and count.
//!
//! Any process may use a [`Queue`]; only the runner lock holder runs jobs (see
//! [`crate::Runner`]). Every change is one `BEGIN IMMEDIATE` transaction on the store's
//! writer, and its event is sent after the commit.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

use rusqlite::{params, OptionalExtension};
use tokio::sync::{broadcast, Notify};
use videogen_model::{
    ChangeOp, DomainEvent, Entity, Job, JobCounts, JobId, JobKind, JobProgress, JobState, ProjectId,
};
use videogen_store::repo::settings;
use videogen_store::{now_ms, Store, StoreError, WriteTx};

use crate::enqueue::{insert, Enqueued, NewJob};
use crate::rows::{self, JOB_COLUMNS};
use crate::JobError;

/// The `settings` key of the queue's pause switch.
const PAUSED_KEY: &str = "jobs.paused";
/// Which jobs to list.
#[derive(Clone, Debug, Default)]
pub struct JobFilter {
    /// Only this project's jobs.
    pub project: Option<ProjectId>,
    /// Only jobs in this state.
    pub state: Option<JobState>,
    /// Also list diagnostic jobs (tests only; users never see them).
    pub include_diagnostic: bool,
    /// At most this many, newest first (all when `None`).
    pub limit: Option<u32>,
}

/// A finished step of a job, as recorded.
#[derive(Clone, Debug, PartialEq)]
pub struct StepRecord {
    /// The step's name.
    pub name: String,
    /// What it returned.
    pub output: serde_json::Value,
    /// When it was recorded, ms since the epoch.
    pub finished_at: i64,
}

/// The job queue of one database: cheap to clone.
#[derive(Clone)]
pub struct Queue {
    inner: Arc<QueueInner>,
}

struct QueueInner {
    store: Store,
    events: broadcast::Sender<DomainEvent>,
    /// Wakes this process's runner after an enqueue, cancel, retry or resume.
    wake: Notify,
    /// Set when counts may have changed; the runner sends one coalesced counts event.
    counts_dirty: AtomicBool,
    /// One bit per kind (its place in `JobKind::ALL`) that may have new queued jobs since
    /// the runner last looked: the runner skips claiming kinds it found empty and that
    /// nothing was queued for since.
    queued_kinds: AtomicU64,
}

/// The bit of `kind` in [`QueueInner::queued_kinds`].
pub(crate) fn kind_bit(kind: JobKind) -> u64 {
    JobKind::ALL
        .iter()
        .position(|k| *k == kind)
        .map_or(u64::MAX, |i| 1 << i)
}

impl Queue {
    /// The queue of `store`, telling `events` what happens.
    pub fn new(store: Store, events: broadcast::Sender<DomainEvent>) -> Self {
        Queue {
            inner: Arc::new(QueueInner {
                store,
                events,
                wake: Notify::new(),
                counts_dirty: AtomicBool::new(true),
                queued_kinds: AtomicU64::new(u64::MAX),
            }),
        }
    }

    /// The store.
    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    /// Sends an event; nobody listening is fine.
    pub(crate) fn emit(&self, event: DomainEvent) {
        let _ = self.inner.events.send(event);
    }

    pub(crate) fn wake(&self) -> &Notify {
        &self.inner.wake
    }

    /// Notes that counts changed and that jobs of any kind may be queued, and wakes the
    /// runner.
    pub(crate) fn touched(&self) {
        self.touched_kinds(u64::MAX);
    }

    /// Notes that counts changed and that jobs of the kinds in `kinds` (bits) may be queued,
    /// and wakes the runner.
    fn touched_kinds(&self, kinds: u64) {
        self.inner.queued_kinds.fetch_or(kinds, Ordering::AcqRel);
        self.inner.counts_dirty.store(true, Ordering::Release);
        self.inner.wake.notify_one();
    }

    /// The kinds that may have had jobs queued since the last call (bits of `kind_bit`).
    pub(crate) fn take_queued_kinds(&self) -> u64 {
        self.inner.queued_kinds.swap(0, Ordering::AcqRel)
    }

    pub(crate) fn mark_counts_dirty(&self) {
        self.inner.counts_dirty.store(true, Ordering::Release);
    }

    pub(crate) fn counts_dirty(&self) -> bool {
        self.inner.counts_dirty.load(Ordering::Acquire)
    }

    pub(crate) fn take_counts_dirty(&self) -> bool {
        self.inner.counts_dirty.swap(false, Ordering::AcqRel)
    }

    /// Queues a job; when an active job (queued or running) has the same kind and target,
    /// returns that one instead of queueing twice.
    pub fn enqueue(&self, new: NewJob) -> Result<Enqueued, JobError> {
        let mut out = self.enqueue_many(vec![new])?;
        // enqueue_many returns one entry per input.
        out.pop()
            .ok_or_else(|| JobError::Data("enqueue returned nothing".into()))
    }

    /// Queues several jobs in one transaction (see [`Queue::enqueue`]).
    pub fn enqueue_many(&self, jobs: Vec<NewJob>) -> Result<Vec<Enqueued>, JobError> {
        self.enqueue_planned(move |_| Ok(jobs))
    }

    /// Queues the jobs `plan` decides on, deciding inside the same write transaction: the
    /// rows it plans from cannot change before the jobs are queued, and it reads them through
    /// the writer, whose page cache its own commits keep warm (a reader after a write starts
    /// cold). `plan` must be quick: the store's writes wait for it.
    pub fn enqueue_planned(
        &self,
        plan: impl FnOnce(&WriteTx<'_>) -> Result<Vec<NewJob>, StoreError>,
    ) -> Result<Vec<Enqueued>, JobError> {
        let now = now_ms();
        let out = self.store().write(|tx| {
            let jobs = plan(tx)?;
            jobs.iter()
                .map(|new| insert(tx, new, now))
                .collect::<Result<Vec<_>, _>>()
        })?;
        self.announce(&out);
        Ok(out)
    }

    /// Tells listeners and the runner of the jobs just queued.
    fn announce(&self, queued: &[Enqueued]) {
        let mut kinds = 0;
        for e in queued.iter().filter(|e| e.created) {
            kinds |= kind_bit(e.job.kind);
            self.emit(DomainEvent::JobQueued { job: e.job.clone() });
        }
        // Nothing new (all were queued already, or none were asked for): nobody to wake.
        if queued.iter().any(|e| e.created) {
            self.touched_kinds(kinds);
        }
    }

    /// The job named by `key`: a whole id, or a prefix of at least 4 characters that only
    /// one job's id starts with.
    pub fn resolve(&self, key: &str) -> Result<JobId, JobError> {
        use videogen_store::repo::resolve::{id_or_prefix, IdTable};
        let id = self
            .store()
            .read(|conn| id_or_prefix(conn, IdTable::Jobs, key))?;
        Ok(JobId(id))
    }

    /// One job.
    pub fn get(&self, id: &JobId) -> Result<Job, JobError> {
        Ok(self.store().read(|conn| rows::get(conn, id.as_str()))?)
    }

    /// Jobs matching `filter`, newest first.
    pub fn list(&self, filter: &JobFilter) -> Result<Vec<Job>, JobError> {
        let mut sql = format!("SELECT {JOB_COLUMNS} FROM generation_jobs WHERE 1 = 1");
        let mut args: Vec<String> = Vec::new();
        if let Some(p) = &filter.project {
            args.push(p.0.clone());
            sql.push_str(&format!(" AND project_id = ?{}", args.len()));
        }
        if let Some(s) = filter.state {
            args.push(s.as_str().to_owned());
            sql.push_str(&format!(" AND status = ?{}", args.len()));
        }
        if !filter.include_diagnostic {
            sql.push_str(" AND job_type <> 'diagnostic'");
        }
        sql.push_str(" ORDER BY created_at DESC, id DESC");
        if let Some(limit) = filter.limit {
            sql.push_str(&format!(" LIMIT {limit}"));
        }
        Ok(self.store().read(|conn| {
            let mut stmt = conn.prepare(&sql)?;
            let jobs = stmt
                .query_map(rusqlite::params_from_iter(args.iter()), rows::job)?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(jobs)
        })?)
    }

    /// How many jobs are in each state.
    pub fn counts(&self) -> Result<JobCounts, JobError> {
        Ok(self.store().read(|conn| {
            let mut stmt = conn
                .prepare_cached("SELECT status, COUNT(*) FROM generation_jobs GROUP BY status")?;
            let mut counts = JobCounts::default();
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                let state: String = row.get(0)?;
                let n: u32 = row.get(1)?;
                match JobState::parse(&state) {
                    Some(JobState::Queued) => counts.queued = n,
                    Some(JobState::Running) => counts.running = n,
                    Some(JobState::Succeeded) => counts.succeeded = n,
                    Some(JobState::Failed) => counts.failed = n,
                    Some(JobState::Cancelled) => counts.cancelled = n,
                    None => {}
                }
            }
            Ok(counts)
        })?)
    }

    /// A job's payload (`None` when the job does not exist).
    pub fn payload(&self, id: &JobId) -> Result<Option<serde_json::Value>, JobError> {
        let text: Option<String> = self.store().read(|c| {
            Ok(c.query_row(
                "SELECT payload FROM generation_jobs WHERE id = ?1",
                [id.as_str()],
                |r| r.get(0),
            )
            .optional()?)
        })?;
        Ok(text.and_then(|t| serde_json::from_str(&t).ok()))
    }

    /// Cancels a job. A queued job ends `cancelled` at once and never starts; a running one
    /// is asked to stop (the runner fires its cancellation token within a second) and ends
    /// `cancelled`, or `succeeded` if it had already finished; a finished job is left as it
    /// is. Returns the job as stored after the call.
    pub fn cancel(&self, id: &JobId) -> Result<Job, JobError> {
        let now = now_ms();
        let (job, cancelled) = self.store().write(|tx| {
            let job = rows::get(tx, id.as_str())?;
            let changed = match job.state {
                JobState::Queued => tx.execute(
                    "UPDATE generation_jobs SET status = 'cancelled', completed_at = ?2
                     WHERE id = ?1 AND status = 'queued'",
                    params![id.as_str(), now],
                )?,
                JobState::Running => tx.execute(
                    "UPDATE generation_jobs SET cancel_requested = 1
                     WHERE id = ?1 AND status = 'running'",
                    [id.as_str()],
                )?,
                _ => 0,
            };
            if changed > 0 {
                tx.record(
                    Entity::Job,
                    id.as_str(),
                    job.project_id.as_ref(),
                    ChangeOp::Update,
                );
            }
            let cancelled = job.state == JobState::Queued && changed > 0;
            Ok((rows::get(tx, id.as_str())?, cancelled))
        })?;
        if cancelled {
            self.emit(DomainEvent::JobCancelled { job: job.clone() });
        }
        self.touched();
        Ok(job)
    }

    /// Queues a failed or cancelled job again with its attempts reset. Refused for a job
    /// that is active or succeeded, or when another active job has its kind and target.
    pub fn retry(&self, id: &JobId) -> Result<Job, JobError> {
        let job = self.store().write(|tx| {
            let job = rows::get(tx, id.as_str())?;
            if !matches!(job.state, JobState::Failed | JobState::Cancelled) {
                return Err(StoreError::Conflict(format!(
                    "Job {} is {}; only a failed or cancelled job can be retried.",
                    job.id.short(),
                    job.state
                )));
            }
            let clash: Option<String> = tx
                .query_row(
                    "SELECT a.id FROM generation_jobs a JOIN generation_jobs j ON j.id = ?1
                     WHERE a.job_type = j.job_type AND a.unique_key = j.unique_key
                       AND a.status IN ('queued', 'running')",
                    [id.as_str()],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(other) = clash {
                return Err(StoreError::Conflict(format!(
                    "Job {other} already does the same work; wait for it or cancel it first."
                )));
            }
            tx.execute(
                "UPDATE generation_jobs SET status = 'queued', attempt = 0, run_after = 0,
                    cancel_requested = 0, error_message = NULL, progress = 0,
                    started_at = NULL, completed_at = NULL
                 WHERE id = ?1",
                [id.as_str()],
            )?;
            tx.record(
                Entity::Job,
                id.as_str(),
                job.project_id.as_ref(),
                ChangeOp::Update,
            );
            rows::get(tx, id.as_str())
        })?;
        self.emit(DomainEvent::JobQueued { job: job.clone() });
        self.touched();
        Ok(job)
    }

    /// How many of a project's jobs are queued or running, and how many of those are script
    /// jobs (the LLM writing its outline or script).
    pub fn active_for_project(&self, project: &ProjectId) -> Result<(u32, u32), JobError> {
        Ok(self.store().read(|conn| {
            Ok(conn
                .prepare_cached(
                    "SELECT COUNT(*), COALESCE(SUM(job_type LIKE 'script.%'), 0) FROM generation_jobs
                     WHERE project_id = ?1 AND status IN ('queued', 'running')",
                )?
                .query_row([project.as_str()], |r| Ok((r.get(0)?, r.get(1)?)))?)
        })?)
    }

    /// A project's failed jobs that no later job of the same kind and target made good:
    /// what the project's "failed" status and "retry all failed" are about.
    pub fn unresolved_failures(&self, project: &ProjectId) -> Result<Vec<Job>, JobError> {
        Ok(self
            .store()
            .read(|conn| unresolved_failures_in(conn, project))?)
    }

    /// Whether the whole queue is paused (persisted across restarts).
    pub fn is_paused(&self) -> Result<bool, JobError> {
        Ok(self.store().read(read_paused)?)
    }

    /// Pauses or resumes the whole queue. Running jobs finish; nothing new starts while
    /// paused.
    pub fn set_paused(&self, paused: bool) -> Result<(), JobError> {
        self.store()
            .write(|tx| settings::set(tx, PAUSED_KEY, Some(&serde_json::Value::Bool(paused))))?;
        self.touched();
        Ok(())
    }

    /// Stores the latest progress of running jobs, so that another process can show it
    /// (the desktop app while `videogen worker` runs the queue reads it back with
    /// [`Queue::list`]). One transaction for all; jobs no longer running are left alone.
    /// No change is recorded: progress is polled by who wants it, and a change record
    /// would make every window refetch its job list several times a second.
    pub fn save_progress(&self, updates: &[JobProgress]) -> Result<(), JobError> {
        if updates.is_empty() {
            return Ok(());
        }
        self.store().write(|tx| {
            let mut stmt = tx.prepare_cached(
                "UPDATE generation_jobs SET progress = ?2, step_name = COALESCE(?3, step_name)
                 WHERE id = ?1 AND status = 'running'",
            )?;
            for p in updates {
                stmt.execute(params![
                    p.job_id.as_str(),
                    p.progress.clamp(0.0, 1.0),
                    p.step_name
                ])?;
            }
            Ok(())
        })?;
        Ok(())
    }

    /// The recorded steps of a job, oldest first.
    pub fn steps(&self, id: &JobId) -> Result<Vec<StepRecord>, JobError> {
        Ok(self.store().read(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT name, output, finished_at FROM job_steps WHERE job_id = ?1
                 ORDER BY finished_at, name",
            )?;
            let rows = stmt
                .query_map([id.as_str()], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get(2)?))
                })?
                .collect::<Result<Vec<_>, _>>()?;
            rows.into_iter()
                .map(|(name, output, finished_at)| {
                    let output = serde_json::from_str(&output).map_err(|e| {
                        StoreError::Invalid(format!("step {name} of job {id} is not JSON: {e}"))
                    })?;
                    Ok(StepRecord {
                        name,
                        output,
                        finished_at,
                    })
                })
                .collect()
        })?)
    }

    /// Deletes finished jobs completed before `older_than` (ms since the epoch), always
    /// keeping the newest `keep` finished ones. Returns how many were deleted.
    pub fn prune(&self, older_than: i64, keep: u32) -> Result<usize, JobError> {
        Ok(self.store().write(|tx| {
            let n = tx.execute(
                "DELETE FROM generation_jobs
                 WHERE status IN ('succeeded', 'failed', 'cancelled') AND completed_at < ?1
                   AND id NOT IN (
                     SELECT id FROM generation_jobs
                     WHERE status IN ('succeeded', 'failed', 'cancelled')
                     ORDER BY completed_at DESC LIMIT ?2)",
                params![older_than, keep],
            )?;
            if n > 0 {
                tx.record(Entity::Job, "*", None, ChangeOp::Delete);
            }
            Ok(n)
        })?)
    }
}

pub(crate) fn read_paused(conn: &rusqlite::Connection) -> Result<bool, StoreError> {
    Ok(settings::get(conn, PAUSED_KEY)?.and_then(|v| v.as_bool()) == Some(true))
}

/// [`Queue::unresolved_failures`] inside a read the caller holds (with the rows it plans from).
pub fn unresolved_failures_in(
    conn: &rusqlite::Connection,
    project: &ProjectId,
) -> Result<Vec<Job>, StoreError> {
    let sql = format!(
        "SELECT {JOB_COLUMNS} FROM generation_jobs f
         WHERE f.project_id = ?1 AND f.status = 'failed'
           AND NOT EXISTS (SELECT 1 FROM generation_jobs g
               WHERE g.job_type = f.job_type AND g.unique_key IS f.unique_key
                 AND g.project_id = f.project_id AND g.created_at >= f.created_at
                 AND g.id <> f.id AND g.status IN ('queued', 'running', 'succeeded'))
         ORDER BY f.created_at"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([project.as_str()], rows::job)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

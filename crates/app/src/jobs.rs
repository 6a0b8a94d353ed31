//! Jobs as the app offers them: list, cancel, retry, pause, counts, and the runner that
//! `videogen worker` (and later the desktop app) drives.

use std::collections::HashMap;
use std::future::Future;
use std::path::Path;
use std::time::Duration;

use tokio::sync::broadcast;
use tokio::sync::broadcast::error::RecvError;
use videogen_jobs::{
    CancellationToken, JobFilter, Queue, Registry, RunMode, Runner, RunnerConfig, RunnerLock,
};
use videogen_model::{
    AppError, DomainEvent, Job, JobCounts, JobId, JobKind, JobProgress, JobState, ProjectId,
};
use videogen_store::Store;

/// What a run of the worker did.
pub type WorkerSummary = videogen_jobs::RunSummary;

/// What the app keeps for the job runner.
pub(crate) struct JobsState {
    queue: Queue,
    /// The last runner status told, for a window that starts listening later.
    last_status: std::sync::Mutex<videogen_model::RunnerStatus>,
}

impl JobsState {
    pub(crate) fn new(store: &Store, events: broadcast::Sender<DomainEvent>) -> Self {
        JobsState {
            queue: Queue::new(store.clone(), events),
            last_status: Default::default(),
        }
    }

    /// The queue, for the pipeline's enqueue calls.
    pub(crate) fn queue(&self) -> &Queue {
        &self.queue
    }

    /// The handlers the runner uses. The pipeline's handlers and service gates are
    /// registered here as they land.
    fn registry(&self, store: &Store, data_dir: &Path) -> Registry {
        let mut registry = Registry::new();
        registry.register(JobKind::Diagnostic, videogen_jobs::diagnostic_handler());
        registry.register(
            JobKind::Export,
            videogen_pipeline::export::handler(store.clone(), data_dir.to_path_buf()),
        );
        registry
    }

    /// The registry with the pipeline's handlers and gates too.
    fn full_registry(
        &self,
        store: &Store,
        data_dir: &Path,
        pipeline: &videogen_pipeline::Pipeline,
    ) -> Registry {
        let mut registry = self.registry(store, data_dir);
        videogen_pipeline::register(&mut registry, pipeline);
        registry
    }
}

impl crate::Studio {
    /// Jobs, newest first, of one project and/or in one state (diagnostic jobs are never
    /// listed).
    pub fn list_jobs(
        &self,
        project: Option<&ProjectId>,
        state: Option<JobState>,
    ) -> Result<Vec<Job>, AppError> {
        let filter = JobFilter {
            project: project.cloned(),
            state,
            ..JobFilter::default()
        };
        Ok(self.jobs_state().queue().list(&filter)?)
    }

    /// One job.
    pub fn get_job(&self, id: &JobId) -> Result<Job, AppError> {
        Ok(self.jobs_state().queue().get(id)?)
    }

    /// The job an id or a unique id prefix (at least 4 characters) names.
    pub fn resolve_job(&self, key: &str) -> Result<JobId, AppError> {
        Ok(self.jobs_state().queue().resolve(key)?)
    }

    /// Cancels a job: a queued one never starts, a running one stops within a second (the
    /// runner may be another process), a finished one stays as it is.
    pub fn cancel_job(&self, id: &JobId) -> Result<Job, AppError> {
        Ok(self.jobs_state().queue().cancel(id)?)
    }

    /// Queues a failed or cancelled job again with fresh attempts.
    pub fn retry_job(&self, id: &JobId) -> Result<Job, AppError> {
        Ok(self.jobs_state().queue().retry(id)?)
    }

    /// Number of jobs in each state.
    pub fn job_counts(&self) -> Result<JobCounts, AppError> {
        Ok(self.jobs_state().queue().counts()?)
    }

    /// Whether the whole queue is paused.
    pub fn queue_paused(&self) -> Result<bool, AppError> {
        Ok(self.jobs_state().queue().is_paused()?)
    }

    /// Pauses or resumes the whole queue; the choice survives a restart.
    pub fn set_queue_paused(&self, paused: bool) -> Result<(), AppError> {
        self.jobs_state().queue().set_paused(paused)?;
        let counts = self.job_counts()?;
        let _ = self
            .events()
            .send(DomainEvent::JobCounts { counts, paused });
        Ok(())
    }

    /// Runs the queue in this process until it is empty (`until_empty`) or until
    /// `shutdown` completes, which is a clean stop: running jobs go back to the queue
    /// without using up an attempt. Fails with a conflict when another process (the app or
    /// another worker) is already running this data directory's jobs.
    pub async fn run_worker(
        &self,
        until_empty: bool,
        shutdown: impl Future<Output = ()>,
    ) -> Result<WorkerSummary, AppError> {
        let lock = RunnerLock::try_acquire(self.store().path())?;
        self.run_worker_holding(lock, until_empty, shutdown).await
    }

    /// [`Studio::run_worker`] with the runner lock already taken, so that no other runner
    /// (the app waiting for the lock) can take it in between.
    pub(crate) async fn run_worker_holding(
        &self,
        lock: RunnerLock,
        until_empty: bool,
        shutdown: impl Future<Output = ()>,
    ) -> Result<WorkerSummary, AppError> {
        let runner = self.runner()?;
        let mode = if until_empty {
            RunMode::UntilEmpty
        } else {
            RunMode::Forever
        };
        let stop = CancellationToken::new();
        // A crash may have left projects "generating" with nothing running.
        self.settle_generating_projects()?;
        let settler = tokio::spawn(crate::generation::settle_while_running(
            self.clone(),
            stop.clone(),
        ));
        // The app may be open on this data dir: it shows our jobs' progress from the store.
        let sharer = tokio::spawn(share_progress(
            self.jobs_state().queue().clone(),
            self.subscribe(),
            stop.clone(),
        ));
        let run = runner.run(&lock, mode, stop.clone());
        tokio::pin!(run);
        tokio::pin!(shutdown);
        let result = tokio::select! {
            result = &mut run => result,
            _ = &mut shutdown => {
                stop.cancel();
                run.await
            }
        };
        stop.cancel();
        let _ = settler.await;
        let _ = sharer.await;
        self.settle_generating_projects()?;
        Ok(result?)
    }

    /// The one way this process builds its runner: the pipeline's handlers and gates, and
    /// the limits the user set.
    fn runner(&self) -> Result<Runner, AppError> {
        let pipeline = self.pipeline()?;
        let mut config = self.runner_config()?;
        config.resources = videogen_pipeline::resource_limits(&pipeline);
        Ok(Runner::new(
            self.jobs_state().queue().clone(),
            self.jobs_state()
                .full_registry(self.store(), self.data_dir(), &pipeline),
            config,
        ))
    }

    /// The runner's settings, with the concurrency limits the user set.
    fn runner_config(&self) -> Result<RunnerConfig, AppError> {
        let mut config = RunnerConfig::default();
        for kind in JobKind::ALL {
            config
                .concurrency
                .insert(kind, self.concurrency_limit(kind)?);
        }
        Ok(config)
    }

    /// The desktop app's runner: waits for the runner lock (a `videogen worker` may hold
    /// it, then this process takes over when it ends), runs jobs until `stop` fires, and
    /// reports who runs the jobs as [`DomainEvent::Runner`] events. A clean stop puts
    /// running jobs back without charging an attempt.
    pub async fn run_background_jobs(&self, stop: CancellationToken) -> Result<(), AppError> {
        let db = self.store().path().to_path_buf();
        let lock = match RunnerLock::try_acquire(&db) {
            Ok(lock) => lock,
            Err(videogen_jobs::JobError::LockHeld { .. }) => {
                self.send_runner_status(false, true);
                // Meanwhile the other runner's progress reaches the window from the store.
                let following = CancellationToken::new();
                let follower = tokio::spawn(follow_other_runner(self.clone(), following.clone()));
                let acquired =
                    RunnerLock::acquire_when_free(&db, std::time::Duration::from_secs(1), &stop)
                        .await;
                following.cancel();
                let _ = follower.await;
                match acquired? {
                    Some(lock) => lock,
                    None => return Ok(()),
                }
            }
            Err(other) => return Err(other.into()),
        };
        let runner = self.runner()?;
        self.settle_generating_projects()?;
        let settler = tokio::spawn(crate::generation::settle_while_running(
            self.clone(),
            stop.clone(),
        ));
        let mut status = runner.status();
        let studio = self.clone();
        let watcher = tokio::spawn(async move {
            loop {
                // This process holds the runner lock from here on: its runner runs the jobs
                // even before the runner's first status is published.
                let mut s = status.borrow_and_update().clone();
                s.running_here = true;
                s.held_elsewhere = false;
                studio.tell_runner_status(s);
                if status.changed().await.is_err() {
                    break;
                }
            }
        });
        let result = runner.run(&lock, RunMode::Forever, stop.clone()).await;
        watcher.abort();
        stop.cancel();
        let _ = settler.await;
        self.supervisor().shutdown().await;
        self.send_runner_status(false, false);
        result?;
        Ok(())
    }

    fn send_runner_status(&self, here: bool, elsewhere: bool) {
        self.tell_runner_status(videogen_model::RunnerStatus {
            running_here: here,
            held_elsewhere: elsewhere,
            ..Default::default()
        });
    }

    fn tell_runner_status(&self, status: videogen_model::RunnerStatus) {
        *self
            .jobs_state()
            .last_status
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = status.clone();
        let _ = self.events().send(DomainEvent::Runner(status));
    }

    /// Who runs this data directory's jobs and which services they wait for, as last told
    /// (a window that opens later asks this, then follows the events).
    pub fn runner_status(&self) -> videogen_model::RunnerStatus {
        self.jobs_state()
            .last_status
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }
}

/// How often a worker stores its jobs' progress, at most (all running jobs in one write).
const PROGRESS_SHARE_INTERVAL: Duration = Duration::from_millis(100);
/// How often the app reads the progress of jobs another process runs.
const PROGRESS_FOLLOW_INTERVAL: Duration = Duration::from_millis(250);

/// In the process that runs the jobs while another shows them (`videogen worker` and the
/// app): stores each job's latest progress, the first of a burst at once and then at most
/// once per [`PROGRESS_SHARE_INTERVAL`], until `stop`.
async fn share_progress(
    queue: Queue,
    mut events: broadcast::Receiver<DomainEvent>,
    stop: CancellationToken,
) {
    let mut pending: HashMap<JobId, JobProgress> = HashMap::new();
    let mut next_write = tokio::time::Instant::now();
    loop {
        let write_at = (!pending.is_empty()).then_some(next_write);
        tokio::select! {
            _ = stop.cancelled() => break,
            event = events.recv() => match event {
                Ok(DomainEvent::JobProgress(p)) => {
                    pending.insert(p.job_id.clone(), p);
                }
                Ok(_) | Err(RecvError::Lagged(_)) => {}
                Err(RecvError::Closed) => break,
            },
            () = sleep_until_or_never(write_at) => {}
        }
        let now = tokio::time::Instant::now();
        if pending.is_empty() || now < next_write {
            continue;
        }
        let updates: Vec<JobProgress> = pending.drain().map(|(_, p)| p).collect();
        let writer = queue.clone();
        match tokio::task::spawn_blocking(move || writer.save_progress(&updates)).await {
            Ok(Ok(())) => {}
            // Progress is a courtesy to the window: a busy store costs one figure, not the job.
            Ok(Err(e)) => tracing::debug!("progress not stored: {e}"),
            Err(e) => tracing::debug!("progress not stored: {e}"),
        }
        next_write = now + PROGRESS_SHARE_INTERVAL;
    }
}

async fn sleep_until_or_never(at: Option<tokio::time::Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}

/// In the app while another process runs the jobs: reads the running jobs' progress from
/// the store every [`PROGRESS_FOLLOW_INTERVAL`] and sends what changed as
/// [`DomainEvent::JobProgress`], as if this process ran them, until `stop`.
async fn follow_other_runner(studio: crate::Studio, stop: CancellationToken) {
    let mut shown: HashMap<JobId, (f64, Option<String>)> = HashMap::new();
    let mut tick = tokio::time::interval(PROGRESS_FOLLOW_INTERVAL);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = stop.cancelled() => break,
            _ = tick.tick() => {}
        }
        let queue = studio.jobs_state().queue().clone();
        let filter = JobFilter {
            state: Some(JobState::Running),
            include_diagnostic: true,
            ..JobFilter::default()
        };
        let Ok(Ok(running)) = tokio::task::spawn_blocking(move || queue.list(&filter)).await else {
            continue;
        };
        let mut now_shown = HashMap::with_capacity(running.len());
        for job in running {
            let figure = (job.progress, job.step_name.clone());
            if shown.get(&job.id) != Some(&figure) {
                let _ = studio.events().send(DomainEvent::JobProgress(JobProgress {
                    job_id: job.id.clone(),
                    kind: job.kind,
                    project_id: job.project_id.clone(),
                    progress: job.progress,
                    message: None,
                    step_name: job.step_name.clone(),
                    current_step: None,
                    total_steps: None,
                }));
            }
            now_shown.insert(job.id, figure);
        }
        shown = now_shown;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Studio;

    #[tokio::test]
    async fn worker_runs_the_queue_empty_and_a_second_runner_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let studio = Studio::open(dir.path()).unwrap();
        let out = dir.path().join("out");
        let ids = crate::testing::enqueue_diagnostic(
            &studio,
            3,
            &out,
            &dir.path().join("steps.log"),
            0,
            3,
        )
        .unwrap();
        assert_eq!(ids.len(), 3);
        // Users never see diagnostic jobs.
        assert!(studio.list_jobs(None, None).unwrap().is_empty());

        let lock = RunnerLock::try_acquire(studio.store().path()).unwrap();
        let err = studio
            .run_worker(true, std::future::pending())
            .await
            .unwrap_err();
        assert_eq!(err.code, videogen_model::ErrorCode::Conflict);
        drop(lock);

        let summary = studio
            .run_worker(true, std::future::pending())
            .await
            .unwrap();
        assert_eq!(summary.succeeded, 3);
        assert_eq!(studio.job_counts().unwrap().succeeded, 3);
        for id in &ids {
            let expected = crate::testing::diagnostic_output_for_tests(&studio, id).unwrap();
            let file = studio.get_job(id).unwrap().result_file.unwrap();
            assert_eq!(std::fs::read_to_string(file).unwrap(), expected);
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_app_shows_the_progress_of_jobs_a_worker_runs() {
        let dir = tempfile::tempdir().unwrap();
        let worker = Studio::open(dir.path()).unwrap();
        let app = Studio::open(dir.path()).unwrap();
        // A job whose first step takes a second: its 50% is told during the second one.
        let id = crate::testing::enqueue_diagnostic(
            &worker,
            1,
            &dir.path().join("out"),
            &dir.path().join("steps.log"),
            1000,
            1,
        )
        .unwrap()
        .remove(0);
        let lock = RunnerLock::try_acquire(worker.store().path()).unwrap();
        let mut seen = app.subscribe();
        let stop = CancellationToken::new();
        let app_runner = {
            let app = app.clone();
            let stop = stop.clone();
            tokio::spawn(async move { app.run_background_jobs(stop).await })
        };
        // The app finds the runner lock taken before the worker starts.
        tokio::time::timeout(Duration::from_secs(10), async {
            loop {
                if let Ok(DomainEvent::Runner(s)) = seen.recv().await {
                    if s.held_elsewhere {
                        break;
                    }
                }
            }
        })
        .await
        .expect("the app says another process runs the jobs");
        // The worker runs with the lock taken above: the app, polling for it, never gets
        // it in between.
        let worker_run = {
            let worker = worker.clone();
            tokio::spawn(async move {
                worker
                    .run_worker_holding(lock, true, std::future::pending())
                    .await
            })
        };
        let half = tokio::time::timeout(Duration::from_secs(10), async {
            loop {
                if let Ok(DomainEvent::JobProgress(p)) = seen.recv().await {
                    if p.job_id == id && p.progress == 0.5 {
                        return p;
                    }
                }
            }
        })
        .await
        .expect("the worker's 50% reaches the app's events");
        assert_eq!(half.step_name.as_deref(), Some("second"));
        assert_eq!(worker_run.await.unwrap().unwrap().succeeded, 1);
        stop.cancel();
        app_runner.await.unwrap().unwrap();
    }

    #[test]
    fn pause_cancel_and_retry_through_the_studio() {
        let dir = tempfile::tempdir().unwrap();
        let studio = Studio::open(dir.path()).unwrap();
        let mut events = studio.subscribe();
        studio.set_queue_paused(true).unwrap();
        assert!(studio.queue_paused().unwrap());
        let paused_event = std::iter::from_fn(|| events.try_recv().ok())
            .any(|e| matches!(e, DomainEvent::JobCounts { paused: true, .. }));
        assert!(paused_event);

        let id = crate::testing::enqueue_diagnostic(
            &studio,
            1,
            dir.path(),
            &dir.path().join("log"),
            0,
            3,
        )
        .unwrap()
        .remove(0);
        let short = &id.as_str()[..13];
        assert_eq!(studio.resolve_job(short).unwrap(), id);
        assert_eq!(studio.cancel_job(&id).unwrap().state, JobState::Cancelled);
        assert_eq!(studio.retry_job(&id).unwrap().state, JobState::Queued);
        assert_eq!(studio.job_counts().unwrap().queued, 1);
    }
}

//! Crash recovery and clean shutdown, tested as River does: rows put in a state, one pass.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;
use videogen_jobs::{JobContext, NewJob, Registry};
use videogen_model::{DomainEvent, JobKind, JobResult, JobState, JobTarget};

use crate::support::{config, env, wait_for, within};

fn done() -> JobResult {
    JobResult {
        file: None,
        duration_ms: None,
        word_timings: None,
    }
}

#[tokio::test]
async fn jobs_left_running_by_a_dead_runner_are_requeued_at_once_on_start() {
    let env = env();
    let orphan = env
        .queue
        .enqueue(NewJob::new(JobKind::Diagnostic, JobTarget::None))
        .unwrap()
        .job;
    let cancelled = env
        .queue
        .enqueue(NewJob::new(JobKind::Diagnostic, JobTarget::None))
        .unwrap()
        .job;
    // As a SIGKILLed runner leaves them: running, attempt charged at claim.
    env.set(
        &orphan.id,
        "status = 'running', attempt = 1, started_at = 1",
    );
    env.set(
        &cancelled.id,
        "status = 'running', attempt = 1, started_at = 1, cancel_requested = 1",
    );

    let ran = Arc::new(AtomicU32::new(0));
    let mut registry = Registry::new();
    let counter = ran.clone();
    registry.register(JobKind::Diagnostic, move |_ctx: JobContext| {
        let counter = counter.clone();
        async move {
            counter.fetch_add(1, Ordering::SeqCst);
            Ok(done())
        }
    });
    let summary = within(env.run_until_empty(registry, config())).await;

    assert_eq!(summary.rescued, 1);
    assert_eq!(ran.load(Ordering::SeqCst), 1, "only the rescued job runs");
    let orphan = env.queue.get(&orphan.id).unwrap();
    assert_eq!(orphan.state, JobState::Succeeded);
    assert_eq!(orphan.attempt, 2, "the crashed attempt stays charged");
    assert_eq!(
        env.queue.get(&cancelled.id).unwrap().state,
        JobState::Cancelled
    );
}

#[tokio::test]
async fn a_job_that_keeps_killing_the_runner_fails_once_its_attempts_are_spent() {
    let env = env();
    let job = env
        .queue
        .enqueue(NewJob::new(JobKind::Diagnostic, JobTarget::None).max_attempts(3))
        .unwrap()
        .job;
    // Its third attempt died with the process, like the two before.
    env.set(&job.id, "status = 'running', attempt = 3, started_at = 1");
    let mut registry = Registry::new();
    registry.register(JobKind::Diagnostic, |_ctx: JobContext| async {
        panic!("must not run a fourth time")
    });
    let summary = within(env.run_until_empty(registry, config())).await;
    assert_eq!((summary.failed, summary.rescued), (1, 0));
    let row = env.queue.get(&job.id).unwrap();
    assert_eq!((row.state, row.attempt), (JobState::Failed, 3));
    assert!(row
        .error
        .unwrap_or_default()
        .contains("stopped while this job ran"));
}

#[tokio::test]
async fn the_attempt_is_counted_when_the_job_is_claimed() {
    let env = env();
    let job = env
        .queue
        .enqueue(NewJob::new(JobKind::Diagnostic, JobTarget::None))
        .unwrap()
        .job;
    let (seen_tx, mut seen_rx) = mpsc::unbounded_channel();
    let release = CancellationToken::new();
    let mut registry = Registry::new();
    let gate = release.clone();
    registry.register(JobKind::Diagnostic, move |ctx: JobContext| {
        let (seen, gate) = (seen_tx.clone(), gate.clone());
        async move {
            let _ = seen.send(ctx.job().attempt);
            gate.cancelled().await;
            Ok(done())
        }
    });
    let stop = CancellationToken::new();
    let runner = env.spawn_runner(registry, config(), stop.clone());
    let attempt_in_handler = within(seen_rx.recv()).await.unwrap();
    // While the handler runs, the row already says running with the attempt charged.
    let row = env.queue.get(&job.id).unwrap();
    assert_eq!(
        (row.state, row.attempt, attempt_in_handler),
        (JobState::Running, 1, 1)
    );
    release.cancel();
    stop.cancel();
    within(runner).await.unwrap();
}

#[tokio::test]
async fn clean_shutdown_puts_running_jobs_back_without_charging_an_attempt() {
    let env = env();
    let job = env
        .queue
        .enqueue(NewJob::new(JobKind::Diagnostic, JobTarget::None))
        .unwrap()
        .job;
    let first_step_runs = Arc::new(AtomicU32::new(0));
    let (started_tx, mut started_rx) = mpsc::unbounded_channel::<()>();
    let make_registry = |block: bool| {
        let (runs, started) = (first_step_runs.clone(), started_tx.clone());
        let mut registry = Registry::new();
        registry.register(JobKind::Diagnostic, move |ctx: JobContext| {
            let (runs, started) = (runs.clone(), started.clone());
            async move {
                let n: u32 = ctx
                    .step("first", || async {
                        Ok(runs.fetch_add(1, Ordering::SeqCst) + 1)
                    })
                    .await?;
                let _ = started.send(());
                if block {
                    std::future::pending::<()>().await;
                }
                Ok(JobResult {
                    file: Some(format!("n={n}")),
                    duration_ms: None,
                    word_timings: None,
                })
            }
        });
        registry
    };

    let stop = CancellationToken::new();
    let runner = env.spawn_runner(make_registry(true), config(), stop.clone());
    within(started_rx.recv()).await.unwrap();
    stop.cancel();
    let summary = within(runner).await.unwrap();

    assert_eq!(summary.put_back, 1);
    let row = env.queue.get(&job.id).unwrap();
    assert_eq!((row.state, row.attempt), (JobState::Queued, 0));

    // The next run resumes it and does not redo the recorded step.
    within(env.run_until_empty(make_registry(false), config())).await;
    let row = env.queue.get(&job.id).unwrap();
    assert_eq!((row.state, row.attempt), (JobState::Succeeded, 1));
    assert_eq!(row.result_file.as_deref(), Some("n=1"));
    assert_eq!(first_step_runs.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn state_events_are_sent_after_their_commit() {
    let env = env();
    let job = env
        .queue
        .enqueue(NewJob::new(JobKind::Diagnostic, JobTarget::None))
        .unwrap()
        .job;
    let mut rx = env.events.subscribe();
    // A second connection, as another process would read.
    let other = videogen_store::Store::open(env.store.path()).unwrap();
    let other = videogen_jobs::Queue::new(other, tokio::sync::broadcast::channel(4).0);
    let mut registry = Registry::new();
    registry.register(JobKind::Diagnostic, |_ctx: JobContext| async { Ok(done()) });
    let stop = CancellationToken::new();
    let runner = env.spawn_runner(registry, config(), stop.clone());

    let started = within(wait_for(&mut rx, |e| match e {
        DomainEvent::JobStarted { job } => Some(job.clone()),
        _ => None,
    }))
    .await;
    assert_eq!(started.id, job.id);
    assert_ne!(other.get(&job.id).unwrap().state, JobState::Queued);
    let finished = within(wait_for(&mut rx, |e| match e {
        DomainEvent::JobSucceeded { job, .. } => Some(job.clone()),
        _ => None,
    }))
    .await;
    // Seen by another connection the moment the event arrives: it was committed first.
    assert_eq!(other.get(&job.id).unwrap().state, JobState::Succeeded);
    assert_eq!(finished.state, JobState::Succeeded);
    assert_eq!(finished.progress, 1.0);
    stop.cancel();
    within(runner).await.unwrap();
}

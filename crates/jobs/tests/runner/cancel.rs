//! Cancelling queued, running and finished jobs, in this process and from another.

use std::time::Duration;

use tokio::sync::mpsc;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;
use videogen_jobs::{HandlerError, JobContext, NewJob, Queue, Registry};
use videogen_model::{DomainEvent, JobKind, JobResult, JobState, JobTarget};

use crate::support::{config, env, wait_for, within};

/// A handler that reports its start, then stops only when cancelled.
fn until_cancelled(started: mpsc::UnboundedSender<()>) -> Registry {
    let mut registry = Registry::new();
    registry.register(JobKind::Diagnostic, move |ctx: JobContext| {
        let started = started.clone();
        async move {
            let _ = started.send(());
            ctx.cancellation().cancelled().await;
            Err::<JobResult, _>(HandlerError::cancelled())
        }
    });
    registry
}

#[tokio::test]
async fn a_cancelled_queued_job_never_starts() {
    let env = env();
    let job = env
        .queue
        .enqueue(NewJob::new(JobKind::Diagnostic, JobTarget::None))
        .unwrap()
        .job;
    let mut events = env.events.subscribe();
    let cancelled = env.queue.cancel(&job.id).unwrap();
    assert_eq!(cancelled.state, JobState::Cancelled);
    assert!(
        matches!(events.try_recv(), Ok(DomainEvent::JobCancelled { job: j }) if j.id == job.id)
    );
    let (tx, mut rx) = mpsc::unbounded_channel();
    let summary = within(env.run_until_empty(until_cancelled(tx), config())).await;
    assert!(rx.try_recv().is_err(), "the handler never ran");
    assert_eq!(summary, Default::default());
    assert_eq!(env.queue.get(&job.id).unwrap().attempt, 0);
}

#[tokio::test]
async fn a_cancelled_running_job_gets_its_token_and_ends_cancelled() {
    let env = env();
    let job = env
        .queue
        .enqueue(NewJob::new(JobKind::Diagnostic, JobTarget::None))
        .unwrap()
        .job;
    let (tx, mut rx) = mpsc::unbounded_channel();
    let mut events = env.events.subscribe();
    let stop = CancellationToken::new();
    let runner = env.spawn_runner(until_cancelled(tx), config(), stop.clone());
    within(rx.recv()).await.unwrap();
    let asked = env.queue.cancel(&job.id).unwrap();
    assert_eq!(
        asked.state,
        JobState::Running,
        "running until the handler stops"
    );
    let ended = within(wait_for(&mut events, |e| match e {
        DomainEvent::JobCancelled { job } => Some(job.clone()),
        _ => None,
    }))
    .await;
    assert_eq!(ended.id, job.id);
    assert_eq!(env.queue.get(&job.id).unwrap().state, JobState::Cancelled);
    stop.cancel();
    within(runner).await.unwrap();
}

#[tokio::test]
async fn a_finished_job_stays_succeeded_when_cancelled() {
    let env = env();
    let job = env
        .queue
        .enqueue(NewJob::new(JobKind::Diagnostic, JobTarget::None))
        .unwrap()
        .job;
    let mut registry = Registry::new();
    registry.register(JobKind::Diagnostic, |_ctx: JobContext| async {
        Ok(JobResult {
            file: Some("done.txt".into()),
            duration_ms: None,
            word_timings: None,
        })
    });
    within(env.run_until_empty(registry, config())).await;
    let after = env.queue.cancel(&job.id).unwrap();
    assert_eq!(after.state, JobState::Succeeded);
    assert_eq!(after.result_file.as_deref(), Some("done.txt"));
}

#[tokio::test(start_paused = true)]
async fn a_cancel_from_another_process_is_noticed_within_a_second() {
    let env = env();
    let job = env
        .queue
        .enqueue(NewJob::new(JobKind::Diagnostic, JobTarget::None))
        .unwrap()
        .job;
    let (tx, mut rx) = mpsc::unbounded_channel();
    let mut events = env.events.subscribe();
    let stop = CancellationToken::new();
    let runner = env.spawn_runner(until_cancelled(tx), config(), stop.clone());
    within(rx.recv()).await.unwrap();

    // The CLI's own connection and queue: the runner is not woken, it must poll.
    let cli = Queue::new(
        videogen_store::Store::open(env.store.path()).unwrap(),
        tokio::sync::broadcast::channel(4).0,
    );
    let asked_at = Instant::now();
    cli.cancel(&job.id).unwrap();
    within(wait_for(&mut events, |e| {
        matches!(e, DomainEvent::JobCancelled { .. }).then_some(())
    }))
    .await;
    assert!(
        Instant::now() - asked_at <= Duration::from_secs(1),
        "noticed after {:?}",
        Instant::now() - asked_at
    );
    stop.cancel();
    within(runner).await.unwrap();
}

#[tokio::test(start_paused = true)]
async fn a_handler_that_ignores_its_token_is_stopped_after_the_grace_period() {
    let env = env();
    let job = env
        .queue
        .enqueue(NewJob::new(JobKind::Diagnostic, JobTarget::None))
        .unwrap()
        .job;
    let (tx, mut rx) = mpsc::unbounded_channel::<()>();
    let mut registry = Registry::new();
    registry.register(JobKind::Diagnostic, move |_ctx: JobContext| {
        let tx = tx.clone();
        async move {
            let _ = tx.send(());
            std::future::pending::<Result<JobResult, HandlerError>>().await
        }
    });
    let stop = CancellationToken::new();
    let runner = env.spawn_runner(registry, config(), stop.clone());
    within(rx.recv()).await.unwrap();
    env.queue.cancel(&job.id).unwrap();
    let mut events = env.events.subscribe();
    within(wait_for(&mut events, |e| {
        matches!(e, DomainEvent::JobCancelled { .. }).then_some(())
    }))
    .await;
    assert_eq!(env.queue.get(&job.id).unwrap().state, JobState::Cancelled);
    stop.cancel();
    within(runner).await.unwrap();
}

//! Per-kind limits.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

use tokio::sync::{mpsc, Semaphore};
use tokio_util::sync::CancellationToken;
use videogen_jobs::{JobContext, NewJob, Registry};
use videogen_model::{DomainEvent, JobKind, JobResult, JobState, JobTarget};

use crate::support::{config, env, wait_for, within};

#[derive(Default)]
struct Gauge {
    now: AtomicU32,
    max: AtomicU32,
}

/// A handler that reports its start and then waits for a permit from the test.
fn held(
    gauge: Arc<Gauge>,
    permits: Arc<Semaphore>,
    started: mpsc::UnboundedSender<JobKind>,
) -> impl videogen_jobs::JobHandler {
    move |ctx: JobContext| {
        let (gauge, permits, started) = (gauge.clone(), permits.clone(), started.clone());
        async move {
            let n = gauge.now.fetch_add(1, Ordering::SeqCst) + 1;
            gauge.max.fetch_max(n, Ordering::SeqCst);
            let _ = started.send(ctx.job().kind);
            if let Ok(permit) = permits.acquire().await {
                permit.forget();
            }
            gauge.now.fetch_sub(1, Ordering::SeqCst);
            Ok(JobResult {
                file: None,
                duration_ms: None,
                word_timings: None,
            })
        }
    }
}

#[tokio::test]
async fn a_kind_never_exceeds_its_limit_while_other_kinds_proceed() {
    let env = env();
    for _ in 0..6 {
        env.queue
            .enqueue(NewJob::new(JobKind::AudioSentence, JobTarget::None))
            .unwrap();
    }
    let image = env
        .queue
        .enqueue(NewJob::new(JobKind::Image, JobTarget::None))
        .unwrap()
        .job;
    let audio_gauge = Arc::new(Gauge::default());
    let audio_permits = Arc::new(Semaphore::new(0));
    let (started_tx, mut started) = mpsc::unbounded_channel();
    let mut registry = Registry::new();
    registry
        .register(
            JobKind::AudioSentence,
            held(
                audio_gauge.clone(),
                audio_permits.clone(),
                started_tx.clone(),
            ),
        )
        .register(
            JobKind::Image,
            held(
                Arc::new(Gauge::default()),
                Arc::new(Semaphore::new(1)),
                started_tx,
            ),
        );
    // Configurable: audio.sentence defaults to 4; here 2.
    let cfg = config().with_limit(JobKind::AudioSentence, 2);
    let mut events = env.events.subscribe();
    let stop = CancellationToken::new();
    let runner = env.spawn_runner(registry, cfg, stop.clone());

    // Two audio jobs hold their slots; the image job still runs to the end.
    let mut audio_started = 0;
    let mut image_started = false;
    while audio_started < 2 || !image_started {
        match within(started.recv()).await.unwrap() {
            JobKind::AudioSentence => audio_started += 1,
            _ => image_started = true,
        }
    }
    let done = within(wait_for(&mut events, |e| match e {
        DomainEvent::JobSucceeded { job, .. } => Some(job.id.clone()),
        _ => None,
    }))
    .await;
    assert_eq!(done, image.id);
    let running = env.queue.counts().unwrap().running;
    assert_eq!(running, 2, "only two audio jobs run");

    // Release the audio jobs one by one; each frees a slot for the next.
    for _ in 0..6 {
        audio_permits.add_permits(1);
    }
    let mut succeeded = 1;
    while succeeded < 7 {
        within(wait_for(&mut events, |e| {
            matches!(e, DomainEvent::JobSucceeded { .. }).then_some(())
        }))
        .await;
        succeeded += 1;
    }
    assert_eq!(audio_gauge.max.load(Ordering::SeqCst), 2);
    assert_eq!(env.queue.counts().unwrap().succeeded, 7);
    stop.cancel();
    within(runner).await.unwrap();
    assert_eq!(env.queue.get(&image.id).unwrap().state, JobState::Succeeded);
}

#[tokio::test]
async fn a_paused_queue_starts_nothing_until_resumed() {
    let env = env();
    let job = env
        .queue
        .enqueue(NewJob::new(JobKind::Diagnostic, JobTarget::None))
        .unwrap()
        .job;
    env.queue.set_paused(true).unwrap();
    let mut registry = Registry::new();
    registry.register(JobKind::Diagnostic, |_ctx: JobContext| async {
        Ok(JobResult {
            file: None,
            duration_ms: None,
            word_timings: None,
        })
    });
    // `videogen worker` on a paused queue stops at once and leaves the job queued.
    let summary = within(env.run_until_empty(registry.clone(), config())).await;
    assert_eq!(summary.succeeded, 0);
    assert_eq!(env.queue.get(&job.id).unwrap().state, JobState::Queued);

    env.queue.set_paused(false).unwrap();
    let summary = within(env.run_until_empty(registry, config())).await;
    assert_eq!(summary.succeeded, 1);
}

//! Backoff, attempts, panics and service gates, on paused tokio time.

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;

use rand::SeedableRng;
use tokio::sync::mpsc;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;
use videogen_jobs::{Backoff, BoxFuture, HandlerError, JobContext, NewJob, Registry, ServiceGate};
use videogen_model::{DomainEvent, JobKind, JobResult, JobState, JobTarget};

use crate::support::{config, env, wait_for, within};

fn done() -> JobResult {
    JobResult {
        file: None,
        duration_ms: None,
        word_timings: None,
    }
}

#[test]
fn backoff_doubles_per_attempt_with_jitter_in_the_upper_half() {
    let backoff = Backoff {
        base: Duration::from_secs(2),
        max: Duration::from_secs(60),
    };
    let mut rng = rand::rngs::SmallRng::seed_from_u64(7);
    let mut seen = std::collections::HashSet::new();
    for attempt in 1..=8 {
        let ceiling = Duration::from_secs(2 << (attempt - 1)).min(Duration::from_secs(60));
        assert_eq!(backoff.ceiling(attempt), ceiling);
        for _ in 0..50 {
            let d = backoff.delay(attempt, &mut rng);
            assert!(
                d >= ceiling / 2 && d <= ceiling,
                "attempt {attempt}: {d:?} not in [{:?}, {ceiling:?}]",
                ceiling / 2
            );
            seen.insert(d);
        }
    }
    assert!(seen.len() > 100, "delays are jittered, not fixed");
}

/// A handler that fails its first `failures` attempts, reporting when each one started.
fn flaky(failures: u32, starts: mpsc::UnboundedSender<(u32, Instant)>) -> Registry {
    let mut registry = Registry::new();
    registry.register(JobKind::Diagnostic, move |ctx: JobContext| {
        let starts = starts.clone();
        async move {
            let attempt = ctx.job().attempt;
            let _ = starts.send((attempt, Instant::now()));
            if attempt <= failures {
                return Err(HandlerError::retry(format!("boom {attempt}")));
            }
            Ok(done())
        }
    });
    registry
}

#[tokio::test(start_paused = true)]
async fn a_failed_attempt_is_retried_after_an_exponential_backoff() {
    let env = env();
    let job = env
        .queue
        .enqueue(NewJob::new(JobKind::Diagnostic, JobTarget::None))
        .unwrap()
        .job;
    let (tx, mut rx) = mpsc::unbounded_channel();
    let cfg = config();
    let poll = cfg.poll_interval;
    let summary = within(env.run_until_empty(flaky(2, tx), cfg)).await;
    let starts: Vec<_> = std::iter::from_fn(|| rx.try_recv().ok()).collect();
    assert_eq!(
        starts.iter().map(|s| s.0).collect::<Vec<_>>(),
        vec![1, 2, 3]
    );
    let gap1 = starts[1].1 - starts[0].1;
    let gap2 = starts[2].1 - starts[1].1;
    // base 1 s: after attempt 1 wait 0.5–1 s, after attempt 2 wait 1–2 s (+ one poll).
    assert!(
        gap1 >= Duration::from_millis(500) && gap1 <= Duration::from_millis(1000) + poll,
        "{gap1:?}"
    );
    assert!(
        gap2 >= Duration::from_millis(1000) && gap2 <= Duration::from_millis(2000) + poll,
        "{gap2:?}"
    );
    assert_eq!(summary.retried, 2);
    let row = env.queue.get(&job.id).unwrap();
    assert_eq!((row.state, row.attempt), (JobState::Succeeded, 3));
}

#[tokio::test(start_paused = true)]
async fn a_job_out_of_attempts_fails_with_its_last_error() {
    let env = env();
    let job = env
        .queue
        .enqueue(NewJob::new(JobKind::Diagnostic, JobTarget::None).max_attempts(2))
        .unwrap()
        .job;
    let mut events = env.events.subscribe();
    let (tx, _rx) = mpsc::unbounded_channel();
    let summary = within(env.run_until_empty(flaky(10, tx), config())).await;
    assert_eq!((summary.failed, summary.retried), (1, 1));
    let row = env.queue.get(&job.id).unwrap();
    assert_eq!((row.state, row.attempt), (JobState::Failed, 2));
    assert_eq!(row.error.as_deref(), Some("boom 2"));
    let error = wait_for(&mut events, |e| match e {
        DomainEvent::JobFailed { error, .. } => Some(error.clone()),
        _ => None,
    })
    .await;
    assert_eq!(error, "boom 2");
}

#[tokio::test(start_paused = true)]
async fn a_panicking_handler_is_a_failed_attempt_and_the_runner_goes_on() {
    let env = env();
    let bad = env
        .queue
        .enqueue(
            NewJob::new(JobKind::Diagnostic, JobTarget::None)
                .payload(serde_json::json!({"panic": true}))
                .max_attempts(1),
        )
        .unwrap()
        .job;
    let good = env
        .queue
        .enqueue(NewJob::new(JobKind::Diagnostic, JobTarget::None))
        .unwrap()
        .job;
    let mut registry = Registry::new();
    registry.register(JobKind::Diagnostic, |ctx: JobContext| async move {
        if ctx.payload_json()["panic"] == true {
            panic!("kaboom in the handler");
        }
        Ok(done())
    });
    let summary = within(env.run_until_empty(registry, config())).await;
    assert_eq!((summary.failed, summary.succeeded), (1, 1));
    let bad = env.queue.get(&bad.id).unwrap();
    assert_eq!(bad.state, JobState::Failed);
    assert!(
        bad.error
            .as_deref()
            .unwrap_or("")
            .contains("kaboom in the handler"),
        "{:?}",
        bad.error
    );
    assert_eq!(env.queue.get(&good.id).unwrap().state, JobState::Succeeded);
}

struct FakeComfy(Arc<AtomicBool>);

impl ServiceGate for FakeComfy {
    fn service(&self) -> &str {
        "ComfyUI"
    }
    fn resource(&self) -> &str {
        "comfyui"
    }
    fn check(&self) -> BoxFuture<'_, bool> {
        let up = self.0.load(Ordering::SeqCst);
        Box::pin(async move { up })
    }
}

#[tokio::test(start_paused = true)]
async fn jobs_wait_while_their_service_is_down_and_resume_by_themselves() {
    let env = env();
    let up = Arc::new(AtomicBool::new(false));
    let image = env
        .queue
        .enqueue(NewJob::new(JobKind::Image, JobTarget::None).resource("comfyui"))
        .unwrap()
        .job;
    // The same kind on another resource (a title card, no ComfyUI) is not held back: gates
    // are per service, not per kind.
    let other = env
        .queue
        .enqueue(NewJob::new(JobKind::Image, JobTarget::None).resource("local"))
        .unwrap()
        .job;
    let image_runs = Arc::new(AtomicU32::new(0));
    let mut registry = Registry::new();
    let runs = image_runs.clone();
    registry
        .register(JobKind::Image, move |ctx: JobContext| {
            if ctx.job().resource.as_deref() == Some("comfyui") {
                runs.fetch_add(1, Ordering::SeqCst);
            }
            async { Ok(done()) }
        })
        .register(JobKind::Diagnostic, |_ctx: JobContext| async { Ok(done()) })
        .gate(FakeComfy(up.clone()));
    let mut events = env.events.subscribe();
    let stop = CancellationToken::new();
    let cfg = config();
    let runner = videogen_jobs::Runner::new(env.queue.clone(), registry, cfg.clone());
    let mut status = runner.status();
    let lock = env.lock();
    let stop2 = stop.clone();
    let task = tokio::spawn(async move {
        runner
            .run(&lock, videogen_jobs::RunMode::Forever, stop2)
            .await
    });

    // Other kinds proceed while ComfyUI is down.
    let finished = within(wait_for(&mut events, |e| match e {
        DomainEvent::JobSucceeded { job, .. } => Some(job.id.clone()),
        _ => None,
    }))
    .await;
    assert_eq!(finished, other.id);
    within(status.wait_for(|s| s.waiting_for.iter().any(|w| w == "ComfyUI")))
        .await
        .unwrap();
    // Ten minutes of virtual time with the service down: never started, nothing charged.
    tokio::time::sleep(Duration::from_secs(600)).await;
    let row = env.queue.get(&image.id).unwrap();
    assert_eq!((row.state, row.attempt), (JobState::Queued, 0));
    assert_eq!(image_runs.load(Ordering::SeqCst), 0);

    up.store(true, Ordering::SeqCst);
    let started_at = Instant::now();
    let finished = within(wait_for(&mut events, |e| match e {
        DomainEvent::JobSucceeded { job, .. } => Some(job.clone()),
        _ => None,
    }))
    .await;
    assert_eq!(finished.id, image.id);
    assert_eq!(finished.attempt, 1);
    assert!(Instant::now() - started_at <= cfg.health_interval + cfg.poll_interval);
    stop.cancel();
    within(task).await.unwrap().unwrap();
}

#[tokio::test(start_paused = true)]
async fn a_service_down_error_puts_the_job_back_without_charging() {
    let env = env();
    let up = Arc::new(AtomicBool::new(true));
    let job = env
        .queue
        .enqueue(NewJob::new(JobKind::Image, JobTarget::None).max_attempts(1))
        .unwrap()
        .job;
    let calls = Arc::new(AtomicU32::new(0));
    let mut registry = Registry::new();
    let (flag, count) = (up.clone(), calls.clone());
    registry
        .register(JobKind::Image, move |_ctx: JobContext| {
            let (flag, count) = (flag.clone(), count.clone());
            async move {
                if count.fetch_add(1, Ordering::SeqCst) == 0 {
                    // The service vanished mid-job, and its health check now says so.
                    flag.store(false, Ordering::SeqCst);
                    return Err(HandlerError::service_down("ComfyUI stopped answering"));
                }
                Ok(done())
            }
        })
        .gate(FakeComfy(up.clone()));
    // The gate comes back up by itself on the next check after the failure.
    let revive = up.clone();
    let mut events = env.events.subscribe();
    tokio::spawn(async move {
        let _ = wait_for(&mut events, |e| {
            matches!(e, DomainEvent::JobQueued { .. }).then_some(())
        })
        .await;
        revive.store(true, Ordering::SeqCst);
    });
    let summary = within(env.run_until_empty(registry, config())).await;
    assert_eq!(summary.put_back, 1);
    let row = env.queue.get(&job.id).unwrap();
    assert_eq!((row.state, row.attempt), (JobState::Succeeded, 1));
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

//! Recorded steps, progress events and the diagnostic kind.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;

use videogen_jobs::{
    diagnostic_handler, diagnostic_output, DiagnosticPayload, HandlerError, JobContext, NewJob,
    Registry,
};
use videogen_model::{DomainEvent, JobKind, JobResult, JobState, JobTarget};

use crate::support::{config, env, within};

#[tokio::test(start_paused = true)]
async fn a_recorded_step_is_replayed_not_run_again_on_the_next_attempt() {
    let env = env();
    let job = env
        .queue
        .enqueue(NewJob::new(JobKind::Diagnostic, JobTarget::None))
        .unwrap()
        .job;
    let runs = Arc::new(AtomicU32::new(0));
    let counter = runs.clone();
    let mut registry = Registry::new();
    registry.register(JobKind::Diagnostic, move |ctx: JobContext| {
        let counter = counter.clone();
        async move {
            let value: u32 = ctx
                .step("render", || async {
                    Ok(40 + counter.fetch_add(1, Ordering::SeqCst) + 2)
                })
                .await?;
            if ctx.job().attempt == 1 {
                return Err(HandlerError::retry("upload failed after the render"));
            }
            Ok(JobResult {
                file: Some(format!("value={value}")),
                duration_ms: None,
                word_timings: None,
            })
        }
    });
    within(env.run_until_empty(registry, config())).await;
    let row = env.queue.get(&job.id).unwrap();
    assert_eq!((row.state, row.attempt), (JobState::Succeeded, 2));
    assert_eq!(runs.load(Ordering::SeqCst), 1, "the step ran once");
    assert_eq!(row.result_file.as_deref(), Some("value=42"));
    let steps = env.queue.steps(&job.id).unwrap();
    assert_eq!(steps.len(), 1);
    assert_eq!(
        (steps[0].name.as_str(), &steps[0].output),
        ("render", &serde_json::json!(42))
    );
}

#[tokio::test(start_paused = true)]
async fn progress_events_are_coalesced_to_at_most_twenty_a_second() {
    let env = env();
    env.queue
        .enqueue(NewJob::new(JobKind::Diagnostic, JobTarget::None))
        .unwrap();
    let mut registry = Registry::new();
    registry.register(JobKind::Diagnostic, |ctx: JobContext| async move {
        // 1,000 updates over one (virtual) second.
        for i in 0..1000 {
            ctx.progress(i as f64 / 1000.0, "render");
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        Ok(JobResult {
            file: None,
            duration_ms: None,
            word_timings: None,
        })
    });
    let mut events = env.events.subscribe();
    within(env.run_until_empty(registry, config())).await;
    let progress: Vec<_> = std::iter::from_fn(|| events.try_recv().ok())
        .filter_map(|e| match e {
            DomainEvent::JobProgress(p) => Some(p),
            _ => None,
        })
        .collect();
    assert!(
        (15..=21).contains(&progress.len()),
        "{} progress events",
        progress.len()
    );
    assert_eq!(progress[0].step_name.as_deref(), Some("render"));
    assert!(progress.windows(2).all(|w| w[0].progress <= w[1].progress));
}

#[tokio::test]
async fn the_diagnostic_job_writes_its_file_and_logs_each_step_once() {
    let env = env();
    let out = env.dir.path().join("out.txt");
    let log = env.dir.path().join("steps.log");
    let payload = DiagnosticPayload {
        out: out.clone(),
        steps_log: log.clone(),
        step_ms: 0,
    };
    let job = env
        .queue
        .enqueue(
            NewJob::new(JobKind::Diagnostic, JobTarget::None)
                .payload(serde_json::to_value(&payload).unwrap()),
        )
        .unwrap()
        .job;
    let mut registry = Registry::new();
    registry.register(JobKind::Diagnostic, diagnostic_handler());
    within(env.run_until_empty(registry, config())).await;

    let row = env.queue.get(&job.id).unwrap();
    assert_eq!(row.state, JobState::Succeeded);
    assert_eq!(row.result_file.as_deref(), Some(out.to_str().unwrap()));
    let steps = env.queue.steps(&job.id).unwrap();
    let nonces: Vec<String> = ["first", "second"]
        .iter()
        .map(|n| {
            steps
                .iter()
                .find(|s| s.name == *n)
                .unwrap()
                .output
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        diagnostic_output(job.id.as_str(), &nonces)
    );
    let lines = std::fs::read_to_string(&log).unwrap();
    assert_eq!(
        lines,
        format!(
            "{id} first {}\n{id} second {}\n",
            nonces[0],
            nonces[1],
            id = job.id
        )
    );
}

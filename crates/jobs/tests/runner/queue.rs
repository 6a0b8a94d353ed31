//! Enqueue, list, counts, pause, retry, prune: what every process may do.

use videogen_jobs::{JobFilter, NewJob, Queue, RunnerLock};
use videogen_model::{DomainEvent, JobKind, JobState, JobTarget};
use videogen_store::Store;

use crate::support::env;

#[test]
fn enqueue_twice_for_the_same_kind_and_target_returns_the_active_job() {
    let env = env();
    let project = env.project("Rome");
    let mut rx = env.events.subscribe();
    let first = env
        .queue
        .enqueue(NewJob::new(
            JobKind::ScriptShort,
            JobTarget::Project(project.clone()),
        ))
        .unwrap();
    let second = env
        .queue
        .enqueue(NewJob::new(
            JobKind::ScriptShort,
            JobTarget::Project(project.clone()),
        ))
        .unwrap();
    assert!(first.created);
    assert!(!second.created);
    assert_eq!(first.job.id, second.job.id);
    assert_eq!(first.job.project_id.as_ref(), Some(&project));
    // Another kind on the same target is another job.
    let other = env
        .queue
        .enqueue(NewJob::new(
            JobKind::PromptsImage,
            JobTarget::Project(project.clone()),
        ))
        .unwrap();
    assert!(other.created);
    assert!(matches!(rx.try_recv(), Ok(DomainEvent::JobQueued { job }) if job.id == first.job.id));
    assert!(matches!(rx.try_recv(), Ok(DomainEvent::JobQueued { job }) if job.id == other.job.id));

    // Once the first one is finished, asking again queues a new job.
    env.set(&first.job.id, "status = 'succeeded', completed_at = 1");
    let third = env
        .queue
        .enqueue(NewJob::new(
            JobKind::ScriptShort,
            JobTarget::Project(project),
        ))
        .unwrap();
    assert!(third.created);
    assert_ne!(third.job.id, first.job.id);
}

#[test]
fn jobs_without_a_target_never_clash() {
    let env = env();
    let a = env
        .queue
        .enqueue(NewJob::new(JobKind::Diagnostic, JobTarget::None))
        .unwrap();
    let b = env
        .queue
        .enqueue(NewJob::new(JobKind::Diagnostic, JobTarget::None))
        .unwrap();
    assert!(a.created && b.created);
    assert_ne!(a.job.id, b.job.id);
}

#[test]
fn enqueue_for_a_missing_sentence_is_not_found() {
    let env = env();
    let err = env
        .queue
        .enqueue(NewJob::new(
            JobKind::Image,
            JobTarget::Sentence("nope".into()),
        ))
        .unwrap_err();
    assert_eq!(err.code(), videogen_model::ErrorCode::NotFound);
}

#[test]
fn list_filters_by_project_and_state_and_counts_follow() {
    let env = env();
    let rome = env.project("Rome");
    let mars = env.project("Mars");
    let r1 = env
        .queue
        .enqueue(NewJob::new(
            JobKind::ScriptShort,
            JobTarget::Project(rome.clone()),
        ))
        .unwrap()
        .job;
    let _r2 = env
        .queue
        .enqueue(NewJob::new(
            JobKind::PromptsImage,
            JobTarget::Project(rome.clone()),
        ))
        .unwrap()
        .job;
    let m1 = env
        .queue
        .enqueue(NewJob::new(
            JobKind::ScriptShort,
            JobTarget::Project(mars.clone()),
        ))
        .unwrap()
        .job;
    env.queue
        .enqueue(NewJob::new(JobKind::Diagnostic, JobTarget::None))
        .unwrap();
    env.set(
        &r1.id,
        "status = 'failed', error_message = 'x', completed_at = 1",
    );

    let rome_jobs = env
        .queue
        .list(&JobFilter {
            project: Some(rome.clone()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(rome_jobs.len(), 2);
    assert!(rome_jobs
        .iter()
        .all(|j| j.project_id.as_ref() == Some(&rome)));

    let failed = env
        .queue
        .list(&JobFilter {
            state: Some(JobState::Failed),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        failed.iter().map(|j| &j.id).collect::<Vec<_>>(),
        vec![&r1.id]
    );

    let mars_queued = env
        .queue
        .list(&JobFilter {
            project: Some(mars),
            state: Some(JobState::Queued),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(mars_queued.len(), 1);
    assert_eq!(mars_queued[0].id, m1.id);

    // Diagnostic jobs are never shown to users.
    let all = env.queue.list(&JobFilter::default()).unwrap();
    assert_eq!(all.len(), 3);
    let with_diag = env
        .queue
        .list(&JobFilter {
            include_diagnostic: true,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(with_diag.len(), 4);

    let counts = env.queue.counts().unwrap();
    assert_eq!((counts.queued, counts.failed, counts.running), (3, 1, 0));
}

#[test]
fn pause_survives_a_restart() {
    let env = env();
    assert!(!env.queue.is_paused().unwrap());
    env.queue.set_paused(true).unwrap();
    let path = env.store.path().to_path_buf();
    drop(env.queue);
    drop(env.store);
    let reopened = Queue::new(
        Store::open(&path).unwrap(),
        tokio::sync::broadcast::channel(4).0,
    );
    assert!(reopened.is_paused().unwrap());
    reopened.set_paused(false).unwrap();
    assert!(!reopened.is_paused().unwrap());
}

#[test]
fn retry_requeues_a_failed_job_with_its_attempts_reset() {
    let env = env();
    let job = env
        .queue
        .enqueue(NewJob::new(JobKind::Diagnostic, JobTarget::None))
        .unwrap()
        .job;
    env.set(
        &job.id,
        "status = 'failed', attempt = 3, error_message = 'boom', completed_at = 5",
    );
    let retried = env.queue.retry(&job.id).unwrap();
    assert_eq!(retried.state, JobState::Queued);
    assert_eq!(retried.attempt, 0);
    assert_eq!(retried.error, None);
}

#[test]
fn retry_is_refused_for_a_succeeded_job_and_when_the_work_is_queued_again() {
    let env = env();
    let project = env.project("Rome");
    let target = JobTarget::Project(project);
    let done = env
        .queue
        .enqueue(NewJob::new(JobKind::ScriptShort, target.clone()))
        .unwrap()
        .job;
    env.set(&done.id, "status = 'succeeded', completed_at = 5");
    let err = env.queue.retry(&done.id).unwrap_err();
    assert_eq!(err.code(), videogen_model::ErrorCode::Conflict);

    env.set(&done.id, "status = 'failed', completed_at = 5");
    env.queue
        .enqueue(NewJob::new(JobKind::ScriptShort, target))
        .unwrap();
    let err = env.queue.retry(&done.id).unwrap_err();
    assert_eq!(err.code(), videogen_model::ErrorCode::Conflict);
}

#[test]
fn prune_deletes_old_finished_jobs_but_keeps_the_newest_and_active_ones() {
    let env = env();
    let day = 24 * 3600 * 1000_i64;
    let now = videogen_store::now_ms();
    let mut old = Vec::new();
    for i in 0..15 {
        let job = env
            .queue
            .enqueue(NewJob::new(JobKind::Diagnostic, JobTarget::None))
            .unwrap()
            .job;
        env.set(
            &job.id,
            &format!(
                "status = 'succeeded', completed_at = {}",
                now - 40 * day + i
            ),
        );
        old.push(job.id);
    }
    for _ in 0..5 {
        let job = env
            .queue
            .enqueue(NewJob::new(JobKind::Diagnostic, JobTarget::None))
            .unwrap()
            .job;
        env.set(
            &job.id,
            &format!("status = 'failed', completed_at = {}", now - day),
        );
    }
    let active = env
        .queue
        .enqueue(NewJob::new(JobKind::Diagnostic, JobTarget::None))
        .unwrap()
        .job;
    env.set(&active.id, &format!("created_at = {}", now - 90 * day));

    let deleted = env.queue.prune(now - 30 * day, 10).unwrap();
    // The newest 10 finished are the 5 recent ones and the 5 newest old ones.
    assert_eq!(deleted, 10);
    let left = env
        .queue
        .list(&JobFilter {
            include_diagnostic: true,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(left.len(), 11);
    assert!(left.iter().any(|j| j.id == active.id));
    for id in &old[..10] {
        assert!(
            !left.iter().any(|j| &j.id == id),
            "old job {id} should be pruned"
        );
    }
    for id in &old[10..] {
        assert!(
            left.iter().any(|j| &j.id == id),
            "job {id} is among the newest 10"
        );
    }
}

#[test]
fn only_one_process_holds_the_runner_lock() {
    let env = env();
    let first = RunnerLock::try_acquire(env.store.path()).unwrap();
    assert!(first.path().ends_with("studio.db.runner.lock"));
    let err = RunnerLock::try_acquire(env.store.path()).unwrap_err();
    assert!(
        matches!(err, videogen_jobs::JobError::LockHeld { .. }),
        "{err}"
    );
    drop(first);
    RunnerLock::try_acquire(env.store.path()).expect("free after the holder let go");
}

#[tokio::test]
async fn the_runner_prunes_old_finished_jobs_when_it_starts() {
    let env = env();
    let day = 24 * 3600 * 1000_i64;
    let now = videogen_store::now_ms();
    let old = env
        .queue
        .enqueue(NewJob::new(JobKind::Diagnostic, JobTarget::None))
        .unwrap()
        .job;
    env.set(
        &old.id,
        &format!("status = 'succeeded', completed_at = {}", now - 31 * day),
    );
    let recent = env
        .queue
        .enqueue(NewJob::new(JobKind::Diagnostic, JobTarget::None))
        .unwrap()
        .job;
    env.set(
        &recent.id,
        &format!("status = 'succeeded', completed_at = {}", now - 29 * day),
    );
    let config = videogen_jobs::RunnerConfig {
        prune_keep: 0,
        ..crate::support::config()
    };
    env.run_until_empty(videogen_jobs::Registry::new(), config)
        .await;
    assert!(
        env.queue.get(&old.id).is_err(),
        "older than 30 days: pruned"
    );
    assert!(env.queue.get(&recent.id).is_ok());
}

#[test]
fn saved_progress_is_stored_for_running_jobs_only_without_a_change_record() {
    let env = env();
    let running = env
        .queue
        .enqueue(NewJob::new(JobKind::Diagnostic, JobTarget::None))
        .unwrap()
        .job;
    let queued = env
        .queue
        .enqueue(NewJob::new(JobKind::Diagnostic, JobTarget::None))
        .unwrap()
        .job;
    env.set(&running.id, "status = 'running', started_at = 1");
    let changes_before = env.store.last_change_seq().unwrap();
    let progress = |job: &videogen_model::Job, fraction: f64| videogen_model::JobProgress {
        job_id: job.id.clone(),
        kind: job.kind,
        project_id: None,
        progress: fraction,
        message: None,
        step_name: Some("rendering".into()),
        current_step: None,
        total_steps: None,
    };
    env.queue
        .save_progress(&[progress(&running, 0.42), progress(&queued, 0.9)])
        .unwrap();
    let running = env.queue.get(&running.id).unwrap();
    assert_eq!(running.progress, 0.42);
    assert_eq!(running.step_name.as_deref(), Some("rendering"));
    // A job that is not running (any more) keeps what it had.
    assert_eq!(env.queue.get(&queued.id).unwrap().progress, 0.0);
    // Readers poll progress: no change record makes every window refetch its jobs.
    assert_eq!(env.store.last_change_seq().unwrap(), changes_before);
}

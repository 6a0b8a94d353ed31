//! The desktop app's runner and a `videogen worker` on the same data directory.

use std::time::Duration;

use videogen_app::CancellationToken;
use videogen_model::DomainEvent;

use crate::studio;

async fn next_runner_status(
    events: &mut tokio::sync::broadcast::Receiver<DomainEvent>,
) -> videogen_model::RunnerStatus {
    loop {
        match events.recv().await {
            Ok(DomainEvent::Runner(status)) => return status,
            Ok(_) => continue,
            Err(e) => panic!("events ended: {e}"),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_app_waits_while_another_process_runs_jobs_and_takes_over_after() {
    let (dir, worker) = studio();
    let app = videogen_app::Studio::open(dir.path().join("data")).expect("second opener");
    let deadline = Duration::from_secs(20);

    let worker_stop = CancellationToken::new();
    let mut worker_events = worker.subscribe();
    let worker_task = tokio::spawn({
        let (w, stop) = (worker.clone(), worker_stop.clone());
        async move { w.run_background_jobs(stop).await }
    });
    let first = tokio::time::timeout(deadline, next_runner_status(&mut worker_events))
        .await
        .expect("status");
    assert!(first.running_here);

    let app_stop = CancellationToken::new();
    let mut app_events = app.subscribe();
    let app_task = tokio::spawn({
        let (a, stop) = (app.clone(), app_stop.clone());
        async move { a.run_background_jobs(stop).await }
    });
    let waiting = tokio::time::timeout(deadline, next_runner_status(&mut app_events))
        .await
        .expect("status");
    assert!(
        waiting.held_elsewhere && !waiting.running_here,
        "{waiting:?}"
    );

    worker_stop.cancel();
    worker_task
        .await
        .expect("join")
        .expect("worker stops cleanly");
    let took_over = tokio::time::timeout(deadline, async {
        loop {
            let s = next_runner_status(&mut app_events).await;
            if s.running_here {
                return s;
            }
        }
    })
    .await
    .expect("the app takes over");
    assert!(!took_over.held_elsewhere);
    app_stop.cancel();
    app_task
        .await
        .expect("join")
        .expect("app runner stops cleanly");
}

//! The event bridge: domain events from [`crate::Studio::subscribe`] to typed window events,
//! coalesced so a burst becomes one event of each kind.

use std::time::Duration;

use tokio::sync::broadcast::{self, error::RecvError};
use tokio::time::{sleep_until, Instant};
use videogen_model::DomainEvent;

use crate::events::{Batch, Outgoing};

/// How long the bridge gathers a burst before sending it. Short enough that an edit shows
/// at once, long enough that an import's thousands of commits arrive as one event.
pub const COALESCE_WINDOW: Duration = Duration::from_millis(50);

/// Runs until the sender side closes: waits for an event, gathers the burst that follows
/// for `window`, then hands the folded result to `sink`. A burst that opens with progress
/// hands that on at once: the job runner already sends at most 20 a second per job, and a
/// progress bar should not wait for the window (issue 13: on screen within 100 ms).
/// What follows it within the window is folded as usual.
pub async fn run(
    mut events: broadcast::Receiver<DomainEvent>,
    window: Duration,
    mut sink: impl FnMut(Outgoing),
) {
    let mut batch = Batch::default();
    loop {
        if !take_one(&mut events, &mut batch).await {
            break;
        }
        let deadline = Instant::now() + window;
        if batch.only_progress() {
            sink(batch.take());
        }
        let mut open = true;
        while open {
            tokio::select! {
                more = take_one(&mut events, &mut batch) => open = more,
                () = sleep_until(deadline) => break,
            }
        }
        if !batch.is_empty() {
            sink(batch.take());
        }
        if !open {
            break;
        }
    }
}

/// Receives one event into the batch; false once the channel is closed.
async fn take_one(events: &mut broadcast::Receiver<DomainEvent>, batch: &mut Batch) -> bool {
    match events.recv().await {
        Ok(event) => {
            batch.push(event);
            true
        }
        Err(RecvError::Lagged(missed)) => {
            tracing::warn!(
                missed,
                "the window fell behind the store; asking it to refetch"
            );
            batch.lagged();
            true
        }
        Err(RecvError::Closed) => false,
    }
}

#[cfg(test)]
mod tests {
    use videogen_model::{Change, ChangeOp, Entity};

    use super::*;

    fn changed(id: &str) -> DomainEvent {
        DomainEvent::Changed {
            changes: vec![Change {
                entity: Entity::Project,
                id: id.to_owned(),
                project_id: None,
                op: ChangeOp::Update,
            }],
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_burst_sent_at_once_reaches_the_window_as_one_event() {
        let (tx, rx) = broadcast::channel(4096);
        for i in 0..500 {
            tx.send(changed(&format!("p{}", i % 3)))
                .expect("receiver is alive");
        }
        drop(tx);
        let mut sent = Vec::new();
        run(rx, COALESCE_WINDOW, |out| sent.push(out)).await;
        assert_eq!(sent.len(), 1);
        let store = sent[0].store.as_ref().expect("a store event");
        assert_eq!(store.changes.len(), 3);
    }

    #[tokio::test(start_paused = true)]
    async fn events_further_apart_than_the_window_are_sent_separately() {
        let (tx, rx) = broadcast::channel(16);
        let (out_tx, mut out_rx) = tokio::sync::mpsc::unbounded_channel();
        let task = tokio::spawn(run(rx, COALESCE_WINDOW, move |out| {
            out_tx.send(out).expect("test listens");
        }));
        tx.send(changed("a")).expect("receiver is alive");
        let first = out_rx.recv().await.expect("first burst");
        tx.send(changed("b")).expect("receiver is alive");
        let second = out_rx.recv().await.expect("second burst");
        drop(tx);
        task.await.expect("bridge ends when the store closes");
        assert_eq!(first.store.expect("store").changes[0].id, "a");
        assert_eq!(second.store.expect("store").changes[0].id, "b");
    }

    fn progress(job: &str, fraction: f64) -> DomainEvent {
        DomainEvent::JobProgress(videogen_model::JobProgress {
            job_id: videogen_model::JobId::from(job),
            kind: videogen_model::JobKind::Image,
            project_id: None,
            progress: fraction,
            message: None,
            step_name: None,
            current_step: None,
            total_steps: None,
        })
    }

    #[tokio::test(start_paused = true)]
    async fn progress_opening_a_burst_goes_out_at_once_and_the_rest_is_folded() {
        let (tx, rx) = broadcast::channel(16);
        let (out_tx, mut out_rx) = tokio::sync::mpsc::unbounded_channel();
        let task = tokio::spawn(run(rx, COALESCE_WINDOW, move |out| {
            out_tx.send(out).expect("test listens");
        }));
        let started = Instant::now();
        tx.send(progress("j1", 0.5)).expect("receiver is alive");
        let first = out_rx.recv().await.expect("the progress");
        // The clock only moves when every task waits on a timer: nothing waited.
        assert_eq!(started.elapsed(), Duration::ZERO);
        assert_eq!(first.progress.len(), 1);
        // Within the window: folded into one event, at its end.
        tx.send(progress("j1", 0.6)).expect("receiver is alive");
        tx.send(changed("p")).expect("receiver is alive");
        tx.send(progress("j1", 0.7)).expect("receiver is alive");
        let second = out_rx.recv().await.expect("the rest of the burst");
        assert_eq!(started.elapsed(), COALESCE_WINDOW);
        assert_eq!(second.progress.len(), 1);
        assert_eq!(second.progress[0].progress.progress, 0.7);
        assert!(second.store.is_some());
        drop(tx);
        task.await.expect("bridge ends when the store closes");
    }

    #[tokio::test(start_paused = true)]
    async fn a_window_that_fell_behind_is_told_to_refetch() {
        let (tx, rx) = broadcast::channel(2);
        for i in 0..10 {
            tx.send(changed(&format!("p{i}")))
                .expect("receiver is alive");
        }
        drop(tx);
        let mut sent = Vec::new();
        run(rx, COALESCE_WINDOW, |out| sent.push(out)).await;
        assert!(sent
            .iter()
            .any(|o| o.store.as_ref().is_some_and(|s| s.resync)));
    }
}

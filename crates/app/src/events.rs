//! From store commits to domain events.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::broadcast;
use videogen_model::DomainEvent;
use videogen_store::Store;

use crate::Studio;

/// Sends a `Changed` event after each commit made by this process.
pub(crate) fn forward_store_changes(store: &Store, events: broadcast::Sender<DomainEvent>) {
    store.on_change(move |changes| {
        // No receiver is fine: nobody is listening yet.
        let _ = events.send(DomainEvent::Changed {
            changes: changes.to_vec(),
        });
    });
}

impl Studio {
    /// Follows writes made by other processes (the CLI while the app is open) by polling
    /// the `changes` table every `interval`, and sends them as `Changed` events. Changes
    /// this process made itself were already sent at commit and are skipped. Runs until
    /// the returned task is aborted.
    pub fn watch_other_processes(&self, interval: Duration) -> tokio::task::JoinHandle<()> {
        let studio = self.clone();
        let seen = Arc::new(AtomicI64::new(self.store().last_change_seq().unwrap_or(0)));
        // Our own commits advance `seen` so they are not sent twice.
        {
            let seen = seen.clone();
            let store = self.store().clone();
            self.store().on_change(move |_| {
                if let Ok(last) = store.last_change_seq() {
                    seen.fetch_max(last, Ordering::SeqCst);
                }
            });
        }
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(interval);
            loop {
                tick.tick().await;
                let from = seen.load(Ordering::SeqCst);
                let store = studio.store().clone();
                let Ok(Ok((changes, last))) =
                    tokio::task::spawn_blocking(move || store.changes_since(from)).await
                else {
                    continue;
                };
                if seen
                    .compare_exchange(from, last, Ordering::SeqCst, Ordering::SeqCst)
                    .is_ok()
                    && !changes.is_empty()
                {
                    let _ = studio.events().send(DomainEvent::Changed { changes });
                }
            }
        })
    }
}

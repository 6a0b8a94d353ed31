//! From store commits to domain events.

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
        let mut seen = self.store().last_change_seq().unwrap_or(0);
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(interval);
            loop {
                tick.tick().await;
                let store = studio.store().clone();
                let Ok(Ok((changes, last))) =
                    tokio::task::spawn_blocking(move || store.changes_from_others(seen)).await
                else {
                    continue;
                };
                seen = last;
                if !changes.is_empty() {
                    let _ = studio.events().send(DomainEvent::Changed { changes });
                }
            }
        })
    }
}

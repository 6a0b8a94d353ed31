//! Jobs as the app offers them. Placeholder state until the runner lands (issue 4).

use tokio::sync::broadcast;
use videogen_model::DomainEvent;
use videogen_store::Store;

/// What the app keeps for the job runner.
pub(crate) struct JobsState {}

impl JobsState {
    pub(crate) fn new(_store: &Store, _events: broadcast::Sender<DomainEvent>) -> Self {
        JobsState {}
    }
}

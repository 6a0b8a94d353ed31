//! The runner's view of service health: which kinds may start now.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use tokio::task::JoinSet;
use tokio::time::Instant;

use crate::ServiceGate;

/// A resource held back because its service is down ("waiting for ComfyUI").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Waiting {
    /// The resource.
    pub resource: String,
    /// The service it waits for.
    pub service: String,
}

struct Gate {
    gate: Arc<dyn ServiceGate>,
    resource: String,
    /// `None` until the first check answers.
    healthy: Option<bool>,
    next_check: Instant,
    checking: bool,
}

/// Every gate, its last answer and its next check.
pub(crate) struct Gates {
    gates: Vec<Gate>,
    checks: JoinSet<bool>,
    /// Which gate each running check belongs to.
    checking: HashMap<tokio::task::Id, usize>,
    interval: Duration,
}

impl Gates {
    pub(crate) fn new(gates: &[Arc<dyn ServiceGate>], interval: Duration) -> Self {
        let now = Instant::now();
        Gates {
            gates: gates
                .iter()
                .map(|g| Gate {
                    resource: g.resource().to_owned(),
                    gate: g.clone(),
                    healthy: None,
                    next_check: now,
                    checking: false,
                })
                .collect(),
            checks: JoinSet::new(),
            checking: HashMap::new(),
            interval,
        }
    }

    /// Whether jobs needing `resource` may start: every gate of it answered healthy (a
    /// resource without a gate is always open).
    pub(crate) fn open(&self, resource: &str) -> bool {
        self.gates
            .iter()
            .filter(|g| g.resource == resource)
            .all(|g| g.healthy == Some(true))
    }

    /// Every gated resource that waits for its service now, and which.
    pub(crate) fn waiting(&self) -> Vec<Waiting> {
        self.gates
            .iter()
            .filter(|g| g.healthy != Some(true))
            .map(|g| Waiting {
                resource: g.resource.clone(),
                service: g.gate.service().to_owned(),
            })
            .collect()
    }

    /// The resources that have a gate.
    pub(crate) fn resources(&self) -> impl Iterator<Item = &str> {
        self.gates.iter().map(|g| g.resource.as_str())
    }

    /// Starts the checks that are due; returns when the next one is due.
    pub(crate) fn start_due(&mut self, now: Instant) -> Option<Instant> {
        for (i, g) in self.gates.iter_mut().enumerate() {
            if !g.checking && g.next_check <= now {
                g.checking = true;
                let gate = g.gate.clone();
                let handle = self.checks.spawn(async move { gate.check().await });
                self.checking.insert(handle.id(), i);
            }
        }
        self.gates
            .iter()
            .filter(|g| !g.checking)
            .map(|g| g.next_check)
            .min()
    }

    /// Marks the gates of `resource` down (a handler said its service went away); they
    /// are checked again after the interval.
    pub(crate) fn mark_down(&mut self, resource: &str, now: Instant) {
        for g in self.gates.iter_mut().filter(|g| g.resource == resource) {
            g.healthy = Some(false);
            g.next_check = g.next_check.max(now + self.interval);
        }
    }

    /// Waits for the next check to answer and records it (a check that panicked counts as
    /// down). Pending forever when none runs, so it can sit in a `select!`.
    pub(crate) async fn next_answer(&mut self) {
        let (id, healthy) = match self.checks.join_next_with_id().await {
            Some(Ok((id, healthy))) => (id, healthy),
            Some(Err(e)) => (e.id(), false),
            None => return std::future::pending().await,
        };
        let Some(g) = self
            .checking
            .remove(&id)
            .and_then(|i| self.gates.get_mut(i))
        else {
            return;
        };
        if g.healthy != Some(healthy) {
            tracing::info!(
                service = g.gate.service(),
                healthy,
                "service health changed"
            );
        }
        g.healthy = Some(healthy);
        g.checking = false;
        g.next_check = Instant::now() + self.interval;
    }
}

//! The runner's view of service health: which kinds may start now.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use tokio::task::JoinSet;
use tokio::time::Instant;
use videogen_model::JobKind;

use crate::ServiceGate;

/// A kind held back because its service is down ("waiting for ComfyUI").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Waiting {
    /// The kind.
    pub kind: JobKind,
    /// The service it waits for.
    pub service: String,
}

struct Gate {
    gate: Arc<dyn ServiceGate>,
    kinds: Vec<JobKind>,
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
                    kinds: g.kinds(),
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

    /// Whether jobs of `kind` may start: every gate that names it answered healthy.
    pub(crate) fn open(&self, kind: JobKind) -> bool {
        self.gates
            .iter()
            .filter(|g| g.kinds.contains(&kind))
            .all(|g| g.healthy == Some(true))
    }

    /// Kinds among `kinds` that wait for a service, and which.
    pub(crate) fn waiting(&self, kinds: &[JobKind]) -> Vec<Waiting> {
        let mut out = Vec::new();
        for kind in kinds {
            if let Some(g) = self
                .gates
                .iter()
                .find(|g| g.kinds.contains(kind) && g.healthy != Some(true))
            {
                out.push(Waiting {
                    kind: *kind,
                    service: g.gate.service().to_owned(),
                });
            }
        }
        out
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

    /// Marks the gates of `kind` down (a handler said its service went away); they are
    /// checked again after the interval.
    pub(crate) fn mark_down(&mut self, kind: JobKind, now: Instant) {
        for g in self.gates.iter_mut().filter(|g| g.kinds.contains(&kind)) {
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

//! How the runner behaves: limits per kind, intervals, backoff, pruning.

use std::collections::HashMap;
use std::time::Duration;

use rand::Rng;
use videogen_model::JobKind;

/// Exponential backoff with jitter between attempts of a failing job.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Backoff {
    /// The delay after the first failed attempt, before jitter.
    pub base: Duration,
    /// The longest delay, before jitter.
    pub max: Duration,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff {
            base: Duration::from_secs(2),
            max: Duration::from_secs(300),
        }
    }
}

impl Backoff {
    /// The delay after failed attempt number `attempt` (from 1): `base · 2^(attempt-1)`,
    /// capped at `max`, then "equal jitter": a random point in its upper half, so runners
    /// that failed together do not retry together yet each delay still grows.
    pub fn delay(&self, attempt: u32, rng: &mut impl Rng) -> Duration {
        let ceiling = self.ceiling(attempt);
        let half = ceiling / 2;
        let extra = rng.random_range(0..=half.as_millis() as u64);
        half + Duration::from_millis(extra)
    }

    /// The delay before jitter for failed attempt number `attempt`.
    pub fn ceiling(&self, attempt: u32) -> Duration {
        let doublings = attempt.saturating_sub(1).min(30);
        self.base.saturating_mul(1 << doublings).min(self.max)
    }
}

/// The runner's settings.
#[derive(Clone, Debug)]
pub struct RunnerConfig {
    /// Jobs of each kind that may run at once; kinds not named use
    /// [`JobKind::default_concurrency`]. A kind's limit may only lower a resource's.
    pub concurrency: HashMap<JobKind, u32>,
    /// Jobs that may run at once per resource (service endpoint group): the real limit
    /// (DESIGN.md, Jobs): a TTS or Whisper server takes one request at a time; a ComfyUI
    /// pool two prompts per server, shared by image and video jobs. Jobs whose resource is
    /// not named here are limited by their kind only.
    pub resources: HashMap<String, u32>,
    /// How often the table is read for work, pause and cancels from other processes.
    /// Cancels are noticed within this interval.
    pub poll_interval: Duration,
    /// How often a failing service is checked again.
    pub health_interval: Duration,
    /// How long a cancelled handler may take to stop before its task is aborted.
    pub cancel_grace: Duration,
    /// Delays between attempts.
    pub backoff: Backoff,
    /// Finished jobs older than this are pruned…
    pub prune_after: Duration,
    /// …except the newest this many.
    pub prune_keep: u32,
    /// How often pruning runs (and once at start-up).
    pub prune_interval: Duration,
    /// At most one job-counts event per this interval.
    pub counts_interval: Duration,
}

impl Default for RunnerConfig {
    fn default() -> Self {
        RunnerConfig {
            concurrency: HashMap::new(),
            resources: HashMap::new(),
            poll_interval: Duration::from_millis(500),
            health_interval: Duration::from_secs(5),
            cancel_grace: Duration::from_secs(10),
            backoff: Backoff::default(),
            prune_after: Duration::from_secs(30 * 24 * 3600),
            prune_keep: 10_000,
            prune_interval: Duration::from_secs(3600),
            counts_interval: Duration::from_millis(250),
        }
    }
}

impl RunnerConfig {
    /// The limit for `kind`.
    pub fn limit(&self, kind: JobKind) -> u32 {
        self.concurrency
            .get(&kind)
            .copied()
            .unwrap_or_else(|| kind.default_concurrency())
    }

    /// Sets the limit for a resource.
    pub fn with_resource_limit(mut self, resource: impl Into<String>, limit: u32) -> Self {
        self.resources.insert(resource.into(), limit);
        self
    }

    /// Sets the limit for `kind`.
    pub fn with_limit(mut self, kind: JobKind, limit: u32) -> Self {
        self.concurrency.insert(kind, limit);
        self
    }
}

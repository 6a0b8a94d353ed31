//! The durable job runner of VideoGen Studio: a tokio runner whose state lives in SQLite.
//!
//! - [`Queue`]: what every process may do: enqueue (one active job per kind and target),
//!   cancel, retry, pause/resume, list and count. Events go out after each commit.
//! - [`Runner`]: what only the holder of the database's [`RunnerLock`] does: rescue jobs
//!   left running by a dead runner, claim due jobs within each kind's limit (counting the
//!   attempt in the claiming statement), run their [`JobHandler`]s, retry with backoff,
//!   and put running jobs back without charge on a clean shutdown.
//! - [`JobContext`]: a handler's view: its payload, [`JobContext::step`] (recorded once,
//!   replayed after a crash), coalesced [`JobContext::progress`], and a cancellation token.
//!
//! Delivery is at-least-once (as in River, Oban, Inngest): every side effect outside a
//! recorded step must be safe to repeat.

mod config;
mod context;
mod diagnostic;
mod enqueue;
mod error;
mod gates;
mod handler;
mod lifecycle;
mod lock;
mod queue;
mod rows;
mod runner;
mod status;

pub use config::{Backoff, RunnerConfig};
pub use context::{JobContext, PROGRESS_INTERVAL};
pub use diagnostic::{diagnostic_handler, diagnostic_output, DiagnosticPayload, DIAGNOSTIC_STEPS};
pub use enqueue::{Enqueued, NewJob, DEFAULT_MAX_ATTEMPTS};
pub use error::JobError;
pub use gates::Waiting;
pub use handler::{BoxFuture, FailureKind, HandlerError, JobHandler, Registry, ServiceGate};
pub use lock::RunnerLock;
pub use queue::{unresolved_failures_in, JobFilter, Queue, StepRecord};
pub use runner::Runner;
pub use status::{RunMode, RunSummary, RunnerStatus};
/// The token that stops a runner (and that handlers get for cancellation).
pub use tokio_util::sync::CancellationToken;

/// Benchmark support: claims (and marks running) one due job of `kind`, as the runner does;
/// returns how many were claimed. Not for application code.
#[doc(hidden)]
pub fn claim_one_for_bench(
    queue: &Queue,
    kind: videogen_model::JobKind,
) -> Result<usize, JobError> {
    Ok(lifecycle::claim(queue.store(), kind, 1, videogen_store::now_ms())?.len())
}

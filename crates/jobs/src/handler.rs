//! What a job kind plugs into the runner: a [`JobHandler`], and optionally a
//! [`ServiceGate`] that holds the kind back while its service is down.

use std::collections::BTreeMap;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use videogen_model::{AppError, ErrorCode, JobKind, JobResult};
use videogen_store::StoreError;

use crate::{JobContext, JobError};

/// A boxed, sendable future: what handlers and gates return.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// How a failed attempt should be treated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailureKind {
    /// Try again after a backoff, while attempts remain.
    Retry,
    /// Fail the job now: another attempt cannot help (bad input, missing file).
    Permanent,
    /// The handler stopped because its cancellation token fired.
    Cancelled,
    /// The service the job needs is down: put the job back without charging the attempt and
    /// re-check the service's health before running its kind again.
    ServiceDown,
}

/// Why an attempt did not finish well.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HandlerError {
    /// How the runner treats it.
    pub kind: FailureKind,
    /// A sentence for a person, stored as the job's error.
    pub message: String,
}

impl HandlerError {
    /// A failure worth retrying.
    pub fn retry(message: impl Into<String>) -> Self {
        Self::with(FailureKind::Retry, message)
    }

    /// A failure that no retry can fix.
    pub fn permanent(message: impl Into<String>) -> Self {
        Self::with(FailureKind::Permanent, message)
    }

    /// The handler noticed its cancellation token and stopped.
    pub fn cancelled() -> Self {
        Self::with(FailureKind::Cancelled, "cancelled")
    }

    /// The service is down (see [`FailureKind::ServiceDown`]).
    pub fn service_down(message: impl Into<String>) -> Self {
        Self::with(FailureKind::ServiceDown, message)
    }

    fn with(kind: FailureKind, message: impl Into<String>) -> Self {
        HandlerError {
            kind,
            message: message.into(),
        }
    }
}

impl fmt::Display for HandlerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for HandlerError {}

impl From<AppError> for HandlerError {
    fn from(err: AppError) -> Self {
        let kind = match err.code {
            ErrorCode::ServiceUnavailable => FailureKind::ServiceDown,
            ErrorCode::Cancelled => FailureKind::Cancelled,
            ErrorCode::NotFound
            | ErrorCode::InvalidInput
            | ErrorCode::InvalidFile
            | ErrorCode::ServiceRejected
            | ErrorCode::DiskFull => FailureKind::Permanent,
            _ => FailureKind::Retry,
        };
        HandlerError::with(kind, err.message)
    }
}

impl From<StoreError> for HandlerError {
    fn from(err: StoreError) -> Self {
        AppError::from(err).into()
    }
}

impl From<JobError> for HandlerError {
    fn from(err: JobError) -> Self {
        AppError::from(err).into()
    }
}

impl From<std::io::Error> for HandlerError {
    fn from(err: std::io::Error) -> Self {
        HandlerError::retry(err.to_string())
    }
}

/// Does the work of one job kind. At-least-once: an attempt may be cut short at any point
/// and run again, so every side effect outside [`JobContext::step`] must be safe to repeat.
pub trait JobHandler: Send + Sync + 'static {
    /// Runs one attempt.
    fn run(&self, ctx: JobContext) -> BoxFuture<'static, Result<JobResult, HandlerError>>;
}

impl<F, Fut> JobHandler for F
where
    F: Fn(JobContext) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<JobResult, HandlerError>> + Send + 'static,
{
    fn run(&self, ctx: JobContext) -> BoxFuture<'static, Result<JobResult, HandlerError>> {
        Box::pin(self(ctx))
    }
}

/// A health check for a service (ComfyUI, a TTS server, …), keyed by the resource its jobs
/// name ([`crate::NewJob::resource`]). While it fails, the runner starts no job that needs
/// that resource and charges no attempts (jobs of the same kind on another resource go on:
/// Chatterbox being down does not stall the draft voice); it checks again every
/// [`crate::RunnerConfig::health_interval`] and resumes by itself.
pub trait ServiceGate: Send + Sync + 'static {
    /// The service's name as a person knows it ("ComfyUI"), shown as "waiting for ComfyUI".
    fn service(&self) -> &str;
    /// The resource its jobs name (`comfyui`, `tts:chatterbox`, …).
    fn resource(&self) -> &str;
    /// Whether the service answers now.
    fn check(&self) -> BoxFuture<'_, bool>;
}

/// The handlers and gates a runner uses, by kind.
#[derive(Clone, Default)]
pub struct Registry {
    pub(crate) handlers: BTreeMap<JobKind, Arc<dyn JobHandler>>,
    pub(crate) gates: Vec<Arc<dyn ServiceGate>>,
}

impl Registry {
    /// An empty registry.
    pub fn new() -> Self {
        Self::default()
    }

    /// Runs jobs of `kind` with `handler` (replacing an earlier one).
    pub fn register(&mut self, kind: JobKind, handler: impl JobHandler) -> &mut Self {
        self.handlers.insert(kind, Arc::new(handler));
        self
    }

    /// Holds the gate's resource back while its health check fails.
    pub fn gate(&mut self, gate: impl ServiceGate) -> &mut Self {
        self.gates.push(Arc::new(gate));
        self
    }

    /// The kinds that have a handler.
    pub fn kinds(&self) -> Vec<JobKind> {
        self.handlers.keys().copied().collect()
    }
}

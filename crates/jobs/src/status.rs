//! What a run of the runner is asked to do and what it reports.

/// When the runner stops by itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunMode {
    /// When nothing is queued or running (or the queue is paused), as `videogen worker` does.
    UntilEmpty,
    /// Only when the shutdown token fires, as the app does.
    Forever,
}

/// What a run did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RunSummary {
    /// Jobs that finished well.
    pub succeeded: u32,
    /// Jobs that used up their attempts or failed for good.
    pub failed: u32,
    /// Jobs cancelled while running (or found cancelled at start-up).
    pub cancelled: u32,
    /// Failed attempts queued again after a backoff.
    pub retried: u32,
    /// Jobs found `running` at start-up (their runner died) and queued again.
    pub rescued: u32,
    /// Jobs put back without charging the attempt (shutdown, service down).
    pub put_back: u32,
}

/// What the runner is doing: the app's status line and tray (DESIGN.md, Jobs).
pub use videogen_model::RunnerStatus;

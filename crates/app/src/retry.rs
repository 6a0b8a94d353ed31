//! "Retry all failed" for a project: every failed job that nothing has replaced since is
//! queued again with fresh attempts.

use videogen_model::{AppError, Job, ProjectId};

use crate::Studio;

impl Studio {
    /// Queues again each of the project's failed jobs that no later job of the same kind
    /// and target has replaced (queued, running or succeeded since); returns them as
    /// queued. Nothing failed: an empty list.
    pub fn retry_failed(&self, project: &ProjectId) -> Result<Vec<Job>, AppError> {
        self.get_project(project)?;
        let queue = self.jobs_state().queue();
        let failed = queue.unresolved_failures(project)?;
        let mut retried = Vec::with_capacity(failed.len());
        for job in failed {
            retried.push(queue.retry(&job.id)?);
        }
        Ok(retried)
    }
}

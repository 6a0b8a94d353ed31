//! The rough cut, rendered now (CLI, demo) or queued as a job (the window).

use videogen_export::ExportProgress;
use videogen_model::{AppError, ErrorCode, Job};
use videogen_store::repo::projects;

pub use videogen_export::roughcut::{Chapter, RoughcutReport};
pub use videogen_pipeline::roughcut::RoughcutRequest;

use crate::Studio;

impl Studio {
    /// Renders a project's (or one section's) rough cut now, in this thread, reporting to
    /// `progress` (which may cancel; a cancelled render leaves no file).
    pub fn render_roughcut_now(
        &self,
        request: &RoughcutRequest,
        progress: &dyn ExportProgress,
    ) -> Result<RoughcutReport, AppError> {
        let tree = self
            .store()
            .read(|c| projects::load_tree(c, &request.project_id))?;
        Ok(videogen_export::render_roughcut(
            &tree,
            self.data_dir(),
            &request.out,
            &request.options(),
            progress,
        )?)
    }

    /// Queues a rough-cut job (one per project or section at a time); the runner does the
    /// work and reports progress as job events.
    pub fn queue_roughcut(&self, request: RoughcutRequest) -> Result<Job, AppError> {
        self.get_project(&request.project_id)?;
        let wanted = serde_json::to_value(&request).ok();
        let job = request
            .into_job()
            .map_err(|e| AppError::new(ErrorCode::Internal, format!("rough cut request: {e}")))?;
        let enqueued = self.jobs_state().queue().enqueue(job)?;
        if !enqueued.created {
            let active: Option<RoughcutRequest> = self
                .jobs_state()
                .queue()
                .payload(&enqueued.job.id)?
                .and_then(|p| serde_json::from_value(p).ok());
            if active.as_ref().and_then(|a| serde_json::to_value(a).ok()) != wanted {
                let out = active
                    .map(|a| a.out.display().to_string())
                    .unwrap_or_else(|| "another file".into());
                return Err(AppError::new(
                    ErrorCode::Conflict,
                    format!(
                        "This rough cut is already being rendered (to {out}): wait for it to finish or cancel it, then render again."
                    ),
                ));
            }
        }
        Ok(enqueued.job)
    }
}

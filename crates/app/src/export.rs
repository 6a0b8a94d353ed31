//! Export for editors, run now (CLI) or queued as a job (the window).

use videogen_export::{ExportProgress, ExportReport};
use videogen_model::{AppError, ErrorCode, Job};
use videogen_pipeline::export::ExportRequest;
use videogen_store::repo::projects;

use crate::Studio;

impl Studio {
    /// Exports a project now, in this thread, reporting to `progress` (which may cancel).
    pub fn export_now(
        &self,
        request: &ExportRequest,
        progress: &dyn ExportProgress,
    ) -> Result<ExportReport, AppError> {
        let tree = self
            .store()
            .read(|c| projects::load_tree(c, &request.project_id))?;
        let tree = request.scope(tree)?;
        Ok(videogen_export::export_project(
            &tree,
            self.data_dir(),
            &request.target,
            &request.options(),
            progress,
        )?)
    }

    /// Queues an export job (one per project at a time); the runner does the work and
    /// reports progress as job events.
    pub fn queue_export(&self, request: ExportRequest) -> Result<Job, AppError> {
        self.get_project(&request.project_id)?;
        let wanted = serde_json::to_value(&request).ok();
        let job = request
            .into_job()
            .map_err(|e| AppError::new(ErrorCode::Internal, format!("export request: {e}")))?;
        let enqueued = self.jobs_state().queue().enqueue(job)?;
        if !enqueued.created {
            let active: Option<ExportRequest> = self
                .jobs_state()
                .queue()
                .payload(&enqueued.job.id)?
                .and_then(|p| serde_json::from_value(p).ok());
            if active.as_ref().and_then(|a| serde_json::to_value(a).ok()) != wanted {
                let target = active
                    .map(|a| a.target.display().to_string())
                    .unwrap_or_else(|| "another folder".into());
                return Err(AppError::new(
                    ErrorCode::Conflict,
                    format!(
                        "This project is already being exported (to {target}): wait for it to finish or cancel it, then export again."
                    ),
                ));
            }
        }
        Ok(enqueued.job)
    }
}

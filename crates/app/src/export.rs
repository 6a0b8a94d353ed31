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
        let job = request
            .into_job()
            .map_err(|e| AppError::new(ErrorCode::Internal, format!("export request: {e}")))?;
        Ok(self.jobs_state().queue().enqueue(job)?.job)
    }
}

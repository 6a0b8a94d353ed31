//! The `export` job: a project to an editor-ready folder (and ZIP), with progress and cancel.
//!
//! Safe to repeat: the export writes into `<target>.partial/` and renames it into place only
//! when complete, and conformed media are cached, so an interrupted export that runs again
//! redoes only what was not finished.

use std::path::PathBuf;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use videogen_export::{export_project, ExportError, ExportOptions, ExportProgress};
use videogen_jobs::{HandlerError, JobContext, JobHandler, NewJob};
use videogen_model::{
    ExportFormat, FrameRate, FrameSize, JobKind, JobResult, JobTarget, ProjectId, ProjectTree,
    SectionId,
};
use videogen_store::repo::projects;
use videogen_store::Store;

/// What an export job is asked to do (its payload).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ExportRequest {
    /// The project.
    pub project_id: ProjectId,
    /// The export folder to create (must not exist).
    pub target: PathBuf,
    /// Also write `<target>.zip`.
    pub zip: bool,
    /// Timeline rate; `None` uses the project's.
    pub fps: Option<FrameRate>,
    /// Frame size; `None` uses the project's.
    pub size: Option<FrameSize>,
    /// Silence between sentences, ms.
    pub sentence_pause_ms: i64,
    /// Silence between sections, ms.
    pub section_pause_ms: i64,
    /// Refuse to use fallbacks.
    pub strict: bool,
    /// Only this section (numbered and timed from its start); `None`: the whole project.
    #[serde(default)]
    pub section: Option<SectionId>,
    /// The timelines and captions to write; absent (a request from before the choice
    /// existed): all of them.
    #[serde(default = "ExportFormat::all")]
    pub formats: Vec<ExportFormat>,
}

impl ExportRequest {
    /// The job that carries this request.
    pub fn into_job(self) -> Result<NewJob, serde_json::Error> {
        let target = JobTarget::Project(self.project_id.clone());
        Ok(NewJob::new(JobKind::Export, target)
            .payload(serde_json::to_value(&self)?)
            .max_attempts(2))
    }

    /// The part of `tree` this request exports: the whole project, or one section of it.
    pub fn scope(&self, mut tree: ProjectTree) -> Result<ProjectTree, ExportError> {
        if let Some(section) = &self.section {
            tree.sections.retain(|s| &s.id == section);
            if tree.sections.is_empty() {
                return Err(ExportError::InvalidInput(format!(
                    "project \"{}\" has no section {}: pick one of its sections",
                    tree.project.name, section.0
                )));
            }
        }
        Ok(tree)
    }

    /// The export options it stands for.
    pub fn options(&self) -> ExportOptions {
        ExportOptions {
            fps: self.fps,
            size: self.size,
            sentence_pause_ms: self.sentence_pause_ms,
            section_pause_ms: self.section_pause_ms,
            strict: self.strict,
            zip: self.zip,
            formats: self.formats.clone(),
            ..ExportOptions::default()
        }
    }
}

/// The handler for [`JobKind::Export`].
pub fn handler(store: Store, data_dir: PathBuf) -> impl JobHandler {
    let shared = Arc::new((store, data_dir));
    move |ctx: JobContext| {
        let shared = shared.clone();
        async move {
            let request: ExportRequest = ctx.payload()?;
            if let Some(done) = finished_by_earlier_attempt(&ctx, &request) {
                return Ok(done);
            }
            let (store, data_dir) = (&shared.0, shared.1.clone());
            let tree = store.read(|c| projects::load_tree(c, &request.project_id))?;
            let tree = request.scope(tree).map_err(export_failure)?;
            let options = request.options();
            let target = request.target.clone();
            let progress_ctx = ctx.clone();
            let report = tokio::task::spawn_blocking(move || {
                let progress = JobProgress(&progress_ctx);
                export_project(&tree, &data_dir, &target, &options, &progress)
            })
            .await
            .map_err(|e| HandlerError::retry(format!("the export stopped unexpectedly: {e}")))?
            .map_err(export_failure)?;
            if !report.warnings.is_empty() {
                tracing::info!(warnings = report.warnings.len(), "export used fallbacks");
            }
            Ok(JobResult {
                file: Some(
                    report
                        .zip
                        .unwrap_or(report.target)
                        .to_string_lossy()
                        .into_owned(),
                ),
                duration_ms: None,
                word_timings: None,
            })
        }
    }
}

/// An earlier attempt of this job may have renamed the finished export into place and
/// then died before recording success. Its folder is complete (the rename is the last
/// step), so the repeat is a success rather than a "target exists" failure.
fn finished_by_earlier_attempt(ctx: &JobContext, request: &ExportRequest) -> Option<JobResult> {
    let job = ctx.job();
    if job.attempt < 2 {
        return None;
    }
    let written = request
        .target
        .join("metadata.json")
        .metadata()
        .ok()?
        .modified()
        .ok()?;
    let written_ms = written
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_millis() as i64;
    if written_ms < job.created_at {
        return None;
    }
    let zip = videogen_export::zip_path(&request.target);
    let file = if request.zip && zip.exists() {
        zip
    } else {
        request.target.clone()
    };
    Some(JobResult {
        file: Some(file.to_string_lossy().into_owned()),
        duration_ms: None,
        word_timings: None,
    })
}

struct JobProgress<'a>(&'a JobContext);

impl ExportProgress for JobProgress<'_> {
    fn progress(&self, fraction: f64, step: &str) {
        self.0.progress(fraction, step);
    }

    fn is_cancelled(&self) -> bool {
        self.0.is_cancelled()
    }
}

fn export_failure(err: ExportError) -> HandlerError {
    match err {
        ExportError::Cancelled => HandlerError::cancelled(),
        other => {
            let app = videogen_model::AppError::from(other);
            HandlerError::from(app)
        }
    }
}

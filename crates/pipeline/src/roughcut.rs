//! The `roughcut` job: a project (or one section) to one MP4 with narration, captions,
//! chapters and an optional music bed, with progress and cancel.
//!
//! Safe to repeat: the film is written to a temporary name and renamed into place only when
//! complete, and its segments are cached with the conformed media, so an interrupted render
//! that runs again redoes only the final stream copy.

use std::path::PathBuf;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use videogen_export::{
    render_roughcut, ExportError, ExportOptions, ExportProgress, RoughcutOptions,
};
use videogen_jobs::{HandlerError, JobContext, JobHandler, NewJob};
use videogen_model::{FrameRate, FrameSize, JobKind, JobResult, JobTarget, ProjectId, SectionId};
use videogen_store::repo::projects;

use crate::Pipeline;

/// What a rough-cut job is asked to do (its payload).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RoughcutRequest {
    /// The project.
    pub project_id: ProjectId,
    /// The MP4 to write (an older one there is replaced when the new one is complete).
    pub out: PathBuf,
    /// Only this section; `None`: the whole storyboard.
    #[serde(default)]
    pub section: Option<SectionId>,
    /// Burn the captions into the picture instead of a soft track.
    #[serde(default)]
    pub burn_subtitles: bool,
    /// A music bed, ducked under the voice.
    #[serde(default)]
    pub music: Option<PathBuf>,
    /// Timeline rate; `None` uses the project's.
    #[serde(default)]
    pub fps: Option<FrameRate>,
    /// Frame size; `None` uses the project's.
    #[serde(default)]
    pub size: Option<FrameSize>,
    /// Silence between sentences, ms (as in the export, so the cuts are the timelines').
    #[serde(default)]
    pub sentence_pause_ms: i64,
    /// Silence between sections, ms.
    #[serde(default)]
    pub section_pause_ms: i64,
}

impl RoughcutRequest {
    /// The job that carries this request. Rough cuts run on this machine's CPU (the
    /// "local" resource: one at a time on a small machine).
    pub fn into_job(self) -> Result<NewJob, serde_json::Error> {
        let target = match &self.section {
            Some(section) => JobTarget::Section(section.clone()),
            None => JobTarget::Project(self.project_id.clone()),
        };
        Ok(NewJob::new(JobKind::Roughcut, target)
            .payload(serde_json::to_value(&self)?)
            .resource("local")
            .max_attempts(2))
    }

    /// The rough-cut options it stands for.
    pub fn options(&self) -> RoughcutOptions {
        RoughcutOptions {
            timeline: ExportOptions {
                fps: self.fps,
                size: self.size,
                sentence_pause_ms: self.sentence_pause_ms,
                section_pause_ms: self.section_pause_ms,
                ..ExportOptions::default()
            },
            section: self.section.clone(),
            burn_subtitles: self.burn_subtitles,
            music: self.music.clone(),
        }
    }
}

/// The handler for [`JobKind::Roughcut`].
pub fn handler(p: Pipeline) -> impl JobHandler {
    let p = Arc::new(p);
    move |ctx: JobContext| {
        let p = p.clone();
        async move {
            let request: RoughcutRequest = ctx.payload()?;
            let data_dir = p.data_dir().to_path_buf();
            let tree = p
                .store()
                .read(|c| projects::load_tree(c, &request.project_id))?;
            let options = request.options();
            let out = request.out.clone();
            let progress_ctx = ctx.clone();
            let report = tokio::task::spawn_blocking(move || {
                let progress = JobProgress(&progress_ctx);
                render_roughcut(&tree, &data_dir, &out, &options, &progress)
            })
            .await
            .map_err(|e| HandlerError::retry(format!("the rough cut stopped unexpectedly: {e}")))?
            .map_err(failure)?;
            if !report.warnings.is_empty() {
                tracing::info!(warnings = report.warnings.len(), "rough cut used fallbacks");
            }
            Ok(JobResult {
                file: Some(report.output.to_string_lossy().into_owned()),
                duration_ms: Some(report.duration_ms),
                word_timings: None,
            })
        }
    }
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

fn failure(err: ExportError) -> HandlerError {
    match err {
        ExportError::Cancelled => HandlerError::cancelled(),
        other => HandlerError::from(videogen_model::AppError::from(other)),
    }
}

//! `videogen demo` and the headless `make run`: the bundled demo script, voiced and aligned
//! by the draft engines, title cards and Ken Burns clips, the NLE export and the rough cut,
//! all offline; with how long each stage took.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use videogen_model::{AppError, ErrorCode, ProjectId};
use videogen_pipeline::Scope;

use crate::{ExportProgress, ExportRequest, Studio};

/// The demo script: three sections, twelve sentences, written for this project.
pub const DEMO_SCRIPT: &str = include_str!("../demo/lighthouse.md");
/// The demo project's name.
pub const DEMO_NAME: &str = "The Keeper's Light (demo)";

/// What the demo tells as it goes.
pub trait DemoProgress: Send + Sync {
    /// A stage starts.
    fn stage(&self, name: &str);
    /// Progress within the stage, 0..=1.
    fn progress(&self, _fraction: f64, _detail: &str) {}
}

/// What the demo made.
#[derive(Clone, Debug)]
pub struct DemoReport {
    /// The project.
    pub project: ProjectId,
    /// The export folder (timelines, numbered media, captions).
    pub export: PathBuf,
    /// The rough cut MP4.
    pub rough_cut: Option<PathBuf>,
    /// How long each stage took.
    pub stages: Vec<(String, Duration)>,
}

struct Stages<'a> {
    sink: &'a dyn DemoProgress,
    done: Vec<(String, Duration)>,
    current: Option<(String, Instant)>,
}

impl Stages<'_> {
    fn start(&mut self, name: &str) {
        self.finish();
        self.sink.stage(name);
        self.current = Some((name.to_owned(), Instant::now()));
    }

    fn finish(&mut self) {
        if let Some((name, at)) = self.current.take() {
            self.done.push((name, at.elapsed()));
        }
    }
}

struct InstallSink<'a>(&'a dyn DemoProgress);

impl crate::engines::InstallProgress for InstallSink<'_> {
    fn step(&self, step: &crate::engines::InstallStep<'_>) -> bool {
        let (fraction, detail) = match step {
            crate::engines::InstallStep::Package { index, total, .. } => {
                (*index as f64 / (*total).max(1) as f64, format!("{step:?}"))
            }
            other => (0.0, format!("{other:?}")),
        };
        self.0.progress(fraction, &detail);
        true
    }
}

struct ExportSink<'a>(&'a dyn DemoProgress);

impl ExportProgress for ExportSink<'_> {
    fn progress(&self, fraction: f64, step: &str) {
        self.0.progress(fraction, step);
    }
    fn is_cancelled(&self) -> bool {
        false
    }
}

impl Studio {
    /// Makes the demo video into `out` (created; must not hold an earlier demo's export):
    /// installs the engines if needed, imports the demo script, generates everything
    /// offline, exports for editors and renders the rough cut.
    pub async fn run_demo(
        &self,
        out: &Path,
        sink: &dyn DemoProgress,
    ) -> Result<DemoReport, AppError> {
        self.make_offline_video(DEMO_NAME, DEMO_SCRIPT, out, sink)
            .await
    }

    /// Makes a video from `script` (Markdown: `#` headings start sections) into `out` with
    /// the draft engines only, as the demo does: voice and timings, title cards, Ken Burns
    /// clips at 720p and 24 fps, the NLE export in `out/export` and `out/film.mp4`.
    pub async fn make_offline_video(
        &self,
        name: &str,
        script: &str,
        out: &Path,
        sink: &dyn DemoProgress,
    ) -> Result<DemoReport, AppError> {
        let mut stages = Stages {
            sink,
            done: Vec::new(),
            current: None,
        };
        std::fs::create_dir_all(out)
            .map_err(|e| crate::io_error(format!("Cannot create {}", out.display()), e))?;
        let export = out.join("export");
        if export.exists() {
            return Err(AppError::new(
                ErrorCode::Conflict,
                format!(
                    "{} already holds a demo export: remove it or choose another folder with --out.",
                    export.display()
                ),
            ));
        }

        stages.start("installing the draft engines");
        if self.engines_status().state != crate::engines::InstallState::Installed {
            let studio = self.clone();
            let progress = InstallSink(sink);
            // Blocking pip work: run it here, off the async workers' hot path.
            tokio::task::block_in_place(|| studio.install_engines(&progress))?;
        }

        stages.start("importing the script");
        let project = self.import_script_text(name, script)?;
        self.set_up_for_draft_engines(&project.id)?;

        stages.start("voicing, aligning, title cards and Ken Burns clips");
        self.generate(&project.id, &Scope::default())?;
        self.run_worker(true, std::future::pending()).await?;
        let failed = self.list_jobs(Some(&project.id), Some(videogen_model::JobState::Failed))?;
        if let Some(job) = failed.first() {
            return Err(AppError::new(
                ErrorCode::ServiceFailed,
                format!(
                    "The {} job of \"{name}\" failed: {}",
                    job.kind,
                    job.error.as_deref().unwrap_or("no reason given")
                ),
            ));
        }

        stages.start("exporting for editors");
        let request = ExportRequest {
            project_id: project.id.clone(),
            target: export.clone(),
            zip: false,
            fps: None,
            size: None,
            sentence_pause_ms: 300,
            section_pause_ms: 900,
            strict: true,
            section: None,
            formats: videogen_model::ExportFormat::all(),
        };
        self.export_now(&request, &ExportSink(sink))?;

        stages.start("rendering the rough cut");
        let rough_cut = self.demo_rough_cut(&project.id, out, sink)?;
        stages.finish();
        Ok(DemoReport {
            project: project.id,
            export,
            rough_cut,
            stages: stages.done,
        })
    }
}

impl Studio {
    /// The demo's rough cut (`film.mp4` in `out`), cut as the demo's export is.
    fn demo_rough_cut(
        &self,
        project: &ProjectId,
        out: &Path,
        sink: &dyn DemoProgress,
    ) -> Result<Option<PathBuf>, AppError> {
        let request = crate::roughcut::RoughcutRequest {
            project_id: project.clone(),
            out: out.join("film.mp4"),
            section: None,
            burn_subtitles: false,
            music: None,
            fps: None,
            size: None,
            sentence_pause_ms: 300,
            section_pause_ms: 900,
        };
        let report = self.render_roughcut_now(&request, &ExportSink(sink))?;
        Ok(Some(report.output))
    }
}

//! Generation as the app offers it: the pipeline built from the settings in effect,
//! `generate` and `plan` for a project, a section, a selection or a sentence, and the
//! project's status kept true while jobs run.

use std::sync::Arc;

use videogen_model::{AppError, ProjectId, ProjectStatus, SentenceId};
use videogen_pipeline::{LlmPrices, Pipeline, Scope, Services};
use videogen_providers::{
    ComfyPool, LlmClient, LlmConfig, TemplateStore, TtsClient, WhisperClient, WhisperConfig,
};
use videogen_store::repo::projects;

use crate::Studio;

pub use videogen_pipeline::plan_preview::{KindEstimate, PlanPreview};
pub use videogen_pipeline::{Generated, Stage};

impl Studio {
    /// The pipeline over this data directory with the services in effect now (settings with
    /// environment overrides; the API key from the environment or the keychain).
    pub fn pipeline(&self) -> Result<Pipeline, AppError> {
        let endpoints = self.service_endpoints()?;
        let settings = self.service_settings()?;
        let url = endpoints
            .llm_url
            .clone()
            .ok_or_else(|| AppError::invalid("No LLM address is configured."))?;
        // A local server (Ollama, llama.cpp) needs no key; the keychain is asked only when
        // the LLM is remote.
        let local = url
            .host_str()
            .is_some_and(|h| h == "127.0.0.1" || h == "localhost" || h == "[::1]");
        let key = if local {
            self.llm_api_key().ok().flatten()
        } else {
            match self.llm_api_key() {
                Ok(key) => key,
                Err(err) => return self.pipeline_with(endpoints, settings, None, err.message),
            }
        };
        let (llm, llm_missing) = match (key, local) {
            (None, false) => (None, no_key_message()),
            (key, _) => (
                Some(LlmClient::new(LlmConfig::new(
                    url,
                    settings.llm_model.clone(),
                    key,
                ))),
                String::new(),
            ),
        };
        self.pipeline_with(endpoints, settings, llm, llm_missing)
    }

    fn pipeline_with(
        &self,
        endpoints: videogen_providers::ServiceEndpoints,
        _settings: crate::ServiceSettings,
        llm: Option<LlmClient>,
        llm_missing: String,
    ) -> Result<Pipeline, AppError> {
        let tts = endpoints
            .tts
            .clone()
            .ok_or_else(|| AppError::invalid("No TTS address is configured."))?;
        let whisper = endpoints
            .whisper
            .clone()
            .ok_or_else(|| AppError::invalid("No Whisper address is configured."))?;
        let services = Services {
            llm,
            llm_missing,
            llm_prices: self.llm_prices()?,
            tts: Arc::new(TtsClient::new(tts)),
            whisper: Arc::new(WhisperClient::new(WhisperConfig::new(whisper))),
            comfy: Arc::new(ComfyPool::new(&endpoints.comfyui)),
            templates: TemplateStore::new(endpoints.templates_dir.clone()),
            drafts: self.draft_engines(),
        };
        Ok(Pipeline::new(
            self.store().clone(),
            self.jobs_state().queue().clone(),
            self.data_dir().to_path_buf(),
            services,
        ))
    }

    /// Queues every stale, ready step of `project` within `scope`; the rest follow as the
    /// jobs before them finish. Idempotent, and safe across restarts.
    pub fn generate(&self, project: &ProjectId, scope: &Scope) -> Result<Generated, AppError> {
        self.get_project(project)?;
        videogen_pipeline::generate(&self.pipeline()?, project, scope)
    }

    /// Starts a script from the project's topic and stops after the outline, for review
    /// (`videogen outline show|edit`) before the script is written.
    pub fn generate_outline(&self, project: &ProjectId) -> Result<Generated, AppError> {
        self.get_project(project)?;
        videogen_pipeline::generate::outline_only(&self.pipeline()?, project)
    }

    /// What `generate` would run for `scope`: counts per kind, the estimated time from
    /// recorded render times (stated defaults before any history) and the LLM cost.
    pub fn plan(&self, project: &ProjectId, scope: &Scope) -> Result<PlanPreview, AppError> {
        self.get_project(project)?;
        videogen_pipeline::plan_preview::preview(&self.pipeline()?, project, scope)
    }

    /// The project's outline, if one was planned.
    pub fn outline(
        &self,
        project: &ProjectId,
    ) -> Result<Option<videogen_model::ScriptOutline>, AppError> {
        self.get_project(project)?;
        Ok(self
            .store()
            .read(|c| videogen_store::repo::outlines::for_project(c, project))?)
    }

    /// Replaces the planned sections of the project's outline (before the script is
    /// written from it).
    pub fn set_outline_sections(
        &self,
        project: &ProjectId,
        sections: &[videogen_model::SectionOutline],
    ) -> Result<videogen_model::ScriptOutline, AppError> {
        let outline = self.outline(project)?.ok_or_else(|| {
            AppError::not_found("This project has no outline yet: plan one from its topic first.")
        })?;
        Ok(self.store().write(|tx| {
            videogen_store::repo::outlines::replace_sections(tx, &outline.id, sections)
        })?)
    }

    /// "New seed": the sentence's next image renders with another seed (its image becomes
    /// stale).
    pub fn new_image_seed(&self, sentence: &SentenceId) -> Result<i64, AppError> {
        videogen_pipeline::render_jobs::new_seed(&self.pipeline()?, sentence)
    }

    /// Proposes, within `gpu_hours` of GPU time, which scenes get a generated clip (each
    /// section's openings, then scenes that ask for motion) and which a Ken Burns move;
    /// with `apply`, stores the choice on every sentence (the user may change any after).
    pub fn gpu_budget(
        &self,
        project: &ProjectId,
        gpu_hours: f64,
        apply: bool,
    ) -> Result<videogen_pipeline::budget::BudgetProposal, AppError> {
        if !gpu_hours.is_finite() || gpu_hours < 0.0 {
            return Err(AppError::invalid(format!(
                "A GPU budget of {gpu_hours} hours is not usable: give a number of hours, e.g. 2.5."
            )));
        }
        let tree = self.load_project(project)?;
        let model = tree
            .project
            .video_model_id
            .as_ref()
            .map(|m| {
                self.store()
                    .read(|c| videogen_store::repo::catalog::get_model(c, m))
            })
            .transpose()?;
        let recorded = match &model {
            Some(m) => self.store().read(|c| {
                videogen_store::repo::takes::median_render_ms(
                    c,
                    videogen_store::repo::takes::TakeKind::Asset(videogen_model::AssetKind::Video),
                    &m.name,
                )
            })?,
            None => None,
        };
        // A stated default before any history: about three minutes a clip on a consumer GPU.
        let clip_ms = recorded.unwrap_or(180_000);
        let budget_ms = (gpu_hours * 3_600_000.0) as i64;
        let proposal = videogen_pipeline::budget::propose(&tree, budget_ms, clip_ms);
        if apply {
            self.store().write(|tx| {
                for (id, choice) in &proposal.choices {
                    let patch = videogen_model::SentencePatch {
                        clip_choice: Some(Some(*choice)),
                        ..Default::default()
                    };
                    videogen_store::repo::sentences::update(tx, id, &patch)?;
                }
                Ok(())
            })?;
        }
        Ok(proposal)
    }

    /// Re-reads the status of every project that was generating (after a run, or at the
    /// start of one: a crash may have left them so).
    pub fn settle_generating_projects(&self) -> Result<(), AppError> {
        let ids = self.store().read(|c| {
            projects::with_status(c, &[ProjectStatus::Generating, ProjectStatus::Scripting])
        })?;
        if ids.is_empty() {
            return Ok(());
        }
        let pipeline = self.pipeline()?;
        for id in ids {
            videogen_pipeline::settle(&pipeline, &id)?;
        }
        Ok(())
    }

    fn llm_prices(&self) -> Result<LlmPrices, AppError> {
        let get = |key: &str| -> Result<f64, AppError> {
            Ok(self.config_get(key)?.value.parse().unwrap_or(0.0))
        };
        Ok(LlmPrices {
            cache_hit: get("llm.price.cache_hit")?,
            cache_miss: get("llm.price.cache_miss")?,
            output: get("llm.price.output")?,
        })
    }
}

fn no_key_message() -> String {
    "No LLM API key is set, so no script or prompt can be written: store one with \
     `videogen config api-key` (kept in the OS keychain) or set VIDEOGEN_LLM_API_KEY; or \
     import a script you wrote (`videogen import`). No LLM runs offline."
        .to_owned()
}

/// The draft engines as the pipeline sees them: started on demand by this process's one
/// supervisor.
struct SupervisedDrafts(Arc<videogen_engines::Supervisor>);

impl videogen_pipeline::DraftEngines for SupervisedDrafts {
    fn voice(&self) -> videogen_jobs::BoxFuture<'_, Result<url::Url, AppError>> {
        Box::pin(async move { Ok(self.0.ensure(videogen_engines::Engine::Piper).await?) })
    }
    fn timings(&self) -> videogen_jobs::BoxFuture<'_, Result<url::Url, AppError>> {
        Box::pin(async move { Ok(self.0.ensure(videogen_engines::Engine::Whisper).await?) })
    }
}

impl Studio {
    /// The offline engines this process starts on demand (an error names what to install
    /// when they are not).
    fn draft_engines(&self) -> Option<Arc<dyn videogen_pipeline::DraftEngines>> {
        Some(Arc::new(SupervisedDrafts(self.supervisor().clone())))
    }
}

/// Keeps the status of projects whose jobs end true while a runner runs: a job that ends
/// (well or not) may be the project's last. At most one settle per project per half second.
pub(crate) async fn settle_while_running(studio: Studio, stop: videogen_jobs::CancellationToken) {
    use videogen_model::DomainEvent;
    let mut events = studio.subscribe();
    let mut due: std::collections::HashMap<ProjectId, tokio::time::Instant> = Default::default();
    let tick = std::time::Duration::from_millis(500);
    loop {
        let next = due.values().min().copied();
        tokio::select! {
            _ = stop.cancelled() => break,
            event = events.recv() => match event {
                Ok(DomainEvent::JobSucceeded { job, .. })
                | Ok(DomainEvent::JobFailed { job, .. })
                | Ok(DomainEvent::JobCancelled { job }) => {
                    if let Some(p) = job.project_id {
                        due.entry(p).or_insert_with(|| tokio::time::Instant::now() + tick);
                    }
                }
                Ok(_) => {}
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {
                    // Missed some: settle every project that was generating.
                    let s = studio.clone();
                    let _ = tokio::task::spawn_blocking(move || s.settle_generating_projects()).await;
                }
                Err(_) => break,
            },
            _ = async { match next { Some(at) => tokio::time::sleep_until(at).await, None => std::future::pending().await } } => {
                let now = tokio::time::Instant::now();
                let ready: Vec<ProjectId> = due.iter().filter(|(_, at)| **at <= now).map(|(p, _)| p.clone()).collect();
                for p in ready {
                    due.remove(&p);
                    let s = studio.clone();
                    let settled = tokio::task::spawn_blocking(move || {
                        let pipeline = s.pipeline()?;
                        videogen_pipeline::settle(&pipeline, &p)
                    })
                    .await;
                    if let Ok(Err(e)) = settled {
                        tracing::warn!("could not update a project's status: {}", e.message);
                    }
                }
            }
        }
    }
}

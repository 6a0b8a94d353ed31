//! `videogen doctor` and `videogen workflow run`, as library calls the CLI and the app wire in.

use std::path::{Path, PathBuf};

use serde::Serialize;
use tokio_util::sync::CancellationToken;
use url::Url;

use crate::comfy::{ComfyClient, MissingModel, MissingNode, OutputFile};
use crate::error::{ProviderError, Result};
use crate::llm::{LlmClient, LlmConfig};
use crate::pool::{ComfyPool, RenderJob};
use crate::tts::TtsClient;
use crate::whisper::{WhisperClient, WhisperConfig};
use crate::workflow::{parse_overrides, TemplateStore};
use crate::Health;

/// Where the services are, as the app resolved them (settings with the `VIDEOGEN_*`
/// environment overrides applied in one place, `videogen_app`'s settings): plain values.
#[derive(Clone, Debug, Default)]
pub struct ServiceEndpoints {
    /// ComfyUI servers; several make a pool.
    pub comfyui: Vec<Url>,
    /// Chatterbox TTS server.
    pub tts: Option<Url>,
    /// Whisper server.
    pub whisper: Option<Url>,
    /// LLM base URL.
    pub llm_url: Option<Url>,
    /// LLM model name.
    pub llm_model: Option<String>,
    /// LLM API key (from the keychain or the environment; never stored in the database).
    pub llm_api_key: Option<String>,
    /// The user's workflow template folder, searched before the built-ins.
    pub templates_dir: Option<PathBuf>,
}

/// One service's state.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceReport {
    /// "ComfyUI", "TTS", "Whisper" or "LLM".
    pub service: String,
    /// The address checked.
    pub url: String,
    /// Its health.
    pub health: Health,
    /// Voices offered (TTS only).
    pub voices: Vec<String>,
}

/// What one server lacks for one workflow.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkflowReport {
    /// The template, e.g. `image/flux-2`.
    pub template: String,
    /// The server.
    pub server: String,
    /// Node classes the server lacks.
    pub missing_nodes: Vec<MissingNode>,
    /// Model files the server lacks.
    pub missing_models: Vec<MissingModel>,
    /// The template could not be loaded or checked.
    pub error: Option<String>,
}

/// The doctor's findings.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DoctorReport {
    /// Everything is configured, reachable and complete.
    pub ok: bool,
    /// Each configured service.
    pub services: Vec<ServiceReport>,
    /// Each active workflow on each reachable ComfyUI server.
    pub workflows: Vec<WorkflowReport>,
    /// Services not configured at all.
    pub not_configured: Vec<String>,
    /// Findings that are no one service's health, each a sentence saying what to do (the
    /// caller adds them, e.g. that no LLM API key is set, or why none could be read).
    pub notes: Vec<String>,
}

/// Checks every configured service (reachable, version, voices) and which models each
/// active workflow (`image/flux-2`, …) is missing on each ComfyUI server.
pub async fn doctor(
    endpoints: &ServiceEndpoints,
    active_templates: &[String],
    cancel: &CancellationToken,
) -> DoctorReport {
    let mut services = Vec::new();
    let mut workflows = Vec::new();
    let mut not_configured = Vec::new();
    let store = TemplateStore::new(endpoints.templates_dir.clone());

    if endpoints.comfyui.is_empty() {
        not_configured.push("ComfyUI".to_string());
    }
    for url in &endpoints.comfyui {
        let client = ComfyClient::new(url.clone());
        let health = client.health(cancel).await;
        let reachable = health.ok;
        services.push(ServiceReport {
            service: "ComfyUI".into(),
            url: url.to_string(),
            health,
            voices: Vec::new(),
        });
        if !reachable {
            continue;
        }
        let info = client.object_info(cancel).await;
        for name in active_templates {
            let mut report = WorkflowReport {
                template: name.clone(),
                server: url.to_string(),
                missing_nodes: Vec::new(),
                missing_models: Vec::new(),
                error: None,
            };
            match (&info, store.load(name)) {
                (Ok(info), Ok(t)) => {
                    let check = crate::comfy::check_against(t.graph(), info);
                    report.missing_nodes = check.missing_nodes;
                    report.missing_models = check.missing_models;
                }
                (Err(e), _) => report.error = Some(e.to_string()),
                (_, Err(e)) => report.error = Some(e.to_string()),
            }
            workflows.push(report);
        }
    }

    match &endpoints.tts {
        None => not_configured.push("TTS".into()),
        Some(url) => {
            let client = TtsClient::new(url.clone());
            let health = client.health(cancel).await;
            let voices = if health.ok {
                client
                    .voices(cancel)
                    .await
                    .map(|v| v.into_iter().map(|v| v.id).collect())
                    .unwrap_or_default()
            } else {
                Vec::new()
            };
            services.push(ServiceReport {
                service: "TTS".into(),
                url: url.to_string(),
                health,
                voices,
            });
        }
    }
    match &endpoints.whisper {
        None => not_configured.push("Whisper".into()),
        Some(url) => {
            let health = WhisperClient::new(WhisperConfig::new(url.clone()))
                .health(cancel)
                .await;
            services.push(ServiceReport {
                service: "Whisper".into(),
                url: url.to_string(),
                health,
                voices: Vec::new(),
            });
        }
    }
    match (&endpoints.llm_url, &endpoints.llm_model) {
        (Some(url), Some(model)) => {
            let health = LlmClient::new(LlmConfig::new(
                url.clone(),
                model.clone(),
                endpoints.llm_api_key.clone(),
            ))
            .health(cancel)
            .await;
            services.push(ServiceReport {
                service: "LLM".into(),
                url: url.to_string(),
                health,
                voices: Vec::new(),
            });
        }
        _ => not_configured.push("LLM".into()),
    }

    let ok = not_configured.is_empty()
        && services.iter().all(|s| s.health.ok)
        && workflows.iter().all(|w| {
            w.error.is_none() && w.missing_models.is_empty() && w.missing_nodes.is_empty()
        });
    DoctorReport {
        ok,
        services,
        workflows,
        not_configured,
        notes: Vec::new(),
    }
}

/// What [`run_workflow`] produced.
#[derive(Clone, Debug)]
pub struct WorkflowRun {
    /// The server that rendered it.
    pub server: Url,
    /// Its prompt id.
    pub prompt_id: String,
    /// The output saved.
    pub output: OutputFile,
    /// Where it was saved.
    pub path: PathBuf,
}

/// Runs one template on the pool with `name=value` overrides (and an input image for
/// `{{input_image}}`), and saves its first output to `out`.
pub async fn run_workflow<S: AsRef<str>>(
    endpoints: &ServiceEndpoints,
    template: &str,
    overrides: &[S],
    input_image: Option<&Path>,
    out: &Path,
    cancel: &CancellationToken,
) -> Result<WorkflowRun> {
    let template = TemplateStore::new(endpoints.templates_dir.clone()).load(template)?;
    let params = parse_overrides(overrides)?;
    template.check_overrides(&params)?;
    if input_image.is_some() && !template.uses("input_image") {
        return Err(ProviderError::InvalidInput(format!(
            "the workflow template {} takes no input image; leave out --input",
            template.name()
        )));
    }
    if input_image.is_none() && template.uses("input_image") && !params.contains_key("input_image")
    {
        return Err(ProviderError::InvalidInput(format!(
            "the workflow template {} needs an input image; pass one with --input",
            template.name()
        )));
    }
    if endpoints.comfyui.is_empty() {
        return Err(ProviderError::InvalidInput("no ComfyUI server is configured; set VIDEOGEN_COMFYUI_URL or the ComfyUI address in Settings".into()));
    }
    let pool = ComfyPool::new(&endpoints.comfyui);
    let job = RenderJob {
        template,
        params,
        input_image: input_image.map(Path::to_path_buf),
        reference_image: None,
    };
    let rendered = pool.render(&job, None, cancel).await?;
    let output = rendered.first_output()?.clone();
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        tokio::fs::create_dir_all(dir)
            .await
            .map_err(|e| ProviderError::io("create", dir, e))?;
    }
    let path = rendered.client.download(&output, out, cancel).await?;
    Ok(WorkflowRun {
        server: rendered.client.base().clone(),
        prompt_id: rendered.outcome.prompt_id.clone(),
        output,
        path,
    })
}

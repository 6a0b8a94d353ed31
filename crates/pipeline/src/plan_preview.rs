//! `plan`: what `generate` would run, before anything is queued: counts per kind, the
//! estimated time from the median of recorded render times per kind and model (stated
//! defaults before any history), and the LLM tokens and cost.

use serde::{Deserialize, Serialize};
use videogen_model::{AppError, AssetKind, JobKind, ModelBackend, ProjectId};
use videogen_store::repo::projects;
use videogen_store::repo::takes::{self, TakeKind};

use crate::plan::{self, Scope, Stage};
use crate::Pipeline;

/// One kind of job in the plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct KindEstimate {
    /// The kind.
    pub kind: JobKind,
    /// Jobs of it that would run (ready now or after an earlier step).
    pub count: u32,
    /// Of those, ready now.
    pub ready: u32,
    /// Estimated time of one, ms.
    pub each_ms: i64,
    /// The estimate is the median of this many recorded runs; 0: a stated default.
    pub history: bool,
    /// It runs on the GPU (a ComfyUI render).
    pub gpu: bool,
}

/// What `generate` would run.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PlanPreview {
    /// Per kind, in pipeline order.
    pub kinds: Vec<KindEstimate>,
    /// Estimated GPU time, ms (ComfyUI renders).
    pub gpu_ms: i64,
    /// Estimated time of everything else, ms (services run side by side, so the wall
    /// time is closer to the largest of the two).
    pub other_ms: i64,
    /// Estimated LLM tokens (input and output).
    pub llm_tokens: u32,
    /// Estimated LLM cost, US dollars, at the configured prices.
    pub llm_cost_usd: f64,
    /// Nothing in scope is stale.
    pub up_to_date: bool,
}

/// Stated defaults before any history, ms per job.
fn default_ms(kind: JobKind, backend: Option<ModelBackend>) -> i64 {
    match (kind, backend) {
        (JobKind::Image, Some(ModelBackend::Comfyui)) => 20_000,
        (JobKind::Image, _) => 500,
        (JobKind::Video, Some(ModelBackend::Comfyui)) => 180_000,
        (JobKind::Video, _) => 3_000,
        (JobKind::AudioSentence, _) => 3_000,
        (JobKind::AudioSection, _) => 60_000,
        (JobKind::AudioAlign, _) => 2_000,
        (JobKind::PromptsImage | JobKind::PromptsVideo, _) => 15_000,
        (JobKind::ScriptOutline, _) => 20_000,
        (JobKind::ScriptShort | JobKind::ScriptLong, _) => 60_000,
        _ => 1_000,
    }
}

/// The plan of `project` within `scope`.
pub fn preview(p: &Pipeline, project: &ProjectId, scope: &Scope) -> Result<PlanPreview, AppError> {
    let rows = p
        .project_rows(project)
        .map_err(|e| AppError::new(videogen_model::ErrorCode::Internal, e.message))?;
    let tree = p.store().read(|c| projects::load_tree(c, project))?;
    let inputs = rows.inputs();
    let steps = plan::plan_project(&inputs, &tree.sections, scope);
    let mut out = PlanPreview {
        up_to_date: steps.is_empty(),
        ..PlanPreview::default()
    };
    let image_backend = rows.image_model.as_ref().map(|m| m.backend);
    for kind in videogen_model::JobKind::ALL {
        let of_kind: Vec<&plan::Step> = steps.iter().filter(|s| s.kind == kind).collect();
        if of_kind.is_empty() {
            continue;
        }
        let (backend, model_name) = match kind {
            JobKind::Image => (
                image_backend,
                rows.image_model.as_ref().map(|m| m.name.clone()),
            ),
            JobKind::Video => (
                plan::video_backend(&inputs, None),
                rows.video_model.as_ref().map(|m| m.name.clone()),
            ),
            _ => (None, None),
        };
        let take_kind = match kind {
            JobKind::Image => Some(TakeKind::Asset(AssetKind::Image)),
            JobKind::Video => Some(TakeKind::Asset(AssetKind::Video)),
            JobKind::AudioSentence => Some(TakeKind::Asset(AssetKind::Audio)),
            JobKind::AudioSection => Some(TakeKind::SectionAudio),
            _ => None,
        };
        let recorded = match (
            take_kind,
            model_name.as_deref().or(rows.project.voice_id.as_deref()),
        ) {
            (Some(k), Some(model)) => p.store().read(|c| takes::median_render_ms(c, k, model))?,
            _ => None,
        };
        let each_ms = recorded.unwrap_or_else(|| default_ms(kind, backend));
        let gpu = matches!(kind, JobKind::Image | JobKind::Video)
            && of_kind.iter().all(|s| s.resource == "comfyui");
        let count = of_kind.len() as u32;
        let total = each_ms * i64::from(count);
        if gpu {
            out.gpu_ms += total;
        } else {
            out.other_ms += total;
        }
        out.kinds.push(KindEstimate {
            kind,
            count,
            ready: of_kind.iter().filter(|s| s.ready).count() as u32,
            each_ms,
            history: recorded.is_some(),
            gpu,
        });
    }
    // LLM: prompt batches of up to 20 sentences (~1,500 tokens in, ~80 out a sentence),
    // and a script (~150 words a minute, ~1.4 tokens a word, plus the outline each call).
    let mut tokens_in: u64 = 0;
    let mut tokens_out: u64 = 0;
    for k in &out.kinds {
        if matches!(k.kind, JobKind::PromptsImage | JobKind::PromptsVideo) {
            tokens_in += u64::from(k.count) * 1_500;
            tokens_out += u64::from(k.count) * 20 * 80;
        }
    }
    let needs_script = scope.wants(Stage::Script)
        && tree.sentences().next().is_none()
        && rows.project.topic.is_some();
    if needs_script {
        let minutes = u64::from(rows.project.target_duration_min);
        let sections = (minutes / 3).max(1);
        tokens_in += 1_500 + sections * 2_500;
        tokens_out += 1_000 + (minutes * 150 * 14) / 10;
        out.up_to_date = false;
    }
    let usage = videogen_model::TokenUsage {
        prompt_tokens: tokens_in.min(u64::from(u32::MAX)) as u32,
        completion_tokens: tokens_out.min(u64::from(u32::MAX)) as u32,
        ..Default::default()
    };
    out.llm_tokens = usage.prompt_tokens.saturating_add(usage.completion_tokens);
    out.llm_cost_usd = p.services().llm_prices.cost(&usage);
    Ok(out)
}

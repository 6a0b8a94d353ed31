//! A test render of a visual style for the Style builder: one picture with the style's
//! prefix, negative prompt, LoRA and colours, made by an image model as the pipeline would
//! (a ComfyUI workflow on the configured pool, or a title card rendered here offline), and
//! written under the cache folder where the window may show it.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use videogen_model::{
    AppError, ErrorCode, FrameSize, GenerationModel, GenerationModelId, ModelBackend, StyleId,
    VisualStyle, WorkflowCategory,
};
use videogen_providers::{
    CancellationToken, ComfyPool, ParamValue, Params, RenderJob, TemplateStore,
};

use crate::Studio;

/// What a test render shows when the caller gives no subject.
pub const DEFAULT_SUBJECT: &str = "A lighthouse on a rocky coast at dusk, waves breaking below";

/// Test renders are smaller than a project's frames: they show a style, quickly.
const TEST_SIZE: FrameSize = FrameSize::HD_720;

/// Which seed a test render uses: fixed, so two renders of a style differ only by the
/// style's changes.
const TEST_SEED: i64 = 424_242;

/// What to render.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TestRenderRequest {
    /// The style to try.
    pub style_id: StyleId,
    /// The image model; `None`: the first active image model the style suits.
    pub model_id: Option<GenerationModelId>,
    /// What the picture shows (the text of a title card); `None`: [`DEFAULT_SUBJECT`].
    pub subject: Option<String>,
}

/// A finished test render.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TestRender {
    /// Absolute path of the picture, inside the data dir's cache folder.
    pub path: String,
    /// The model that made it.
    pub model_id: GenerationModelId,
    /// Its engine.
    pub backend: ModelBackend,
    /// The prompt sent (the card's text for a title card).
    pub prompt: String,
    /// How long it took, ms.
    pub elapsed_ms: u32,
}

impl Studio {
    /// Renders one test picture of a style (seconds for a title card; as long as the
    /// workflow takes on ComfyUI, where `cancel` stops it).
    pub async fn test_render_style(
        &self,
        request: &TestRenderRequest,
        cancel: &CancellationToken,
    ) -> Result<TestRender, AppError> {
        let started = std::time::Instant::now();
        let style = self
            .list_styles()?
            .into_iter()
            .find(|s| s.id == request.style_id)
            .ok_or_else(|| AppError::not_found("That style no longer exists."))?;
        let model = self.test_model(&style, request.model_id.as_ref())?;
        let subject = request
            .subject
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .unwrap_or(DEFAULT_SUBJECT)
            .to_owned();
        let dir = self.cache_dir().join("test-renders");
        std::fs::create_dir_all(&dir)
            .map_err(|e| crate::io_error(format_args!("Cannot create {}", dir.display()), e))?;
        let stem = format!("{}-{}", style.id.as_str(), model.id.as_str());
        // A new name each time, so the window never shows a cached older picture.
        let name = format!("{stem}-{}", chrono_millis());
        let (path, prompt) = match model.backend {
            ModelBackend::TitleCard => {
                let out = dir.join(format!("{name}.png"));
                let card = videogen_render::TitleCard {
                    heading: Some(style.name.clone()),
                    text: subject.clone(),
                    colours: style.colours.clone(),
                };
                let target = out.clone();
                tokio::task::spawn_blocking(move || {
                    videogen_render::render_title_card(&card, TEST_SIZE, &target)
                })
                .await
                .map_err(|e| {
                    AppError::new(ErrorCode::Internal, format!("The title card stopped: {e}"))
                })??;
                (out, subject)
            }
            ModelBackend::Comfyui => {
                self.comfy_test(&style, &model, &subject, &dir, &name, cancel)
                    .await?
            }
            ModelBackend::KenBurns => {
                return Err(AppError::invalid(format!(
                    "{} makes clips, not pictures: choose an image model for a test render.",
                    model.name
                )))
            }
        };
        remove_older(&dir, &stem, &path);
        Ok(TestRender {
            path: path.display().to_string(),
            model_id: model.id,
            backend: model.backend,
            prompt,
            elapsed_ms: u32::try_from(started.elapsed().as_millis()).unwrap_or(u32::MAX),
        })
    }

    /// The chosen model, or the first active image model the style suits.
    fn test_model(
        &self,
        style: &VisualStyle,
        chosen: Option<&GenerationModelId>,
    ) -> Result<GenerationModel, AppError> {
        let models = self.list_models()?;
        if let Some(id) = chosen {
            return models
                .into_iter()
                .find(|m| &m.id == id)
                .ok_or_else(|| AppError::not_found("That model no longer exists."));
        }
        models
            .into_iter()
            .filter(|m| m.is_active && m.workflow_category == WorkflowCategory::Image)
            .find(|m| style.compatible_models.is_empty() || style.compatible_models.contains(&m.id))
            .ok_or_else(|| {
                AppError::invalid(format!(
                    "No active image model suits the style {}: activate one, or choose one for the test.",
                    style.name
                ))
            })
    }

    async fn comfy_test(
        &self,
        style: &VisualStyle,
        model: &GenerationModel,
        subject: &str,
        dir: &Path,
        name: &str,
        cancel: &CancellationToken,
    ) -> Result<(PathBuf, String), AppError> {
        let endpoints = self.service_endpoints()?;
        if endpoints.comfyui.is_empty() {
            return Err(AppError::invalid(
                "No ComfyUI server is configured: add one in Settings, or test with the Title card model.",
            ));
        }
        let prompt = match style.prompt_prefix.as_deref().map(str::trim) {
            Some(prefix) if !prefix.is_empty() => format!("{prefix}, {subject}"),
            _ => subject.to_owned(),
        };
        let template =
            TemplateStore::new(endpoints.templates_dir.clone()).load(&model.workflow_file)?;
        let job = RenderJob {
            template,
            params: style_params(style, model, &prompt),
            input_image: None,
            reference_image: None,
        };
        let pool = ComfyPool::new(&endpoints.comfyui);
        let rendered = pool.render(&job, None, cancel).await?;
        let output = rendered.first_output()?.clone();
        let ext = Path::new(&output.filename)
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("png")
            .to_ascii_lowercase();
        let out = dir.join(format!("{name}.{ext}"));
        let path = rendered.client.download(&output, &out, cancel).await?;
        Ok((path, prompt))
    }
}

/// The values an image workflow gets for a test of `style`: those the pipeline sends for a
/// sentence (DESIGN.md, Workflows), with the test's size and seed.
pub fn style_params(style: &VisualStyle, model: &GenerationModel, prompt: &str) -> Params {
    let mut params = Params::new();
    params.insert("width".into(), ParamValue::Int(i64::from(TEST_SIZE.width)));
    params.insert(
        "height".into(),
        ParamValue::Int(i64::from(TEST_SIZE.height)),
    );
    if let Some(steps) = model.default_steps {
        params.insert("steps".into(), ParamValue::Int(i64::from(steps)));
    }
    if let Some(cfg) = model.default_cfg {
        params.insert("cfg".into(), ParamValue::Float(cfg));
    }
    params.insert("prompt".into(), ParamValue::Text(prompt.to_owned()));
    params.insert("seed".into(), ParamValue::Int(TEST_SEED));
    params.insert(
        "negative_prompt".into(),
        ParamValue::Text(style.negative_prompt.clone().unwrap_or_default()),
    );
    let lora = style.lora_file.clone().filter(|f| !f.trim().is_empty());
    params.insert(
        "lora_name".into(),
        ParamValue::Text(lora.clone().unwrap_or_default()),
    );
    if lora.is_some() {
        params.insert(
            "lora_strength".into(),
            ParamValue::Float(style.lora_strength),
        );
    }
    params
}

fn chrono_millis() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or_default()
}

/// Removes earlier test renders of the same style and model: only the latest is shown.
fn remove_older(dir: &Path, stem: &str, keep: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let ours = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with(&format!("{stem}-")));
        if ours && path != keep {
            if let Err(e) = std::fs::remove_file(&path) {
                tracing::debug!(path = %path.display(), "could not remove an old test render: {e}");
            }
        }
    }
}

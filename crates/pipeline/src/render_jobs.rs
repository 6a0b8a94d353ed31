//! Image and clip jobs (FR-401…408, FR-501…508): the project's model (a ComfyUI template,
//! or an offline renderer), style, cast references and seed; the clip from the sentence's
//! image with its camera movement and motion strength, as long as its narration.
//!
//! A ComfyUI render records its server and prompt id as a step *before* the prompt is
//! posted, so a job resumed after a crash follows that render instead of queueing it again.

use std::time::Instant;

use serde::{Deserialize, Serialize};
use videogen_jobs::{HandlerError, JobContext, JobHandler};
use videogen_model::{
    cast, AppError, AssetKind, GenerationModel, JobResult, JobTarget, ModelBackend, ProjectId,
    Sentence, SentenceId,
};
use videogen_providers::{ParamValue, Params, RenderJob, Rendered};
use videogen_store::repo::sentences;
use videogen_store::repo::takes::{self, NewTake};

use crate::context::ProjectRows;
use crate::generate::{follow_up, GenPayload};
use crate::narration::REDO_LIMIT;
use crate::{files, plan, Pipeline};

/// A ComfyUI prompt this job posted (or is about to post): where, and its id.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct Posted {
    server: url::Url,
    prompt_id: String,
}

fn app(e: impl Into<AppError>) -> HandlerError {
    HandlerError::from(e.into())
}

/// The seed of a sentence's image: the one the user asked for ("new seed"), else one derived
/// from its id, so the same inputs render the same image (FR-404).
pub fn seed_of(s: &Sentence) -> i64 {
    s.image_seed.unwrap_or_else(|| {
        // FNV-1a over the id: stable across builds and platforms.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in s.id.as_str().bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        (h >> 12) as i64
    })
}

/// Which asset a render job makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Asset {
    /// The still.
    Image,
    /// The clip.
    Video,
}

/// The handler for [`videogen_model::JobKind::Image`] or [`videogen_model::JobKind::Video`].
pub fn handler(p: Pipeline, asset: Asset) -> impl JobHandler {
    move |ctx: JobContext| {
        let p = p.clone();
        async move {
            let payload: GenPayload = ctx.payload()?;
            let JobTarget::Sentence(id) = ctx.job().target() else {
                return Err(HandlerError::permanent(
                    "A render job works on a sentence; queue it again.",
                ));
            };
            let (project_id, rows, mut s) = p.sentence_rows(&id)?;
            for attempt in 0..REDO_LIMIT {
                if attempt > 0 {
                    s = p.store().read(|c| sentences::get(c, &id))?;
                }
                let clean = match asset {
                    Asset::Image => {
                        !s.image.dirty || render_image(&p, &ctx, &rows, &s, attempt).await?
                    }
                    Asset::Video => {
                        !s.video.dirty || render_video(&p, &ctx, &rows, &s, attempt).await?
                    }
                };
                if clean {
                    break;
                }
            }
            follow_up(&p, &project_id, &JobTarget::Sentence(id), &payload.stages)?;
            Ok(JobResult::default())
        }
    }
}

/// Renders on the pool, following a prompt an earlier attempt posted.
async fn comfy_render(
    p: &Pipeline,
    ctx: &JobContext,
    step: &str,
    job: RenderJob,
) -> Result<Rendered, HandlerError> {
    let pool = p.services().comfy.clone();
    if let Some(posted) = ctx.recorded::<Posted>(step) {
        match pool
            .resume(&posted.server, &posted.prompt_id, ctx.cancellation())
            .await
        {
            Ok(rendered) => return Ok(rendered),
            // The server forgot it (restarted) or never got it: render anew.
            Err(e) if e.is_transient() => {
                tracing::info!(prompt = %posted.prompt_id, "recorded prompt is gone; rendering again: {e}")
            }
            Err(e) => return Err(app(e)),
        }
    }
    let ctx2 = ctx.clone();
    let step_name = step.to_owned();
    let progress_ctx = ctx.clone();
    let progress: videogen_providers::comfy::ProgressFn = std::sync::Arc::new(move |pr| {
        progress_ctx.progress(0.1 + 0.8 * f64::from(pr.fraction), "rendering");
    });
    pool.render_tracked(
        &job,
        move |server, prompt_id| {
            let posted = Posted {
                server: server.clone(),
                prompt_id: prompt_id.to_owned(),
            };
            if let Err(e) = ctx2.record_now(&step_name, &posted) {
                tracing::warn!("could not record the prompt id before posting: {e}");
            }
        },
        Some(progress),
        ctx.cancellation(),
    )
    .await
    .map_err(app)
}

fn base_params(model: &GenerationModel, rows: &ProjectRows) -> Params {
    let mut params = Params::new();
    let size = rows.project.frame_size();
    params.insert("width".into(), ParamValue::Int(i64::from(size.width)));
    params.insert("height".into(), ParamValue::Int(i64::from(size.height)));
    if let Some(steps) = model.default_steps {
        params.insert("steps".into(), ParamValue::Int(i64::from(steps)));
    }
    if let Some(cfg) = model.default_cfg {
        params.insert("cfg".into(), ParamValue::Float(cfg));
    }
    params
}

async fn render_image(
    p: &Pipeline,
    ctx: &JobContext,
    rows: &ProjectRows,
    s: &Sentence,
    attempt: usize,
) -> Result<bool, HandlerError> {
    let Some(model) = rows.image_model.as_ref() else {
        return Err(HandlerError::permanent("The project has no image model: choose one in its settings (`videogen set … --model`)."));
    };
    let project: &ProjectId = &rows.project.id;
    let rev = s.image.rev;
    let seed = seed_of(s);
    let started = Instant::now();
    let (rel, prompt) = match model.backend {
        ModelBackend::Comfyui => {
            let style = rows.style.as_ref();
            let shown = cast::shown(&s.text, s.cast_override.as_deref(), &rows.cast);
            let mut prompt = s.effective_image_prompt().unwrap_or(&s.text).to_owned();
            if let Some(prefix) = style.and_then(|st| st.prompt_prefix.as_deref()) {
                prompt = format!("{prefix}, {prompt}");
            }
            let mut params = base_params(model, rows);
            params.insert("prompt".into(), ParamValue::Text(prompt.clone()));
            params.insert("seed".into(), ParamValue::Int(seed));
            params.insert(
                "negative_prompt".into(),
                ParamValue::Text(
                    style
                        .and_then(|st| st.negative_prompt.clone())
                        .unwrap_or_default(),
                ),
            );
            let lora = style
                .and_then(|st| st.lora_file.clone().map(|f| (f, st.lora_strength)))
                .or_else(|| {
                    shown
                        .iter()
                        .find_map(|c| c.style_lora.clone().map(|f| (f, 1.0)))
                });
            if let Some((name, strength)) = lora {
                params.insert("lora_name".into(), ParamValue::Text(name));
                params.insert("lora_strength".into(), ParamValue::Float(strength));
            } else {
                params.insert("lora_name".into(), ParamValue::Text(String::new()));
            }
            let template = p
                .services()
                .templates
                .load(&model.workflow_file)
                .map_err(app)?;
            let reference = shown
                .iter()
                .find_map(|c| c.reference_images.first())
                .map(|r| p.data_dir().join(r))
                .filter(|_| template.uses("reference_image"));
            let job = RenderJob {
                template,
                params,
                input_image: None,
                reference_image: reference,
            };
            let rendered =
                comfy_render(p, ctx, &format!("comfy-image-{rev}-{attempt}"), job).await?;
            let output = rendered.first_output().map_err(app)?.clone();
            let ext = std::path::Path::new(&output.filename)
                .extension()
                .and_then(|e| e.to_str())
                .unwrap_or("png")
                .to_ascii_lowercase();
            let rel = files::image(project, &s.id, rev, &ext);
            let out = files::prepare(p.data_dir(), &rel)?;
            rendered
                .save_first(&out, ctx.cancellation())
                .await
                .map_err(app)?;
            (rel, Some(prompt))
        }
        ModelBackend::TitleCard => {
            let rel = files::image(project, &s.id, rev, "png");
            let out = files::prepare(p.data_dir(), &rel)?;
            crate::offline::title_card(p, rows, s, &out).await?;
            (rel, None)
        }
        ModelBackend::KenBurns => {
            return Err(HandlerError::permanent(format!(
                "{} is a video model: choose an image model for the project.",
                model.name
            )))
        }
    };
    let abs = p.data_dir().join(&rel);
    let thumb_rel = files::thumbnail(project, &s.id, rev);
    let thumb = files::prepare(p.data_dir(), &thumb_rel)?;
    tokio::task::spawn_blocking(move || crate::thumbs::write_thumbnail(&abs, &thumb))
        .await
        .map_err(|e| HandlerError::retry(format!("the thumbnail stopped: {e}")))??;
    let take = NewTake {
        rev,
        file: &rel,
        seed: Some(seed),
        model: Some(&model.name),
        prompt: prompt.as_deref(),
        render_ms: Some(started.elapsed().as_millis() as i64),
        ..NewTake::default()
    };
    Ok(p.store()
        .write(|tx| takes::record_sentence_take(tx, &s.id, AssetKind::Image, &take, None))?)
}

/// Frames of a generated clip: the narration's length at the model's native rate, rounded
/// up to its frame step (`step·n + 1`: WAN 4, LTX 8), capped at its maximum (the export
/// holds the last frame beyond it).
pub fn clip_frames(model: &GenerationModel, narration_ms: i64) -> (u32, u32) {
    let fps = model.default_fps.unwrap_or(16).max(1);
    let wanted = ((narration_ms.max(1) as u64 * u64::from(fps)).div_ceil(1000)) as u32;
    let step = model.frame_step.unwrap_or(1).max(1);
    let stepped = if step > 1 {
        step * (wanted.saturating_sub(1)).div_ceil(step) + 1
    } else {
        wanted.max(1)
    };
    let cap = model
        .max_frames
        .or(model.default_frames)
        .unwrap_or(u32::MAX);
    // A cap that is not itself on the step grid is lowered onto it.
    let cap = if step > 1 && cap != u32::MAX {
        step * ((cap.max(1) - 1) / step) + 1
    } else {
        cap
    };
    (stepped.min(cap).max(1), fps)
}

async fn render_video(
    p: &Pipeline,
    ctx: &JobContext,
    rows: &ProjectRows,
    s: &Sentence,
    attempt: usize,
) -> Result<bool, HandlerError> {
    let inputs = rows.inputs();
    let Some(backend) = plan::video_backend(&inputs, Some(s)) else {
        return Err(HandlerError::permanent(
            "The project has no video model: choose one in its settings.",
        ));
    };
    let (Some(image), Some(narration_ms)) = (s.image.file.clone(), s.audio_duration_ms) else {
        return Err(HandlerError::permanent(
            "The clip needs the sentence's image and narration first: generate them.",
        ));
    };
    let project: &ProjectId = &rows.project.id;
    let rev = s.video.rev;
    let rel = files::video(project, &s.id, rev);
    let out = files::prepare(p.data_dir(), &rel)?;
    let started = Instant::now();
    let (model_name, prompt) = match backend {
        ModelBackend::Comfyui => {
            let Some(model) = rows.video_model.as_ref() else {
                return Err(HandlerError::permanent(
                    "The project has no video model: choose one in its settings.",
                ));
            };
            let (frames, fps) = clip_frames(model, narration_ms);
            let prompt = format!(
                "{}, {}",
                s.effective_video_prompt().unwrap_or(&s.text),
                s.camera_movement.prompt_phrase()
            );
            let mut params = base_params(model, rows);
            params.insert("prompt".into(), ParamValue::Text(prompt.clone()));
            params.insert("seed".into(), ParamValue::Int(seed_of(s)));
            params.insert("frames".into(), ParamValue::Int(i64::from(frames)));
            params.insert("fps".into(), ParamValue::Float(f64::from(fps)));
            params.insert(
                "camera".into(),
                ParamValue::Text(s.camera_movement.prompt_phrase().into()),
            );
            params.insert("motion".into(), ParamValue::Float(s.motion_strength));
            params.insert(
                "negative_prompt".into(),
                ParamValue::Text(
                    rows.style
                        .as_ref()
                        .and_then(|st| st.negative_prompt.clone())
                        .unwrap_or_default(),
                ),
            );
            let template = p
                .services()
                .templates
                .load(&model.workflow_file)
                .map_err(app)?;
            let job = RenderJob {
                template,
                params,
                input_image: Some(p.data_dir().join(&image)),
                reference_image: None,
            };
            let rendered =
                comfy_render(p, ctx, &format!("comfy-video-{rev}-{attempt}"), job).await?;
            rendered
                .save_first(&out, ctx.cancellation())
                .await
                .map_err(app)?;
            (model.name.clone(), Some(prompt))
        }
        ModelBackend::KenBurns => {
            crate::offline::ken_burns(
                p,
                rows,
                s,
                &p.data_dir().join(&image),
                narration_ms,
                &out,
                ctx,
            )
            .await?;
            ("Ken Burns".to_owned(), None)
        }
        ModelBackend::TitleCard => {
            return Err(HandlerError::permanent(
                "A title card is an image model: choose a video model for the project.",
            ))
        }
    };
    let probe_path = out.clone();
    let info =
        tokio::task::spawn_blocking(move || videogen_export::media::probe_video(&probe_path))
            .await
            .map_err(|e| HandlerError::retry(format!("reading the clip stopped: {e}")))?
            .map_err(|e| {
                HandlerError::permanent(format!("The rendered clip cannot be read: {e}"))
            })?;
    let take = NewTake {
        rev,
        file: &rel,
        seed: Some(seed_of(s)),
        model: Some(&model_name),
        prompt: prompt.as_deref(),
        duration_ms: Some(info.duration_ms),
        render_ms: Some(started.elapsed().as_millis() as i64),
        source_file: Some(&image),
        ..NewTake::default()
    };
    Ok(p.store()
        .write(|tx| takes::record_sentence_take(tx, &s.id, AssetKind::Video, &take, None))?)
}

/// "New seed": the sentence's next image renders with another seed.
pub fn new_seed(p: &Pipeline, id: &SentenceId) -> Result<i64, AppError> {
    let seed = (videogen_store::now_ms().wrapping_mul(6364136223846793005) >> 16).abs();
    p.store()
        .write(|tx| sentences::set_image_seed(tx, id, seed))?;
    Ok(seed)
}

//! Prompt jobs (FR-403, FR-406, FR-505): image and video prompts written in batches per
//! section (up to [`BATCH`] sentences a call) with the style, the cast's descriptions and
//! the neighbouring sentences as context. A prompt the user wrote is never replaced, and a
//! prompt is kept only if the sentence still says what it was written for.

use serde::{Deserialize, Serialize};
use videogen_jobs::{HandlerError, JobContext, JobHandler};
use videogen_model::{cast, JobKind, JobResult, JobTarget, Sentence, TokenUsage};
use videogen_providers::{ChatMessage, ChatRequest};
use videogen_store::repo::{projects, sections, sentences};

use crate::context::ProjectRows;
use crate::generate::{follow_up, GenPayload};
use crate::llm::ask_json;
use crate::plan;
use crate::Pipeline;

/// Sentences per LLM call.
pub const BATCH: usize = 20;

#[derive(Deserialize)]
struct Reply {
    prompts: Vec<Numbered>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct Numbered {
    n: usize,
    prompt: String,
}

#[derive(Serialize, Deserialize)]
struct BatchStep {
    /// (sentence id, the text it was written for, the prompt).
    prompts: Vec<(String, String, String)>,
    usage: TokenUsage,
}

/// The handler for [`JobKind::PromptsImage`] or [`JobKind::PromptsVideo`].
pub fn handler(p: Pipeline, kind: JobKind) -> impl JobHandler {
    move |ctx: JobContext| {
        let p = p.clone();
        async move {
            let payload: GenPayload = ctx.payload()?;
            let JobTarget::Section(section_id) = ctx.job().target() else {
                return Err(HandlerError::permanent(
                    "A prompts job works on a section; queue it again.",
                ));
            };
            let project_id = p.store().read(|c| sections::project_of(c, &section_id))?;
            let rows = p.project_rows(&project_id)?;
            let section = p
                .store()
                .read(|c| sections::get_with_sentences(c, &section_id))?;
            let inputs = rows.inputs();
            let wanted: Vec<&Sentence> = section
                .sentences
                .iter()
                .filter(|s| match kind {
                    JobKind::PromptsImage => plan::needs_image_prompt(&inputs, s),
                    _ => plan::needs_video_prompt(&inputs, s),
                })
                .collect();
            let batches: Vec<Vec<&Sentence>> = wanted.chunks(BATCH).map(|c| c.to_vec()).collect();
            let total = batches.len().max(1);
            for (i, batch) in batches.iter().enumerate() {
                ctx.progress(
                    i as f64 / total as f64,
                    &format!("batch {} of {total}", i + 1),
                );
                let request = request_for(kind, &rows, &section.sentences, batch);
                let ids: Vec<(String, String)> = batch
                    .iter()
                    .map(|s| (s.id.0.clone(), s.text.clone()))
                    .collect();
                let n = batch.len();
                let p2 = p.clone();
                let ctx2 = ctx.clone();
                let pid = project_id.clone();
                ctx.step_with(
                    &format!("batch-{i}"),
                    || async move {
                        let answer =
                            ask_json(&p2, &ctx2, &pid, request, |r: &Reply| validate(r, n)).await?;
                        let mut prompts = Vec::with_capacity(n);
                        for (idx, (id, text)) in ids.into_iter().enumerate() {
                            let prompt = answer
                                .value
                                .prompts
                                .iter()
                                .find(|x| x.n == idx + 1)
                                .map(|x| x.prompt.trim().to_owned())
                                .unwrap_or_default();
                            prompts.push((id, text, prompt));
                        }
                        Ok(BatchStep {
                            prompts,
                            usage: answer.usage,
                        })
                    },
                    |tx, step: &BatchStep| {
                        let cost = p.services().llm_prices.cost(&step.usage);
                        projects::add_token_usage(tx, &project_id, &step.usage, cost)?;
                        for (id, text, prompt) in &step.prompts {
                            let id = videogen_model::SentenceId(id.clone());
                            // Edited meanwhile (or gone): the prompt no longer fits.
                            let Ok(now) = sentences::get(tx, &id) else {
                                continue;
                            };
                            if now.text != *text {
                                continue;
                            }
                            let (image, video) = match kind {
                                JobKind::PromptsImage => (Some(prompt.as_str()), None),
                                _ => (None, Some(prompt.as_str())),
                            };
                            sentences::set_generated_prompts(tx, &id, image, video)?;
                        }
                        Ok(())
                    },
                )
                .await?;
            }
            follow_up(
                &p,
                &project_id,
                &JobTarget::Section(section_id),
                &payload.stages,
            )?;
            Ok(JobResult::default())
        }
    }
}

fn validate(r: &Reply, n: usize) -> Result<(), String> {
    for i in 1..=n {
        match r.prompts.iter().filter(|x| x.n == i).count() {
            0 => return Err(format!("there is no prompt for sentence {i}")),
            1 => {}
            _ => return Err(format!("sentence {i} has several prompts")),
        }
    }
    if let Some(x) = r.prompts.iter().find(|x| x.prompt.trim().is_empty()) {
        return Err(format!("the prompt for sentence {} is empty", x.n));
    }
    if let Some(x) = r.prompts.iter().find(|x| x.n == 0 || x.n > n) {
        return Err(format!("there is no sentence {} in this batch", x.n));
    }
    Ok(())
}

fn request_for(
    kind: JobKind,
    rows: &ProjectRows,
    all: &[Sentence],
    batch: &[&Sentence],
) -> ChatRequest {
    let context: Vec<&str> = all.iter().map(|s| s.text.as_str()).collect();
    let mut cast_lines = Vec::new();
    for c in &rows.cast {
        if let Some(d) = c.description.as_deref() {
            cast_lines.push(format!("- {}: {d}", c.name));
        }
    }
    let style = rows
        .style
        .as_ref()
        .map(|s| {
            format!(
                "Visual style: {} ({}).",
                s.name,
                s.description.as_deref().unwrap_or("")
            )
        })
        .unwrap_or_default();
    let numbered: Vec<String> = batch
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let shown: Vec<&str> = cast::shown(&s.text, s.cast_override.as_deref(), &rows.cast)
                .iter()
                .map(|c| c.name.as_str())
                .collect();
            let mut line = format!("{}. {}", i + 1, s.text);
            if !shown.is_empty() {
                line.push_str(&format!(" [shows: {}]", shown.join(", ")));
            }
            if kind == JobKind::PromptsVideo {
                line.push_str(&format!(
                    " [image: {}; camera: {}; motion {:.1}]",
                    s.effective_image_prompt().unwrap_or(&s.text),
                    s.camera_movement.prompt_phrase(),
                    s.motion_strength
                ));
            }
            line
        })
        .collect();
    let task = match kind {
        JobKind::PromptsImage => "For each numbered sentence, write one image prompt for a still that illustrates it: concrete subject, setting, composition and light, 20 to 60 words, no text in the image. Describe characters by their appearance as given.",
        _ => "For each numbered sentence, write one short video prompt that animates its image: what moves, how the camera moves (follow the camera given), 10 to 40 words.",
    };
    ChatRequest {
        messages: vec![
            ChatMessage::system("You write prompts for image and video generation models, for the scenes of a narrated video."),
            ChatMessage::user(format!(
                "{style}\nCharacters:\n{}\nThe section, for context:\n{}\n\n{task}\n\n{}\n\nReply with JSON: {{\"prompts\": [{{\"n\": number, \"prompt\": string}}]}} with one entry per numbered sentence.",
                if cast_lines.is_empty() { "(none)".to_owned() } else { cast_lines.join("\n") },
                context.join(" "),
                numbered.join("\n")
            )),
        ],
        temperature: Some(0.7),
        max_tokens: Some(200 * batch.len() as u32 + 300),
        json: true,
    }
}

//! Script jobs (seed FR-101…106): an outline from the topic (sections with word budgets from
//! the target minutes at ~150 words a minute), then the script written from it: a short
//! one in one call, a long one section by section, each section a recorded step with a
//! running summary, so a job resumed after a crash never asks the LLM for a written section
//! again. Generated prose is split into sentences exactly as an imported script is.

use serde::{Deserialize, Serialize};
use videogen_jobs::{HandlerError, JobContext, JobHandler};
use videogen_model::{
    JobResult, OutlineStatus, Project, ProjectId, ScriptOutline, SectionOutline, TokenUsage,
};
use videogen_providers::{ChatMessage, ChatRequest};
use videogen_store::repo::{outlines, projects, sections, sentences};
use videogen_store::{StoreError, WriteTx};

use crate::generate::{follow_up, GenPayload};
use crate::llm::{ask_json, Answer};
use crate::Pipeline;

/// Scripts up to this long are written in one call.
pub const SHORT_MINUTES: u32 = 10;
/// Narration pace the word budgets assume.
pub const WORDS_PER_MINUTE: f64 = 150.0;
/// A section covers about this many minutes.
const MINUTES_PER_SECTION: f64 = 3.0;

const SYSTEM: &str = "You write scripts for narrated YouTube videos: clear, vivid, spoken English, \
one narrator, no stage directions, no headings inside the prose, no lists. Facts must come from the \
user's notes where notes are given; no web search is available to you or to them.";

fn project_brief(project: &Project) -> String {
    let mut brief = format!(
        "Topic: {}\nTarget length: {} minutes.\n",
        project.topic.as_deref().unwrap_or(&project.name),
        project.target_duration_min
    );
    if let Some(notes) = project
        .source_notes
        .as_deref()
        .filter(|n| !n.trim().is_empty())
    {
        brief.push_str("Source notes (use these facts; do not contradict them):\n");
        brief.push_str(notes);
        brief.push('\n');
    }
    brief
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OutlineReply {
    title: String,
    sections: Vec<SectionOutline>,
}

/// The outline a project asks for: how many sections and their word budgets.
fn section_count(minutes: u32) -> usize {
    ((f64::from(minutes) / MINUTES_PER_SECTION).round() as usize).clamp(1, 60)
}

fn count_cost(
    p: &Pipeline,
    tx: &mut WriteTx<'_>,
    project: &ProjectId,
    usage: &TokenUsage,
) -> Result<(), StoreError> {
    let cost = p.services().llm_prices.cost(usage);
    projects::add_token_usage(tx, project, usage, cost)
}

/// The handler for [`videogen_model::JobKind::ScriptOutline`].
pub fn outline_handler(p: Pipeline) -> impl JobHandler {
    move |ctx: JobContext| {
        let p = p.clone();
        async move {
            let payload: GenPayload = ctx.payload()?;
            let project_id = project_of(&ctx)?;
            let project = p.store().read(|c| projects::get(c, &project_id))?;
            let n = section_count(project.target_duration_min);
            let request = ChatRequest {
                messages: vec![
                    ChatMessage::system(SYSTEM),
                    ChatMessage::user(format!(
                        "{}\nPlan the video as an outline of about {n} sections. Reply with JSON: \
                         {{\"title\": string, \"sections\": [{{\"title\": string, \"summary\": string, \
                         \"targetMinutes\": number, \"keyPoints\": [string]}}]}}. The section minutes \
                         should add up to {} minutes.",
                        project_brief(&project),
                        project.target_duration_min
                    )),
                ],
                temperature: Some(0.7),
                max_tokens: Some(4_000),
                json: true,
            };
            let target = f64::from(project.target_duration_min);
            let pid = project_id.clone();
            let p2 = p.clone();
            let ctx2 = ctx.clone();
            ctx.step_with(
                "outline",
                || async move {
                    ask_json(&p2, &ctx2, &pid, request, |r: &OutlineReply| {
                        if r.sections.is_empty() {
                            return Err("the outline has no sections".into());
                        }
                        if r.sections.iter().any(|s| s.title.trim().is_empty()) {
                            return Err("a section has no title".into());
                        }
                        Ok(())
                    })
                    .await
                    .map(|a| OutlineStep::from_answer(a, target))
                },
                |tx, step: &OutlineStep| {
                    count_cost(&p, tx, &project_id, &step.usage)?;
                    outlines::create(
                        tx,
                        &project_id,
                        &step.title,
                        project.topic.as_deref(),
                        project.target_duration_min,
                        &step.sections,
                    )?;
                    projects::set_status(tx, &project_id, videogen_model::ProjectStatus::Scripting)
                },
            )
            .await?;
            if !payload.outline_only {
                follow_up(&p, &project_of(&ctx)?, &ctx.job().target(), &payload.stages)?;
            }
            Ok(JobResult::default())
        }
    }
}

#[derive(Serialize, Deserialize)]
struct OutlineStep {
    title: String,
    sections: Vec<SectionOutline>,
    usage: TokenUsage,
}

impl OutlineStep {
    /// Section minutes scaled to add up to the target, so the word budgets do.
    fn from_answer(a: Answer<OutlineReply>, target_minutes: f64) -> Self {
        let mut sections = a.value.sections;
        let sum: f64 = sections.iter().map(|s| s.target_minutes.max(0.0)).sum();
        let n = sections.len() as f64;
        for s in &mut sections {
            s.target_minutes = if sum > 0.0 {
                s.target_minutes.max(0.0) * target_minutes / sum
            } else {
                target_minutes / n
            };
        }
        OutlineStep {
            title: a.value.title,
            sections,
            usage: a.usage,
        }
    }
}

fn project_of(ctx: &JobContext) -> Result<ProjectId, HandlerError> {
    ctx.job()
        .project_id
        .clone()
        .ok_or_else(|| HandlerError::permanent("This script job has no project; queue it again."))
}

#[derive(Deserialize)]
struct SectionReply {
    text: String,
    summary: String,
}

#[derive(Serialize, Deserialize)]
struct SectionStep {
    text: String,
    summary: String,
    usage: TokenUsage,
}

/// The handler for [`videogen_model::JobKind::ScriptLong`] and, with every section in one
/// step, [`videogen_model::JobKind::ScriptShort`] (both write from the outline).
pub fn write_handler(p: Pipeline) -> impl JobHandler {
    move |ctx: JobContext| {
        let p = p.clone();
        async move {
            let payload: GenPayload = ctx.payload()?;
            let project_id = project_of(&ctx)?;
            let project = p.store().read(|c| projects::get(c, &project_id))?;
            let outline = p
                .store()
                .read(|c| outlines::for_project(c, &project_id))?
                .ok_or_else(|| {
                    HandlerError::permanent(
                        "This project has no outline yet: generate the outline first (`videogen generate --script`).",
                    )
                })?;
            let total = outline.sections.len();
            for (i, planned) in outline.sections.iter().enumerate() {
                ctx.progress(
                    i as f64 / total as f64,
                    &format!("writing section {} of {total}", i + 1),
                );
                write_section(&p, &ctx, &project, &outline, i, planned).await?;
            }
            p.store().write(|tx| {
                let done = outlines::get(tx, &outline.id)?;
                outlines::advance(
                    tx,
                    &outline.id,
                    total as u32,
                    done.running_summary.as_deref(),
                    &done.covered_topics,
                    OutlineStatus::Complete,
                )?;
                Ok(())
            })?;
            follow_up(
                &p,
                &project_id,
                &videogen_model::JobTarget::Project(project_id.clone()),
                &payload.stages,
            )?;
            Ok(JobResult::default())
        }
    }
}

async fn write_section(
    p: &Pipeline,
    ctx: &JobContext,
    project: &Project,
    outline: &ScriptOutline,
    index: usize,
    planned: &SectionOutline,
) -> Result<(), HandlerError> {
    let budget = (planned.target_minutes * WORDS_PER_MINUTE)
        .round()
        .max(30.0) as usize;
    let plan: Vec<String> = outline
        .sections
        .iter()
        .enumerate()
        .map(|(i, s)| format!("{}. {} — {}", i + 1, s.title, s.summary))
        .collect();
    let step_name = format!("section-{index}");
    let p2 = p.clone();
    let ctx2 = ctx.clone();
    let project_id = project.id.clone();
    let outline_id = outline.id.clone();
    let title = planned.title.clone();
    let brief = project_brief(project);
    let planned = planned.clone();
    let covered = outline.covered_topics.clone();
    ctx.step_with(
        &step_name,
        || async move {
            // The running summary of the sections written so far (recorded with each).
            let so_far = p2
                .store()
                .read(|c| outlines::get(c, &outline_id))?
                .running_summary
                .unwrap_or_default();
            let request = ChatRequest {
                messages: vec![
                    ChatMessage::system(SYSTEM),
                    ChatMessage::user(format!(
                        "{brief}\nThe whole outline:\n{}\n\nWhat the narration has said so far: {}\n\n\
                         Write section {} now: \"{}\" — {}. Key points: {}. About {budget} words of \
                         narration, in paragraphs, continuing naturally from what was said, without \
                         repeating it. Reply with JSON: {{\"text\": string (the narration), \"summary\": \
                         string (two or three sentences: the story so far, this section included)}}.",
                        plan.join("\n"),
                        if so_far.is_empty() { "nothing yet (this is the opening)" } else { &so_far },
                        index + 1,
                        planned.title,
                        planned.summary,
                        planned.key_points.join("; "),
                    )),
                ],
                temperature: Some(0.8),
                max_tokens: Some(((budget as f64) * 2.5) as u32 + 500),
                json: true,
            };
            let min_words = budget / 4;
            let answer = ask_json(&p2, &ctx2, &project_id, request, |r: &SectionReply| {
                let words = r.text.split_whitespace().count();
                if words < min_words {
                    return Err(format!("the section has {words} words; about {budget} were asked for"));
                }
                Ok(())
            })
            .await?;
            Ok(SectionStep {
                text: answer.value.text,
                summary: answer.value.summary,
                usage: answer.usage,
            })
        },
        |tx, step: &SectionStep| {
            count_cost(p, tx, &project.id, &step.usage)?;
            let section = sections::create(tx, &project.id, &title, None)?;
            let texts = split_prose(&step.text);
            if texts.is_empty() {
                return Err(StoreError::Invalid("the section's text has no sentence".into()));
            }
            sentences::append_many(tx, &section.id, &texts)?;
            let mut covered = covered.clone();
            covered.push(title.clone());
            outlines::advance(
                tx,
                &outline.id,
                index as u32 + 1,
                Some(&step.summary),
                &covered,
                OutlineStatus::Generating,
            )?;
            Ok(())
        },
    )
    .await?;
    Ok(())
}

/// Prose to sentences, paragraph by paragraph, exactly as an imported script is split.
pub fn split_prose(text: &str) -> Vec<String> {
    text.split("\n\n")
        .flat_map(videogen_text::split_sentences)
        .filter(|s| !s.trim().is_empty())
        .collect()
}

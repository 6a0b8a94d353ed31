//! `videogen generate`, `videogen plan` and `videogen outline`: what is stale gets made, in
//! dependency order, by this process when no other runs the jobs, else by the one that does
//! (this one then follows their progress).

use clap::{Args, Subcommand};
use serde::Serialize;
use videogen_app::{PlanPreview, Scope, Stage, Studio};
use videogen_model::{AppError, ErrorCode, JobState, ProjectId, SectionId, SectionOutline};

use crate::output;

/// What part of the project, and which stages (none named: all).
#[derive(Args, Clone, Debug, Default)]
pub struct ScopeArgs {
    /// Project id, id prefix or exact name.
    project: String,
    /// Outline and script from the topic.
    #[arg(long)]
    script: bool,
    /// Image and video prompts.
    #[arg(long)]
    prompts: bool,
    /// Narration.
    #[arg(long)]
    audio: bool,
    /// Word timings (and sentence ranges of section narration).
    #[arg(long)]
    align: bool,
    /// Images.
    #[arg(long)]
    images: bool,
    /// Clips.
    #[arg(long)]
    videos: bool,
    /// Only this section: its id, id prefix, or its number from 1 as `show` lists them.
    #[arg(long, value_name = "ID|N")]
    section: Vec<String>,
    /// Only this sentence (id or id prefix).
    #[arg(long, value_name = "ID")]
    sentence: Vec<String>,
}

/// Arguments of `videogen generate`.
#[derive(Args)]
pub struct GenerateArgs {
    #[command(flatten)]
    scope: ScopeArgs,
    /// Only queue the jobs; do not run or follow them.
    #[arg(long)]
    no_wait: bool,
    /// Print what was queued as JSON (with --no-wait) or the final counts.
    #[arg(long)]
    json: bool,
}

/// Arguments of `videogen plan`.
#[derive(Args)]
pub struct PlanArgs {
    #[command(flatten)]
    scope: ScopeArgs,
    /// Print the plan as JSON.
    #[arg(long)]
    json: bool,
    /// Propose, within this many GPU-hours, which scenes get a generated clip (each
    /// section's openings, then scenes that ask for motion) and which a Ken Burns move.
    #[arg(long, value_name = "HOURS")]
    gpu_hours: Option<f64>,
    /// Store the GPU budget's choice on every sentence (change any later with `edit --clip`).
    #[arg(long, requires = "gpu_hours")]
    apply: bool,
}

/// Arguments of `videogen outline`.
#[derive(Args)]
pub struct OutlineArgs {
    #[command(subcommand)]
    action: OutlineAction,
}

#[derive(Subcommand)]
enum OutlineAction {
    /// Plan the outline from the project's topic and stop there, for review.
    Make {
        /// Project id, id prefix or exact name.
        project: String,
    },
    /// Show the project's outline.
    Show {
        /// Project id, id prefix or exact name.
        project: String,
        /// As JSON (the form `outline edit --file` takes).
        #[arg(long)]
        json: bool,
    },
    /// Replace the outline's sections with those of a JSON file (as `outline show --json`
    /// prints them), before the script is written.
    Edit {
        /// Project id, id prefix or exact name.
        project: String,
        /// The sections, a JSON list of `{title, summary, targetMinutes, keyPoints}`.
        #[arg(long)]
        file: std::path::PathBuf,
    },
}

fn scope_of(studio: &Studio, args: &ScopeArgs) -> Result<(ProjectId, Scope), AppError> {
    let project = studio.resolve_project(&args.project)?;
    let flags = [
        (args.script, Stage::Script),
        (args.prompts, Stage::Prompts),
        (args.audio, Stage::Audio),
        (args.align, Stage::Align),
        (args.images, Stage::Images),
        (args.videos, Stage::Videos),
    ];
    let stages: Vec<Stage> = flags
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, s)| *s)
        .collect();
    let tree = studio.load_project(&project)?;
    let sections = args
        .section
        .iter()
        .map(|key| -> Result<SectionId, AppError> {
            if let Ok(n) = key.parse::<usize>() {
                return tree
                    .sections
                    .get(n.wrapping_sub(1))
                    .map(|s| s.id.clone())
                    .ok_or_else(|| {
                        AppError::not_found(format!(
                            "The project has {}: there is no section {n}.",
                            output::count(tree.sections.len(), "section")
                        ))
                    });
            }
            let key = key.to_ascii_lowercase();
            let found: Vec<&SectionId> = tree
                .sections
                .iter()
                .map(|s| &s.id)
                .filter(|id| id.as_str().starts_with(&key) && key.len() >= 4)
                .collect();
            match found.as_slice() {
                [one] => Ok((*one).clone()),
                [] => Err(AppError::not_found(format!(
                    "No section of this project has the id {key:?}."
                ))),
                _ => Err(AppError::invalid(format!(
                    "{key:?} names several sections: give more characters."
                ))),
            }
        })
        .collect::<Result<Vec<_>, _>>()?;
    let sentences = args
        .sentence
        .iter()
        .map(|k| studio.resolve_sentence(k))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((
        project,
        Scope {
            stages: (!stages.is_empty()).then_some(stages),
            sections: (!sections.is_empty()).then_some(sections),
            sentences: (!sentences.is_empty()).then_some(sentences),
        },
    ))
}

fn runtime() -> Result<tokio::runtime::Runtime, AppError> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| {
            AppError::new(
                ErrorCode::Internal,
                format!("cannot start the async runtime: {e}"),
            )
        })
}

/// `videogen generate`.
pub fn generate(studio: &Studio, args: GenerateArgs) -> Result<(), AppError> {
    let (project, scope) = scope_of(studio, &args.scope)?;
    let queued = studio.generate(&project, &scope)?;
    if queued.up_to_date {
        println!("Nothing to generate: everything asked for is up to date.");
        return Ok(());
    }
    let total: u32 = queued.queued.iter().map(|(_, n)| n).sum();
    let later: u32 = queued.waiting.iter().map(|(_, n)| n).sum();
    if args.no_wait {
        if args.json {
            return output::print_json(&queued);
        }
        println!(
            "Queued {}; {} follow as those finish.",
            output::count(total as usize, "job"),
            output::count(later as usize, "more step")
        );
        return Ok(());
    }
    eprintln!(
        "Queued {}; {} follow as those finish.",
        output::count(total as usize, "job"),
        output::count(later as usize, "more step")
    );
    let rt = runtime()?;
    let progress = std::sync::Arc::new(output::Progress::stderr("generate"));
    let follower = {
        let studio = studio.clone();
        let project = project.clone();
        let progress = progress.clone();
        rt.spawn(async move { follow(&studio, &project, &progress).await })
    };
    let ran = rt.block_on(studio.run_worker(true, async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    }));
    match ran {
        Ok(_) => {}
        // Another process runs the jobs: follow them until this project's are done.
        Err(e) if e.code == ErrorCode::Conflict => {
            eprintln!("Jobs are being run by another process (the app or `videogen worker`); following them.");
            rt.block_on(wait_until_idle(studio, &project))?;
        }
        Err(e) => return Err(e),
    }
    follower.abort();
    progress.finish();
    report(studio, &project, args.json)
}

/// Progress of the project's jobs, from their counts.
async fn follow(studio: &Studio, project: &ProjectId, progress: &output::Progress) {
    loop {
        if let Ok(jobs) = studio.list_jobs(Some(project), None) {
            let done = jobs.iter().filter(|j| !j.state.is_active()).count();
            let running = jobs.iter().find(|j| j.state == JobState::Running);
            let stage = running.map_or("waiting".to_owned(), |j| j.kind.to_string());
            progress.update(done as f64 / jobs.len().max(1) as f64, &stage);
        }
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
}

async fn wait_until_idle(studio: &Studio, project: &ProjectId) -> Result<(), AppError> {
    loop {
        let active = studio
            .list_jobs(Some(project), None)?
            .iter()
            .any(|j| j.state.is_active());
        if !active {
            return Ok(());
        }
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Report {
    status: videogen_model::ProjectStatus,
    failed: Vec<videogen_model::Job>,
    stale_sentences: u32,
}

fn report(studio: &Studio, project: &ProjectId, json: bool) -> Result<(), AppError> {
    let p = studio.get_project(project)?;
    let failed: Vec<videogen_model::Job> = studio
        .list_jobs(Some(project), Some(JobState::Failed))?
        .into_iter()
        .collect();
    let tree = studio.load_project(project)?;
    let stale = tree.sentences().filter(|s| s.any_dirty()).count();
    if json {
        return output::print_json(&Report {
            status: p.status,
            failed,
            stale_sentences: stale as u32,
        });
    }
    println!(
        "{}: {:?}; {} still stale; {}.",
        p.name,
        p.status,
        output::count(stale, "sentence"),
        output::count(failed.len(), "failed job")
    );
    for job in failed.iter().take(5) {
        println!(
            "  {} {}: {}",
            job.id.short(),
            job.kind,
            job.error.as_deref().unwrap_or("")
        );
    }
    if p.status == videogen_model::ProjectStatus::Failed {
        return Err(AppError::new(
            ErrorCode::ServiceFailed,
            "Some jobs failed: see `videogen jobs --state failed`, fix the cause, then `videogen generate` again.",
        ));
    }
    Ok(())
}

/// `videogen plan`.
pub fn plan(studio: &Studio, args: PlanArgs) -> Result<(), AppError> {
    let (project, scope) = scope_of(studio, &args.scope)?;
    if let Some(hours) = args.gpu_hours {
        let proposal = studio.gpu_budget(&project, hours, args.apply)?;
        if args.json && !args.apply {
            return output::print_json(&proposal);
        }
        println!(
            "Within {hours} GPU-hours: {} get a generated clip (~{} of GPU time), {} a Ken Burns move.{}",
            output::count(proposal.generated as usize, "scene"),
            output::duration(proposal.gpu_ms),
            output::count(proposal.ken_burns as usize, "scene"),
            if args.apply { " Stored on each sentence." } else { " Add --apply to store it." }
        );
        if !args.apply {
            return Ok(());
        }
    }
    let plan: PlanPreview = studio.plan(&project, &scope)?;
    if args.json {
        return output::print_json(&plan);
    }
    if plan.up_to_date {
        println!("Nothing to generate: everything asked for is up to date.");
        return Ok(());
    }
    for k in &plan.kinds {
        println!(
            "  {:<15} {:>6} ({} ready)  ~{} each{}",
            k.kind.to_string(),
            k.count,
            k.ready,
            output::duration(k.each_ms),
            if k.history { "" } else { " (default estimate)" }
        );
    }
    println!(
        "GPU time ~{} · other work ~{} · LLM ~{} tokens, ~${:.2}",
        output::duration(plan.gpu_ms),
        output::duration(plan.other_ms),
        plan.llm_tokens,
        plan.llm_cost_usd
    );
    Ok(())
}

/// `videogen outline`.
pub fn outline(studio: &Studio, args: OutlineArgs) -> Result<(), AppError> {
    match args.action {
        OutlineAction::Make { project } => {
            let id = studio.resolve_project(&project)?;
            studio.generate_outline(&id)?;
            eprintln!(
                "No web search is done: the outline uses the topic and your source notes only."
            );
            let rt = runtime()?;
            match rt.block_on(studio.run_worker(true, std::future::pending())) {
                Ok(_) => {}
                Err(e) if e.code == ErrorCode::Conflict => {
                    rt.block_on(wait_until_idle(studio, &id))?
                }
                Err(e) => return Err(e),
            }
            show_outline(studio, &id, false)
        }
        OutlineAction::Show { project, json } => {
            let id = studio.resolve_project(&project)?;
            show_outline(studio, &id, json)
        }
        OutlineAction::Edit { project, file } => {
            let id = studio.resolve_project(&project)?;
            let text = std::fs::read_to_string(&file).map_err(|e| {
                AppError::new(
                    ErrorCode::InvalidFile,
                    format!("Cannot read {}: {e}", file.display()),
                )
            })?;
            let sections: Vec<SectionOutline> = serde_json::from_str(&text).map_err(|e| {
                AppError::new(
                    ErrorCode::InvalidFile,
                    format!(
                        "{} is not an outline ({e}): write a JSON list of {{\"title\", \"summary\", \"targetMinutes\", \"keyPoints\"}} as `videogen outline show --json` prints it.",
                        file.display()
                    ),
                )
            })?;
            studio.set_outline_sections(&id, &sections)?;
            show_outline(studio, &id, false)
        }
    }
}

fn show_outline(studio: &Studio, id: &ProjectId, json: bool) -> Result<(), AppError> {
    let outline = studio.outline(id)?.ok_or_else(|| {
        AppError::not_found("This project has no outline yet: `videogen outline make <project>` plans one from its topic.")
    })?;
    if json {
        return output::print_json(&serde_json::json!({ "sections": outline.sections }));
    }
    println!("{} ({} min)", outline.title, outline.total_target_minutes);
    for (i, s) in outline.sections.iter().enumerate() {
        println!("{:>3}. {} ({:.1} min)", i + 1, s.title, s.target_minutes);
        println!("     {}", s.summary);
        for k in &s.key_points {
            println!("       - {k}");
        }
    }
    Ok(())
}

//! `generate`: queues what the planner says is stale and ready; `follow_up`: what a job
//! that just ended made ready; `settle`: the project's status from its jobs and rows.

use serde::{Deserialize, Serialize};
use videogen_jobs::{unresolved_failures_in, HandlerError, NewJob};
use videogen_model::{
    AppError, ErrorCode, JobKind, JobTarget, ProjectId, ProjectStatus, SectionId,
};
use videogen_store::repo::{outlines, projects, sections, sentences};

use crate::context::project_rows_in;
use crate::plan::{self, Scope, Stage, Step};
use crate::Pipeline;

/// What every generation job carries: the stages its `generate` asked for, so that the
/// steps it makes ready are queued only when they were asked for too.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GenPayload {
    /// The stages asked for; `None`: all.
    pub stages: Option<Vec<Stage>>,
    /// Stop after the outline, for the user to review it before the script is written.
    #[serde(default)]
    pub outline_only: bool,
}

/// What `generate` queued.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Generated {
    /// Jobs queued now (their inputs are ready), per kind.
    pub queued: Vec<(JobKind, u32)>,
    /// Steps that wait for an earlier one and are queued as it finishes, per kind.
    pub waiting: Vec<(JobKind, u32)>,
    /// Nothing in scope is stale.
    pub up_to_date: bool,
}

fn count(steps: &[&Step]) -> Vec<(JobKind, u32)> {
    let mut out: Vec<(JobKind, u32)> = Vec::new();
    for s in steps {
        match out.iter_mut().find(|(k, _)| *k == s.kind) {
            Some((_, n)) => *n += 1,
            None => out.push((s.kind, 1)),
        }
    }
    out.sort();
    out
}

/// The job that runs `step`.
pub fn job_for(step: &Step, project: &ProjectId, stages: &Option<Vec<Stage>>) -> NewJob {
    let payload = serde_json::to_value(GenPayload {
        stages: stages.clone(),
        outline_only: false,
    })
    .unwrap_or_default();
    let mut job = NewJob::new(step.kind, step.target.clone())
        .payload(payload)
        .resource(step.resource);
    job.project_id = Some(project.clone());
    job
}

/// Queues every stale step in `scope` whose inputs are ready; the rest follow as the jobs
/// before them finish. Idempotent: a step already queued or running is not queued twice.
pub fn generate(p: &Pipeline, project: &ProjectId, scope: &Scope) -> Result<Generated, AppError> {
    let rows = p.project_rows(project).map_err(handler_to_app)?;
    let tree = p.store().read(|c| projects::load_tree(c, project))?;
    let mut jobs = Vec::new();
    let mut out = Generated::default();
    if scope.wants(Stage::Script) {
        if let Some(job) = script_job(p, &rows.project, &tree.sections, scope)? {
            jobs.push(job);
            out.queued.push((jobs[0].kind, 1));
        }
    }
    let steps = plan::plan_project(&rows.inputs(), &tree.sections, scope);
    let (ready, later): (Vec<&Step>, Vec<&Step>) = steps.iter().partition(|s| s.ready);
    out.queued.extend(count(&ready));
    out.waiting = count(&later);
    out.up_to_date = jobs.is_empty() && steps.is_empty();
    jobs.extend(ready.iter().map(|s| job_for(s, project, &scope.stages)));
    if !jobs.is_empty() {
        p.queue().enqueue_many(jobs)?;
    }
    settle(p, project)?;
    Ok(out)
}

/// The script job a project needs, if any: an outline first (from the topic), then the
/// script written from it. None when the project has a script already or no topic.
fn script_job(
    p: &Pipeline,
    project: &videogen_model::Project,
    sections: &[videogen_model::Section],
    scope: &Scope,
) -> Result<Option<NewJob>, AppError> {
    let has_script = sections.iter().any(|s| !s.sentences.is_empty());
    if has_script || scope.sections.is_some() || scope.sentences.is_some() {
        return Ok(None);
    }
    if project.topic.as_deref().is_none_or(|t| t.trim().is_empty()) {
        return Err(AppError::invalid(format!(
            "Project \"{}\" has no script and no topic: import a script (`videogen import`) or give it a topic (`videogen set \"{}\" --topic …`).",
            project.name, project.name
        )));
    }
    let outline = p.store().read(|c| outlines::for_project(c, &project.id))?;
    let kind = match outline {
        None => JobKind::ScriptOutline,
        Some(_) if project.target_duration_min <= crate::script::SHORT_MINUTES => {
            JobKind::ScriptShort
        }
        Some(_) => JobKind::ScriptLong,
    };
    let step = Step {
        kind,
        target: JobTarget::Project(project.id.clone()),
        resource: "llm",
        ready: true,
    };
    Ok(Some(job_for(&step, &project.id, &scope.stages)))
}

/// After a job of a section or sentence recorded its result: queues the steps of that
/// section (or sentence) that became ready, within the stages the job was asked for.
pub fn follow_up(
    p: &Pipeline,
    project: &ProjectId,
    target: &JobTarget,
    stages: &Option<Vec<Stage>>,
) -> Result<(), HandlerError> {
    /// What the job worked on: a whole section, or one sentence of it.
    enum Unit<'a> {
        Section(&'a SectionId),
        Sentence(&'a videogen_model::SentenceId),
    }
    let unit = match target {
        JobTarget::Section(id) => Unit::Section(id),
        JobTarget::Sentence(id) => Unit::Sentence(id),
        JobTarget::Project(_) => {
            // Script jobs: the whole project's next stages.
            let scope = Scope {
                stages: stages
                    .clone()
                    .map(|s| s.into_iter().filter(|s| *s != Stage::Script).collect()),
                ..Scope::default()
            };
            generate(p, project, &scope).map_err(HandlerError::from)?;
            return Ok(());
        }
        JobTarget::None => return Ok(()),
    };
    let sentences = match unit {
        Unit::Sentence(id) => Some(vec![id.clone()]),
        Unit::Section(_) => None,
    };
    let scope = Scope {
        stages: stages.clone(),
        sections: None,
        sentences,
    };
    // Planned inside the queueing transaction: the rows cannot change in between, and they
    // are read through the writer, warm from the job's own write (a reader starts cold).
    p.queue().enqueue_planned(|tx| {
        let section = match unit {
            Unit::Section(id) => id.clone(),
            Unit::Sentence(id) => sentences::get(tx, id)?.section_id,
        };
        let rows = project_rows_in(tx, project)?;
        let loaded = sections::get_with_sentences(tx, &section)?;
        // A step that failed for good stays failed until the user asks again (`generate`,
        // "retry"): its neighbours finishing must not queue it (and pay the LLM) over and over.
        let failed = unresolved_failures_in(tx, project)?;
        Ok(plan::plan_section(&rows.inputs(), &loaded, &scope)
            .iter()
            .filter(|s| s.ready)
            .filter(|s| {
                !failed
                    .iter()
                    .any(|f| f.kind == s.kind && f.target() == s.target)
            })
            .map(|s| job_for(s, project, stages))
            .collect())
    })?;
    Ok(())
}

/// Sets the project's status from its jobs and rows: scripting or generating while jobs
/// are active; failed when a job failed and nothing made it good since; complete when
/// nothing is stale; draft otherwise. Exported stays until the next change.
pub fn settle(p: &Pipeline, project: &ProjectId) -> Result<ProjectStatus, AppError> {
    let (active, scripting) = p.queue().active_for_project(project)?;
    let status = if scripting > 0 {
        ProjectStatus::Scripting
    } else if active > 0 {
        ProjectStatus::Generating
    } else if !p.queue().unresolved_failures(project)?.is_empty() {
        ProjectStatus::Failed
    } else {
        let rows = p.project_rows(project).map_err(handler_to_app)?;
        let tree = p.store().read(|c| projects::load_tree(c, project))?;
        let stale =
            !plan::plan_project(&rows.inputs(), &tree.sections, &Scope::default()).is_empty();
        let empty = tree.sentences().next().is_none();
        match (empty, stale, rows.project.status) {
            (true, _, _) => ProjectStatus::Draft,
            (false, false, ProjectStatus::Exported) => ProjectStatus::Exported,
            (false, false, _) => ProjectStatus::Complete,
            (false, true, _) => ProjectStatus::Draft,
        }
    };
    p.store()
        .write(|tx| projects::set_status(tx, project, status))?;
    Ok(status)
}

fn handler_to_app(e: HandlerError) -> AppError {
    AppError::new(ErrorCode::Internal, e.message)
}

/// Queues the outline alone (from the topic), for the user to review before the script is
/// written: its job does not go on to the script.
pub fn outline_only(p: &Pipeline, project: &ProjectId) -> Result<Generated, AppError> {
    let rows = p.project_rows(project).map_err(handler_to_app)?;
    if rows
        .project
        .topic
        .as_deref()
        .is_none_or(|t| t.trim().is_empty())
    {
        return Err(AppError::invalid(format!(
            "Project \"{}\" has no topic to plan an outline from: set one with `videogen set \"{}\" --topic …`.",
            rows.project.name, rows.project.name
        )));
    }
    let payload = serde_json::to_value(GenPayload {
        stages: None,
        outline_only: true,
    })
    .unwrap_or_default();
    let mut job = NewJob::new(JobKind::ScriptOutline, JobTarget::Project(project.clone()))
        .payload(payload)
        .resource("llm");
    job.project_id = Some(project.clone());
    p.queue().enqueue(job)?;
    settle(p, project)?;
    Ok(Generated {
        queued: vec![(JobKind::ScriptOutline, 1)],
        ..Generated::default()
    })
}

//! What to queue, and the insert that keeps one active job per kind and target.

use rusqlite::{params, OptionalExtension};
use videogen_model::{ChangeOp, Entity, Job, JobKind, JobTarget, OutlineId, ProjectId};
use videogen_store::repo::{sections, sentences};
use videogen_store::{StoreError, WriteTx};

use crate::rows;

/// Attempts a job gets unless it asks otherwise (DESIGN.md, Jobs).
pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;

/// A job to queue.
#[derive(Clone, Debug)]
pub struct NewJob {
    /// What it does.
    pub kind: JobKind,
    /// What it works on; one active job per (kind, target).
    pub target: JobTarget,
    /// Its project; looked up from the target when not given.
    pub project_id: Option<ProjectId>,
    /// The outline it works on, for script jobs.
    pub outline_id: Option<OutlineId>,
    /// The handler's input.
    pub payload: serde_json::Value,
    /// Attempts allowed (at least 1).
    pub max_attempts: u32,
    /// Number of steps, when the handler knows it up front.
    pub total_steps: Option<u32>,
    /// The service endpoint group it needs (see [`crate::RunnerConfig::resources`]).
    pub resource: Option<String>,
}

impl NewJob {
    /// A job of `kind` on `target` with an empty payload and the default attempts.
    pub fn new(kind: JobKind, target: JobTarget) -> Self {
        NewJob {
            kind,
            target,
            project_id: None,
            outline_id: None,
            payload: serde_json::Value::Object(Default::default()),
            max_attempts: DEFAULT_MAX_ATTEMPTS,
            total_steps: None,
            resource: None,
        }
    }

    /// Sets the payload.
    pub fn payload(mut self, payload: serde_json::Value) -> Self {
        self.payload = payload;
        self
    }

    /// Sets the attempts allowed.
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Sets the outline.
    pub fn outline(mut self, outline: OutlineId) -> Self {
        self.outline_id = Some(outline);
        self
    }

    /// Sets the resource it needs.
    pub fn resource(mut self, resource: impl Into<String>) -> Self {
        self.resource = Some(resource.into());
        self
    }

    /// Sets the number of steps.
    pub fn total_steps(mut self, steps: u32) -> Self {
        self.total_steps = Some(steps);
        self
    }
}

/// What [`Queue::enqueue`] did.
#[derive(Clone, Debug, PartialEq)]
pub struct Enqueued {
    /// The new job, or the active one that already had this kind and target.
    pub job: Job,
    /// Whether a new job was queued.
    pub created: bool,
}

/// Inserts one job, or finds the active one with the same kind and target.
pub(crate) fn insert(tx: &mut WriteTx<'_>, new: &NewJob, now: i64) -> Result<Enqueued, StoreError> {
    let key = rows::unique_key(&new.target);
    if let Some(key) = &key {
        let existing: Option<String> = tx
            .prepare_cached(
                "SELECT id FROM generation_jobs WHERE job_type = ?1 AND unique_key = ?2
                 AND status IN ('queued', 'running')",
            )?
            .query_row(params![new.kind.as_str(), key], |r| r.get(0))
            .optional()?;
        if let Some(id) = existing {
            return Ok(Enqueued {
                job: rows::get(tx, &id)?,
                created: false,
            });
        }
    }
    let project = match &new.project_id {
        Some(p) => Some(p.clone()),
        None => project_of(tx, &new.target)?,
    };
    let (section, sentence) = match &new.target {
        JobTarget::Section(id) => (Some(id.as_str()), None),
        JobTarget::Sentence(id) => (None, Some(id.as_str())),
        _ => (None, None),
    };
    let id = videogen_store::new_id();
    let payload = serde_json::to_string(&new.payload)
        .map_err(|e| StoreError::Invalid(format!("The job's payload cannot be stored: {e}")))?;
    tx.prepare_cached(
        "INSERT INTO generation_jobs (id, job_type, status, project_id, section_id, sentence_id,
            outline_id, total_steps, max_attempts, unique_key, payload, created_at, resource)
         VALUES (?1, ?2, 'queued', ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        id,
        new.kind.as_str(),
        project.as_ref().map(|p| p.as_str()),
        section,
        sentence,
        new.outline_id.as_ref().map(|o| o.as_str()),
        new.total_steps,
        new.max_attempts.max(1),
        key,
        payload,
        now,
        new.resource
    ])?;
    tx.record(Entity::Job, id.as_str(), project.as_ref(), ChangeOp::Insert);
    Ok(Enqueued {
        job: rows::get(tx, &id)?,
        created: true,
    })
}

/// The project a target belongs to; not-found when the section or sentence is gone.
fn project_of(tx: &WriteTx<'_>, target: &JobTarget) -> Result<Option<ProjectId>, StoreError> {
    match target {
        JobTarget::Project(p) => Ok(Some(p.clone())),
        JobTarget::None => Ok(None),
        JobTarget::Section(id) => sections::project_of(tx, id).map(Some),
        JobTarget::Sentence(id) => sentences::project_of(tx, id).map(Some),
    }
}

//! Domain events: what changed, told to whoever listens (the window, the tray, the CLI).

use serde::{Deserialize, Serialize};

use crate::{Job, JobCounts, JobId, JobKind, ProjectId, SectionId, SentenceId, WordTiming};

/// The kinds of stored thing a change can be about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Entity {
    /// A project row (or its cast).
    Project,
    /// A section.
    Section,
    /// A sentence.
    Sentence,
    /// A character.
    Character,
    /// A generation model.
    GenerationModel,
    /// A visual style.
    VisualStyle,
    /// A script outline.
    Outline,
    /// A setting.
    Setting,
    /// A job.
    Job,
}

impl Entity {
    /// The text stored in the `changes` table.
    pub fn as_str(self) -> &'static str {
        match self {
            Entity::Project => "project",
            Entity::Section => "section",
            Entity::Sentence => "sentence",
            Entity::Character => "character",
            Entity::GenerationModel => "generation_model",
            Entity::VisualStyle => "visual_style",
            Entity::Outline => "outline",
            Entity::Setting => "setting",
            Entity::Job => "job",
        }
    }

    /// Parses the stored text.
    pub fn parse(text: &str) -> Option<Self> {
        [
            Entity::Project,
            Entity::Section,
            Entity::Sentence,
            Entity::Character,
            Entity::GenerationModel,
            Entity::VisualStyle,
            Entity::Outline,
            Entity::Setting,
            Entity::Job,
        ]
        .into_iter()
        .find(|e| e.as_str() == text)
    }
}

/// What happened to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ChangeOp {
    /// Created.
    Insert,
    /// Changed.
    Update,
    /// Removed.
    Delete,
}

impl ChangeOp {
    /// The text stored in the `changes` table.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeOp::Insert => "insert",
            ChangeOp::Update => "update",
            ChangeOp::Delete => "delete",
        }
    }

    /// Parses the stored text.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "insert" => Some(ChangeOp::Insert),
            "update" => Some(ChangeOp::Update),
            "delete" => Some(ChangeOp::Delete),
            _ => None,
        }
    }
}

/// One committed change to the store, as recorded in the `changes` table.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Change {
    /// What kind of thing.
    pub entity: Entity,
    /// Its id.
    pub id: String,
    /// The project it belongs to, where it belongs to one.
    pub project_id: Option<ProjectId>,
    /// What happened.
    pub op: ChangeOp,
}

/// Progress of a running job (seed ProgressEvent).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct JobProgress {
    /// The job.
    pub job_id: JobId,
    /// Its kind.
    pub kind: JobKind,
    /// Its project.
    pub project_id: Option<ProjectId>,
    /// Fraction done, 0..=1.
    pub progress: f64,
    /// A line for a person.
    pub message: Option<String>,
    /// Current step of a multi-step job.
    pub step_name: Option<String>,
    /// Index of the current step, from 1.
    pub current_step: Option<u32>,
    /// Number of steps.
    pub total_steps: Option<u32>,
}

/// What a finished job produced (seed JobCompleteEvent).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct JobResult {
    /// The file made.
    pub file: Option<String>,
    /// Its length, ms.
    pub duration_ms: Option<i64>,
    /// Word timings of a narration.
    pub word_timings: Option<Vec<WordTiming>>,
}

/// Who runs this data directory's jobs, as the window and the tray show it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RunnerStatus {
    /// This process runs the jobs (it holds the runner lock).
    pub running_here: bool,
    /// Another process (`videogen worker`) holds the runner lock; this one takes over when
    /// it ends.
    pub held_elsewhere: bool,
    /// The whole queue is paused.
    pub paused: bool,
    /// Jobs running now (in this process).
    pub running: u32,
    /// Services whose jobs are held back because the service is down ("ComfyUI"), sorted.
    pub waiting_for: Vec<String>,
}

/// Something that happened, for whoever listens.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum DomainEvent {
    /// Stored things changed (after the commit).
    Changed {
        /// The changes, in commit order.
        changes: Vec<Change>,
    },
    /// A job was queued.
    JobQueued {
        /// The job.
        job: Job,
    },
    /// A job started an attempt.
    JobStarted {
        /// The job.
        job: Job,
    },
    /// A running job made progress (coalesced).
    JobProgress(JobProgress),
    /// A job finished well.
    JobSucceeded {
        /// The job.
        job: Job,
        /// The sentence it worked on.
        sentence_id: Option<SentenceId>,
        /// The section it worked on.
        section_id: Option<SectionId>,
        /// What it produced.
        result: JobResult,
    },
    /// A job used up its attempts.
    JobFailed {
        /// The job.
        job: Job,
        /// Why.
        error: String,
    },
    /// A job was cancelled.
    JobCancelled {
        /// The job.
        job: Job,
    },
    /// Who runs the jobs changed, or a service went down or came back.
    Runner(RunnerStatus),
    /// Job counts changed (for the tray and the status bar).
    JobCounts {
        /// The counts.
        counts: JobCounts,
        /// The queue is paused.
        paused: bool,
    },
}

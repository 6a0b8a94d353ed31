//! Background jobs as the UI and the CLI see them.

use serde::{Deserialize, Serialize};

use crate::{JobId, OutlineId, ProjectId, SectionId, SentenceId};

/// What a job does. The text form (`script.outline`, `image`, …) is what the database and
/// the CLI use.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, specta::Type,
)]
pub enum JobKind {
    /// Plan a long script's outline.
    #[serde(rename = "script.outline")]
    ScriptOutline,
    /// Write a short script in one call.
    #[serde(rename = "script.short")]
    ScriptShort,
    /// Write a long script section by section from its outline.
    #[serde(rename = "script.long")]
    ScriptLong,
    /// Write image prompts.
    #[serde(rename = "prompts.image")]
    PromptsImage,
    /// Write video prompts.
    #[serde(rename = "prompts.video")]
    PromptsVideo,
    /// Voice one sentence.
    #[serde(rename = "audio.sentence")]
    AudioSentence,
    /// Voice a whole section in one take.
    #[serde(rename = "audio.section")]
    AudioSection,
    /// Get word timings and sentence bounds from Whisper.
    #[serde(rename = "audio.align")]
    AudioAlign,
    /// Render a sentence's image.
    #[serde(rename = "image")]
    Image,
    /// Render a sentence's clip.
    #[serde(rename = "video")]
    Video,
    /// Conform a clip or narration to the timeline's format.
    #[serde(rename = "video.conform")]
    VideoConform,
    /// Export a project.
    #[serde(rename = "export")]
    Export,
    /// Render the whole storyboard (or a section) to one MP4.
    #[serde(rename = "roughcut")]
    Roughcut,
    /// A job for tests of the runner; never shown to users.
    #[serde(rename = "diagnostic")]
    Diagnostic,
}

impl JobKind {
    /// Every kind.
    pub const ALL: [JobKind; 14] = [
        JobKind::ScriptOutline,
        JobKind::ScriptShort,
        JobKind::ScriptLong,
        JobKind::PromptsImage,
        JobKind::PromptsVideo,
        JobKind::AudioSentence,
        JobKind::AudioSection,
        JobKind::AudioAlign,
        JobKind::Image,
        JobKind::Video,
        JobKind::VideoConform,
        JobKind::Export,
        JobKind::Roughcut,
        JobKind::Diagnostic,
    ];

    /// The text stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            JobKind::ScriptOutline => "script.outline",
            JobKind::ScriptShort => "script.short",
            JobKind::ScriptLong => "script.long",
            JobKind::PromptsImage => "prompts.image",
            JobKind::PromptsVideo => "prompts.video",
            JobKind::AudioSentence => "audio.sentence",
            JobKind::AudioSection => "audio.section",
            JobKind::AudioAlign => "audio.align",
            JobKind::Image => "image",
            JobKind::Video => "video",
            JobKind::VideoConform => "video.conform",
            JobKind::Export => "export",
            JobKind::Roughcut => "roughcut",
            JobKind::Diagnostic => "diagnostic",
        }
    }

    /// Parses the stored text.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }

    /// Default number of jobs of this kind that may run at once (DESIGN.md, Jobs): script,
    /// prompts, export, conform and rough cut one at a time; the kinds that wait on a
    /// service follow its endpoints' limits (a kind's limit may only lower those).
    pub fn default_concurrency(self) -> u32 {
        match self {
            JobKind::AudioSentence
            | JobKind::AudioSection
            | JobKind::AudioAlign
            | JobKind::Image
            | JobKind::Video => 64,
            JobKind::Diagnostic => 4,
            _ => 1,
        }
    }
}

impl std::fmt::Display for JobKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a job stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum JobState {
    /// Waiting to run (perhaps until `run_after`).
    Queued,
    /// A runner is working on it.
    Running,
    /// Finished well.
    Succeeded,
    /// Used up its attempts; `error` says why.
    Failed,
    /// Cancelled by the user.
    Cancelled,
}

impl JobState {
    /// Every state.
    pub const ALL: [JobState; 5] = [
        JobState::Queued,
        JobState::Running,
        JobState::Succeeded,
        JobState::Failed,
        JobState::Cancelled,
    ];

    /// The text stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            JobState::Queued => "queued",
            JobState::Running => "running",
            JobState::Succeeded => "succeeded",
            JobState::Failed => "failed",
            JobState::Cancelled => "cancelled",
        }
    }

    /// Parses the stored text.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// Whether the job is still to run or running.
    pub fn is_active(self) -> bool {
        matches!(self, JobState::Queued | JobState::Running)
    }
}

impl std::fmt::Display for JobState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a job works on.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(tag = "type", content = "id", rename_all = "snake_case")]
pub enum JobTarget {
    /// A whole project.
    Project(ProjectId),
    /// One section.
    Section(SectionId),
    /// One sentence.
    Sentence(SentenceId),
    /// Nothing in the store (diagnostic jobs).
    None,
}

/// A job as listed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Job {
    /// Its id.
    pub id: JobId,
    /// What it does.
    pub kind: JobKind,
    /// Where it stands.
    pub state: JobState,
    /// The project it belongs to.
    pub project_id: Option<ProjectId>,
    /// The section it works on.
    pub section_id: Option<SectionId>,
    /// The sentence it works on.
    pub sentence_id: Option<SentenceId>,
    /// The outline it works on.
    pub outline_id: Option<OutlineId>,
    /// Progress, 0..=1.
    pub progress: f64,
    /// Name of the current step.
    pub step_name: Option<String>,
    /// Attempts made so far.
    pub attempt: u32,
    /// Attempts allowed.
    pub max_attempts: u32,
    /// The last error, for a failed job or one waiting to retry.
    pub error: Option<String>,
    /// The file it produced.
    pub result_file: Option<String>,
    /// The service endpoint group it needs (`comfyui`, `tts:chatterbox`, `whisper`, …);
    /// limits and "waiting for …" are per resource.
    pub resource: Option<String>,
    /// Queued at, ms since the Unix epoch.
    pub created_at: i64,
    /// Started at (last attempt).
    pub started_at: Option<i64>,
    /// Finished at.
    pub completed_at: Option<i64>,
}

impl Job {
    /// What it works on, from its sentence, section or project (the most specific).
    pub fn target(&self) -> JobTarget {
        if let Some(s) = &self.sentence_id {
            JobTarget::Sentence(s.clone())
        } else if let Some(s) = &self.section_id {
            JobTarget::Section(s.clone())
        } else if let Some(p) = &self.project_id {
            JobTarget::Project(p.clone())
        } else {
            JobTarget::None
        }
    }
}

/// Number of jobs in each state.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct JobCounts {
    /// Waiting to run.
    pub queued: u32,
    /// Running.
    pub running: u32,
    /// Finished well.
    pub succeeded: u32,
    /// Failed.
    pub failed: u32,
    /// Cancelled.
    pub cancelled: u32,
}

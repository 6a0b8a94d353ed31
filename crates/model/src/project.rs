//! Projects: the container of one video.

use serde::{Deserialize, Serialize};

use crate::{CharacterId, GenerationModelId, ProjectId, Section, StyleId};

/// Where a project stands in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ProjectStatus {
    /// Being written or edited; nothing generated yet.
    Draft,
    /// Generation is under way.
    Generating,
    /// Every asset is generated and clean.
    Complete,
    /// Exported at least once.
    Exported,
}

impl ProjectStatus {
    /// Every status, in the order the database CHECK lists them.
    pub const ALL: [ProjectStatus; 4] = [
        ProjectStatus::Draft,
        ProjectStatus::Generating,
        ProjectStatus::Complete,
        ProjectStatus::Exported,
    ];

    /// The text stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            ProjectStatus::Draft => "draft",
            ProjectStatus::Generating => "generating",
            ProjectStatus::Complete => "complete",
            ProjectStatus::Exported => "exported",
        }
    }

    /// Parses the stored text.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

/// A project as listed and edited (without its script).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Project {
    /// Its id.
    pub id: ProjectId,
    /// Name shown on the dashboard; never empty.
    pub name: String,
    /// What the video is about (the LLM's brief).
    pub topic: Option<String>,
    /// Target length in minutes.
    pub target_duration_min: u32,
    /// Legacy free-text style name (kept from the seed for old data).
    pub visual_style: String,
    /// TTS voice; `None` means the TTS server's first voice.
    pub voice_id: Option<String>,
    /// Image model.
    pub model_id: Option<GenerationModelId>,
    /// Image-to-video model.
    pub video_model_id: Option<GenerationModelId>,
    /// Visual style.
    pub style_id: Option<StyleId>,
    /// Where the project stands.
    pub status: ProjectStatus,
    /// Frame width in pixels.
    pub width: u32,
    /// Frame height in pixels.
    pub height: u32,
    /// Frame rate numerator (24 for 24 fps, 24000 for 23.976).
    pub fps_num: u32,
    /// Frame rate denominator (1, or 1001 for NTSC rates).
    pub fps_den: u32,
    /// LLM tokens spent on this project.
    pub llm_usage: TokenUsage,
    /// Characters cast in this project.
    pub cast: Vec<CharacterId>,
    /// Creation time, ms since the Unix epoch.
    pub created_at: i64,
    /// Last change, ms since the Unix epoch.
    pub updated_at: i64,
}

/// LLM token counts, summed per project so cost can be shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TokenUsage {
    /// Prompt tokens.
    pub prompt_tokens: u32,
    /// Completion tokens.
    pub completion_tokens: u32,
    /// Prompt tokens served from the provider's cache.
    pub cache_hit_tokens: u32,
    /// Prompt tokens not served from the cache.
    pub cache_miss_tokens: u32,
}

/// One row of the project list, with counts for the dashboard.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ProjectSummary {
    /// Its id.
    pub id: ProjectId,
    /// Its name.
    pub name: String,
    /// Where it stands.
    pub status: ProjectStatus,
    /// Number of sections.
    pub section_count: u32,
    /// Number of sentences.
    pub sentence_count: u32,
    /// Sentences with any dirty asset.
    pub dirty_sentence_count: u32,
    /// Narration length so far, ms.
    pub audio_duration_ms: i64,
    /// Last change, ms since the Unix epoch.
    pub updated_at: i64,
}

/// A new project.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NewProject {
    /// Name; must not be empty.
    pub name: String,
    /// What it is about.
    pub topic: Option<String>,
    /// Target length in minutes (default 8).
    pub target_duration_min: Option<u32>,
}

/// A change to a project's settings; `None` leaves a field as it is. Fields that hold an
/// optional value take `Some(None)` to clear it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ProjectPatch {
    /// New name.
    pub name: Option<String>,
    /// New topic.
    pub topic: Option<Option<String>>,
    /// New target length.
    pub target_duration_min: Option<u32>,
    /// New voice (makes all narration dirty).
    pub voice_id: Option<Option<String>>,
    /// New image model (makes all images and clips dirty).
    pub model_id: Option<Option<GenerationModelId>>,
    /// New video model (makes all clips dirty).
    pub video_model_id: Option<Option<GenerationModelId>>,
    /// New style (makes all images and clips dirty).
    pub style_id: Option<Option<StyleId>>,
    /// New status.
    pub status: Option<ProjectStatus>,
    /// New frame size.
    pub size: Option<(u32, u32)>,
    /// New frame rate as (numerator, denominator).
    pub fps: Option<(u32, u32)>,
}

/// A project with its whole script: sections in order, each with its sentences in order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ProjectTree {
    /// The project.
    pub project: Project,
    /// Its sections, in order.
    pub sections: Vec<Section>,
}

impl ProjectTree {
    /// Every sentence in story order.
    pub fn sentences(&self) -> impl Iterator<Item = &crate::Sentence> {
        self.sections.iter().flat_map(|s| s.sentences.iter())
    }
}

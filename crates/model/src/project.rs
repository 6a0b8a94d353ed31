//! Projects: the container of one video.

use serde::{Deserialize, Serialize};

use crate::{CharacterId, FrameRate, FrameSize, GenerationModelId, ProjectId, Section, StyleId};

/// Where a project stands in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ProjectStatus {
    /// Being written or edited; nothing generated yet, or edits wait to be generated.
    Draft,
    /// The LLM is writing the outline or the script.
    Scripting,
    /// Generation is under way.
    Generating,
    /// Every asset is generated and clean.
    Complete,
    /// Generation stopped with failed jobs; the Jobs screen says why.
    Failed,
    /// Exported since the last change.
    Exported,
}

impl ProjectStatus {
    /// Every status, in the order the database CHECK lists them.
    pub const ALL: [ProjectStatus; 6] = [
        ProjectStatus::Draft,
        ProjectStatus::Scripting,
        ProjectStatus::Generating,
        ProjectStatus::Complete,
        ProjectStatus::Failed,
        ProjectStatus::Exported,
    ];

    /// The text stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            ProjectStatus::Draft => "draft",
            ProjectStatus::Scripting => "scripting",
            ProjectStatus::Generating => "generating",
            ProjectStatus::Complete => "complete",
            ProjectStatus::Failed => "failed",
            ProjectStatus::Exported => "exported",
        }
    }

    /// Parses the stored text.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

/// How a project's narration is voiced (never both).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum NarrationMode {
    /// One TTS call per sentence.
    Sentence,
    /// One TTS call per section, split into sentences by alignment.
    Section,
}

impl NarrationMode {
    /// The text stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            NarrationMode::Sentence => "sentence",
            NarrationMode::Section => "section",
        }
    }

    /// Parses the stored text (also what the CLI accepts).
    pub fn parse(text: &str) -> Option<Self> {
        [NarrationMode::Sentence, NarrationMode::Section]
            .into_iter()
            .find(|m| m.as_str() == text.trim())
    }
}

/// Which TTS engine voices a project.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum TtsEngine {
    /// A Chatterbox TTS server (its native or OpenAI-compatible API).
    Chatterbox,
    /// The offline draft voice (Piper), run by the studio itself.
    Piper,
}

impl TtsEngine {
    /// The text stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            TtsEngine::Chatterbox => "chatterbox",
            TtsEngine::Piper => "piper",
        }
    }

    /// Parses the stored text (also what the CLI accepts; `draft` means Piper).
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim() {
            "chatterbox" => Some(TtsEngine::Chatterbox),
            "piper" | "draft" => Some(TtsEngine::Piper),
            _ => None,
        }
    }
}

/// Voice settings passed to the TTS engine; `None` leaves the engine's default.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TtsSettings {
    /// Sampling temperature (Chatterbox).
    pub temperature: Option<f32>,
    /// Emotion exaggeration, 0..2 (Chatterbox).
    pub exaggeration: Option<f32>,
    /// Classifier-free guidance weight (Chatterbox).
    pub cfg_weight: Option<f32>,
    /// Seed, for a reproducible voice (Chatterbox).
    pub seed: Option<u32>,
    /// Speaking speed factor, 1 = normal.
    pub speed: Option<f32>,
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
    /// US dollars spent on the LLM for this project, at the prices in force at each call.
    pub llm_cost_usd: f64,
    /// LLM jobs stop before this many dollars would be passed; `None`: no cap.
    pub llm_spend_cap_usd: Option<f64>,
    /// Per sentence or per section narration.
    pub narration_mode: NarrationMode,
    /// Which TTS engine voices it.
    pub tts_engine: TtsEngine,
    /// Voice settings for the engine.
    pub tts_settings: TtsSettings,
    /// Language of the script and narration (BCP 47, e.g. `en`).
    pub language: String,
    /// Silence after each sentence on the timeline (per-sentence narration), ms.
    pub sentence_pause_ms: u32,
    /// Notes and facts the script must use (FR-105); no web search is done.
    pub source_notes: Option<String>,
    /// Characters cast in this project.
    pub cast: Vec<CharacterId>,
    /// Creation time, ms since the Unix epoch.
    pub created_at: i64,
    /// Last change, ms since the Unix epoch.
    pub updated_at: i64,
}

impl Project {
    /// The project's frame rate (the store only keeps supported rates).
    pub fn frame_rate(&self) -> FrameRate {
        FrameRate::new(self.fps_num, self.fps_den)
    }

    /// The project's frame size (the store only keeps usable sizes).
    pub fn frame_size(&self) -> FrameSize {
        FrameSize::new(self.width, self.height)
    }
}

/// LLM token counts of one call or summed over many (a project's running totals). The
/// cache fields are filled only by providers that report them (DeepSeek).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TokenUsage {
    /// Input tokens.
    pub prompt_tokens: u32,
    /// Output tokens (reasoning included).
    pub completion_tokens: u32,
    /// Input tokens served from the provider's cache.
    pub cache_hit_tokens: u32,
    /// Input tokens not served from the cache.
    pub cache_miss_tokens: u32,
    /// LLM calls summed here.
    pub calls: u32,
}

impl TokenUsage {
    /// Adds another call's (or total's) usage, saturating.
    pub fn add(&mut self, other: &TokenUsage) {
        self.prompt_tokens = self.prompt_tokens.saturating_add(other.prompt_tokens);
        self.completion_tokens = self
            .completion_tokens
            .saturating_add(other.completion_tokens);
        self.cache_hit_tokens = self.cache_hit_tokens.saturating_add(other.cache_hit_tokens);
        self.cache_miss_tokens = self
            .cache_miss_tokens
            .saturating_add(other.cache_miss_tokens);
        self.calls = self.calls.saturating_add(other.calls);
    }
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
    #[serde(default)]
    pub name: Option<String>,
    /// New topic.
    #[serde(default, deserialize_with = "crate::patch::nullable")]
    pub topic: Option<Option<String>>,
    /// New target length.
    #[serde(default)]
    pub target_duration_min: Option<u32>,
    /// New voice (makes all narration dirty).
    #[serde(default, deserialize_with = "crate::patch::nullable")]
    pub voice_id: Option<Option<String>>,
    /// New image model (makes all images and clips dirty).
    #[serde(default, deserialize_with = "crate::patch::nullable")]
    pub model_id: Option<Option<GenerationModelId>>,
    /// New video model (makes all clips dirty).
    #[serde(default, deserialize_with = "crate::patch::nullable")]
    pub video_model_id: Option<Option<GenerationModelId>>,
    /// New style (makes all images and clips dirty).
    #[serde(default, deserialize_with = "crate::patch::nullable")]
    pub style_id: Option<Option<StyleId>>,
    /// New status.
    #[serde(default)]
    pub status: Option<ProjectStatus>,
    /// New frame size.
    #[serde(default)]
    pub size: Option<FrameSize>,
    /// New frame rate.
    #[serde(default)]
    pub fps: Option<FrameRate>,
    /// New narration mode (makes all narration dirty).
    #[serde(default)]
    pub narration_mode: Option<NarrationMode>,
    /// New TTS engine (makes all narration dirty).
    #[serde(default)]
    pub tts_engine: Option<TtsEngine>,
    /// New voice settings (makes all narration dirty).
    #[serde(default)]
    pub tts_settings: Option<TtsSettings>,
    /// New language.
    #[serde(default)]
    pub language: Option<String>,
    /// New pause after each sentence, ms (0..=10000).
    #[serde(default)]
    pub sentence_pause_ms: Option<u32>,
    /// New LLM spending cap in US dollars (`Some(None)` removes it).
    #[serde(default, deserialize_with = "crate::patch::nullable")]
    pub llm_spend_cap_usd: Option<Option<f64>>,
    /// New source notes.
    #[serde(default, deserialize_with = "crate::patch::nullable")]
    pub source_notes: Option<Option<String>>,
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

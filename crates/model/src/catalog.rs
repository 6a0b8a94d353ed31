//! The catalog: generation models (ComfyUI workflow templates with defaults) and visual
//! styles (prompt prefixes or LoRAs), edited in the Style builder.

use serde::{Deserialize, Serialize};

use crate::{GenerationModelId, OutlineId, ProjectId, StyleId};

/// Whether a model makes images or clips.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum WorkflowCategory {
    /// Makes still images.
    Image,
    /// Makes clips.
    Video,
}

impl WorkflowCategory {
    /// The text stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            WorkflowCategory::Image => "image",
            WorkflowCategory::Video => "video",
        }
    }

    /// Parses the stored text.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "image" => Some(WorkflowCategory::Image),
            "video" => Some(WorkflowCategory::Video),
            _ => None,
        }
    }
}

/// What a workflow takes and gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "kebab-case")]
pub enum WorkflowType {
    /// Prompt to image.
    TextToImage,
    /// Image and prompt to image.
    ImageToImage,
    /// Image and prompt to clip.
    ImageToVideo,
}

impl WorkflowType {
    /// The text stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            WorkflowType::TextToImage => "text-to-image",
            WorkflowType::ImageToImage => "image-to-image",
            WorkflowType::ImageToVideo => "image-to-video",
        }
    }

    /// Parses the stored text.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "text-to-image" => Some(WorkflowType::TextToImage),
            "image-to-image" => Some(WorkflowType::ImageToImage),
            "image-to-video" => Some(WorkflowType::ImageToVideo),
            _ => None,
        }
    }
}

/// Which engine renders with a model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "kebab-case")]
pub enum ModelBackend {
    /// A ComfyUI workflow template.
    Comfyui,
    /// A title card rendered by the studio (image models; no GPU).
    TitleCard,
    /// A Ken Burns move over the image rendered with ffmpeg (video models; no GPU).
    KenBurns,
}

impl ModelBackend {
    /// The text stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            ModelBackend::Comfyui => "comfyui",
            ModelBackend::TitleCard => "title-card",
            ModelBackend::KenBurns => "ken-burns",
        }
    }

    /// Parses the stored text.
    pub fn parse(text: &str) -> Option<Self> {
        [
            ModelBackend::Comfyui,
            ModelBackend::TitleCard,
            ModelBackend::KenBurns,
        ]
        .into_iter()
        .find(|b| b.as_str() == text)
    }
}

/// Colours of a style, as `#rrggbb`; title cards are set in them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StyleColours {
    /// Background.
    pub background: Option<String>,
    /// Text.
    pub text: Option<String>,
    /// Accent (rules, highlights).
    pub accent: Option<String>,
}

/// A generation model: a workflow template and its defaults (NFR-008/009).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct GenerationModel {
    /// Its id.
    pub id: GenerationModelId,
    /// Name shown in the Style builder.
    pub name: String,
    /// Description.
    pub description: Option<String>,
    /// Template name, e.g. `image/flux-2` (user templates first, then built-ins).
    pub workflow_file: String,
    /// Image or video.
    pub workflow_category: WorkflowCategory,
    /// What it takes and gives.
    pub workflow_type: WorkflowType,
    /// Default sampler steps.
    pub default_steps: Option<u32>,
    /// Default CFG scale.
    pub default_cfg: Option<f64>,
    /// Default frame count (video models).
    pub default_frames: Option<u32>,
    /// Default frame rate (video models).
    pub default_fps: Option<u32>,
    /// The engine that renders: a ComfyUI template, or a built-in offline renderer.
    #[serde(default = "default_backend")]
    pub backend: ModelBackend,
    /// Clip frame counts are `step·n + 1` (WAN 4, LTX 8); `None`: any count.
    #[serde(default)]
    pub frame_step: Option<u32>,
    /// The most frames one clip may have; the export holds the last frame beyond it.
    #[serde(default)]
    pub max_frames: Option<u32>,
    /// Offered to projects.
    pub is_active: bool,
    /// Creation time, ms since the Unix epoch.
    pub created_at: i64,
}

/// A new generation model, or a whole replacement of one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct GenerationModelInput {
    /// Name; must not be empty.
    pub name: String,
    /// Description.
    pub description: Option<String>,
    /// Template name, e.g. `image/flux-2`.
    pub workflow_file: String,
    /// Image or video.
    pub workflow_category: WorkflowCategory,
    /// What it takes and gives.
    pub workflow_type: WorkflowType,
    /// Default sampler steps.
    pub default_steps: Option<u32>,
    /// Default CFG scale.
    pub default_cfg: Option<f64>,
    /// Default frame count.
    pub default_frames: Option<u32>,
    /// Default frame rate.
    pub default_fps: Option<u32>,
    /// The engine that renders: a ComfyUI template, or a built-in offline renderer.
    #[serde(default = "default_backend")]
    pub backend: ModelBackend,
    /// Clip frame counts are `step·n + 1` (WAN 4, LTX 8); `None`: any count.
    #[serde(default)]
    pub frame_step: Option<u32>,
    /// The most frames one clip may have; the export holds the last frame beyond it.
    #[serde(default)]
    pub max_frames: Option<u32>,
    /// Offered to projects.
    pub is_active: bool,
}

fn default_backend() -> ModelBackend {
    ModelBackend::Comfyui
}

/// How a style changes generation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum StyleType {
    /// A prompt prefix.
    Prompt,
    /// A LoRA applied in the workflow (with an optional prefix too).
    Lora,
}

impl StyleType {
    /// The text stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            StyleType::Prompt => "prompt",
            StyleType::Lora => "lora",
        }
    }

    /// Parses the stored text.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "prompt" => Some(StyleType::Prompt),
            "lora" => Some(StyleType::Lora),
            _ => None,
        }
    }
}

/// A visual style (FR-107).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct VisualStyle {
    /// Its id.
    pub id: StyleId,
    /// Name.
    pub name: String,
    /// Description.
    pub description: Option<String>,
    /// Prompt prefix or LoRA.
    pub style_type: StyleType,
    /// Text put before every image prompt.
    pub prompt_prefix: Option<String>,
    /// Text put in every negative prompt.
    #[serde(default)]
    pub negative_prompt: Option<String>,
    /// Colours (title cards).
    #[serde(default)]
    pub colours: StyleColours,
    /// LoRA file name.
    pub lora_file: Option<String>,
    /// LoRA strength.
    pub lora_strength: f64,
    /// Model ids this style suits (empty: all).
    pub compatible_models: Vec<GenerationModelId>,
    /// Needs a character reference image.
    pub requires_character_ref: bool,
    /// Offered to projects.
    pub is_active: bool,
    /// Creation time, ms since the Unix epoch.
    pub created_at: i64,
}

/// A new visual style, or a whole replacement of one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct VisualStyleInput {
    /// Name; must not be empty.
    pub name: String,
    /// Description.
    pub description: Option<String>,
    /// Prompt prefix or LoRA.
    pub style_type: StyleType,
    /// Prompt prefix.
    pub prompt_prefix: Option<String>,
    /// Text put in every negative prompt.
    #[serde(default)]
    pub negative_prompt: Option<String>,
    /// Colours (title cards).
    #[serde(default)]
    pub colours: StyleColours,
    /// LoRA file name.
    pub lora_file: Option<String>,
    /// LoRA strength.
    pub lora_strength: f64,
    /// Compatible model ids.
    pub compatible_models: Vec<GenerationModelId>,
    /// Needs a character reference.
    pub requires_character_ref: bool,
    /// Offered to projects.
    pub is_active: bool,
}

/// One planned section of a long-form outline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SectionOutline {
    /// Planned heading.
    pub title: String,
    /// What it covers.
    pub summary: String,
    /// Planned length in minutes.
    pub target_minutes: f64,
    /// Points to make.
    pub key_points: Vec<String>,
}

/// Where an outline stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum OutlineStatus {
    /// Planned, not yet written out.
    Draft,
    /// Sections are being written.
    Generating,
    /// Every section is written.
    Complete,
    /// Writing failed.
    Failed,
}

impl OutlineStatus {
    /// The text stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            OutlineStatus::Draft => "draft",
            OutlineStatus::Generating => "generating",
            OutlineStatus::Complete => "complete",
            OutlineStatus::Failed => "failed",
        }
    }

    /// Parses the stored text.
    pub fn parse(text: &str) -> Option<Self> {
        [
            OutlineStatus::Draft,
            OutlineStatus::Generating,
            OutlineStatus::Complete,
            OutlineStatus::Failed,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
    }
}

/// A long-form script plan (seed STORY-006).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ScriptOutline {
    /// Its id.
    pub id: OutlineId,
    /// The project.
    pub project_id: ProjectId,
    /// Title.
    pub title: String,
    /// Topic it was planned from.
    pub topic: Option<String>,
    /// Target length in minutes.
    pub total_target_minutes: u32,
    /// Visual style name it was planned with.
    pub visual_style: Option<String>,
    /// Planned sections.
    pub sections: Vec<SectionOutline>,
    /// Compressed summary of what is written so far.
    pub running_summary: Option<String>,
    /// Topics already covered.
    pub covered_topics: Vec<String>,
    /// Next section to write.
    pub current_section_index: u32,
    /// Where it stands.
    pub status: OutlineStatus,
    /// Creation time, ms since the Unix epoch.
    pub created_at: i64,
    /// Last change, ms since the Unix epoch.
    pub updated_at: i64,
}

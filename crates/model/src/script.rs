//! The script: sections of sentences, each sentence with its assets and their dirty state.

use serde::{Deserialize, Serialize};

use crate::{CharacterId, ProjectId, SectionId, SentenceId};

/// A section (chapter) of a project's script.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Section {
    /// Its id.
    pub id: SectionId,
    /// The project it belongs to.
    pub project_id: ProjectId,
    /// Heading; may be empty.
    pub title: String,
    /// Position in the project, from 0.
    pub order: u32,
    /// Section-level narration (FR-803): the whole section voiced in one take.
    pub narration: SectionNarration,
    /// Its sentences, in order (empty where only the section row was read).
    pub sentences: Vec<Sentence>,
    /// Creation time, ms since the Unix epoch.
    pub created_at: i64,
}

/// The state of a section's one-take narration.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SectionNarration {
    /// The narration file, relative to the data dir.
    pub file: Option<String>,
    /// Its length in ms.
    pub duration_ms: Option<i64>,
    /// The section's texts changed since the file was made (or it was never made).
    pub dirty: bool,
    /// Current revision; a result made from an older one does not clear `dirty`.
    pub rev: i64,
}

/// Camera movement presets for a clip (FR-503).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum CameraMovement {
    /// No camera movement.
    Static,
    /// Pan to the left.
    PanLeft,
    /// Pan to the right.
    PanRight,
    /// Tilt up.
    TiltUp,
    /// Tilt down.
    TiltDown,
    /// Zoom in.
    ZoomIn,
    /// Zoom out.
    ZoomOut,
    /// Dolly (track) in.
    DollyIn,
    /// Dolly (track) out.
    DollyOut,
    /// Orbit around the subject.
    Orbit,
}

impl CameraMovement {
    /// Every preset, in the order the database CHECK lists them.
    pub const ALL: [CameraMovement; 10] = [
        CameraMovement::Static,
        CameraMovement::PanLeft,
        CameraMovement::PanRight,
        CameraMovement::TiltUp,
        CameraMovement::TiltDown,
        CameraMovement::ZoomIn,
        CameraMovement::ZoomOut,
        CameraMovement::DollyIn,
        CameraMovement::DollyOut,
        CameraMovement::Orbit,
    ];

    /// The text stored in the database and accepted by the CLI.
    pub fn as_str(self) -> &'static str {
        match self {
            CameraMovement::Static => "static",
            CameraMovement::PanLeft => "pan_left",
            CameraMovement::PanRight => "pan_right",
            CameraMovement::TiltUp => "tilt_up",
            CameraMovement::TiltDown => "tilt_down",
            CameraMovement::ZoomIn => "zoom_in",
            CameraMovement::ZoomOut => "zoom_out",
            CameraMovement::DollyIn => "dolly_in",
            CameraMovement::DollyOut => "dolly_out",
            CameraMovement::Orbit => "orbit",
        }
    }

    /// Parses the stored text (also accepts `-` for `_`).
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim().replace('-', "_");
        Self::ALL.into_iter().find(|c| c.as_str() == text)
    }

    /// Words a video prompt can use for this movement.
    pub fn prompt_phrase(self) -> &'static str {
        match self {
            CameraMovement::Static => "static camera",
            CameraMovement::PanLeft => "camera pans left",
            CameraMovement::PanRight => "camera pans right",
            CameraMovement::TiltUp => "camera tilts up",
            CameraMovement::TiltDown => "camera tilts down",
            CameraMovement::ZoomIn => "slow zoom in",
            CameraMovement::ZoomOut => "slow zoom out",
            CameraMovement::DollyIn => "camera dollies in",
            CameraMovement::DollyOut => "camera dollies out",
            CameraMovement::Orbit => "camera orbits the subject",
        }
    }
}

/// Where a sentence's generation stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum SentenceStatus {
    /// Nothing generated yet, or waiting.
    Pending,
    /// A job is working on it.
    Generating,
    /// Every asset is clean.
    Complete,
    /// The last generation failed.
    Failed,
}

impl SentenceStatus {
    /// Every status, in the order the database CHECK lists them.
    pub const ALL: [SentenceStatus; 4] = [
        SentenceStatus::Pending,
        SentenceStatus::Generating,
        SentenceStatus::Complete,
        SentenceStatus::Failed,
    ];

    /// The text stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            SentenceStatus::Pending => "pending",
            SentenceStatus::Generating => "generating",
            SentenceStatus::Complete => "complete",
            SentenceStatus::Failed => "failed",
        }
    }

    /// Parses the stored text.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

/// One word of a narration with its timing (karaoke highlighting, alignment).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct WordTiming {
    /// The word as displayed.
    pub word: String,
    /// Start, ms from the start of the narration file.
    pub start_ms: i64,
    /// End, ms from the start of the narration file.
    pub end_ms: i64,
}

/// The state of one generated asset of a sentence (narration, image or clip).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AssetState {
    /// The current file, relative to the data dir.
    pub file: Option<String>,
    /// Its inputs changed since the file was made (or it was never made).
    pub dirty: bool,
    /// Current revision of the asset's inputs; bumped by every dirtying edit.
    pub rev: i64,
    /// The revision the current file was made from.
    pub file_rev: Option<i64>,
}

/// The kinds of asset a sentence has.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum AssetKind {
    /// The narration (WAV).
    Audio,
    /// The still image.
    Image,
    /// The clip made from the image.
    Video,
}

impl AssetKind {
    /// The text used in column names and file folders.
    pub fn as_str(self) -> &'static str {
        match self {
            AssetKind::Audio => "audio",
            AssetKind::Image => "image",
            AssetKind::Video => "video",
        }
    }
}

/// What a sentence's clip is made with, when a GPU budget chose (or the user did).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ClipChoice {
    /// The project's video model renders a clip from the image.
    Generated,
    /// A Ken Burns move over the image (no GPU).
    KenBurns,
}

impl ClipChoice {
    /// The text stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            ClipChoice::Generated => "generated",
            ClipChoice::KenBurns => "ken_burns",
        }
    }

    /// Parses the stored text.
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().replace('-', "_").as_str() {
            "generated" => Some(ClipChoice::Generated),
            "ken_burns" => Some(ClipChoice::KenBurns),
            _ => None,
        }
    }
}

/// A sentence: the unit that gets one narration, one image and one clip.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Sentence {
    /// Its id.
    pub id: SentenceId,
    /// The section it belongs to.
    pub section_id: SectionId,
    /// The narrated text.
    pub text: String,
    /// What the voice reads instead of the text (a pronunciation fix); `None`: the text.
    pub spoken_text: Option<String>,
    /// Position in its section, from 0.
    pub order: u32,
    /// Image prompt written by the LLM.
    pub image_prompt: Option<String>,
    /// Image prompt written by the user; wins over the generated one and is never replaced.
    pub image_prompt_user: Option<String>,
    /// The generated image prompt was made from text that has since changed.
    pub image_prompt_stale: bool,
    /// Video prompt written by the LLM.
    pub video_prompt: Option<String>,
    /// Video prompt written by the user; wins over the generated one.
    pub video_prompt_user: Option<String>,
    /// The generated video prompt was made from text that has since changed.
    pub video_prompt_stale: bool,
    /// Camera movement of the clip.
    pub camera_movement: CameraMovement,
    /// Motion strength of the clip, 0..=1.
    pub motion_strength: f64,
    /// Narration.
    pub audio: AssetState,
    /// Narration length, ms.
    pub audio_duration_ms: Option<i64>,
    /// Where this sentence starts within its section's one-take narration, ms.
    pub audio_start_ms: Option<i64>,
    /// Where it ends within the section narration, ms.
    pub audio_end_ms: Option<i64>,
    /// The section narration file the start/end refer to.
    pub section_audio_file: Option<String>,
    /// Word timings of the narration.
    pub word_timings: Option<Vec<WordTiming>>,
    /// Still image.
    pub image: AssetState,
    /// Clip.
    pub video: AssetState,
    /// Clip length, ms.
    pub video_duration_ms: Option<i64>,
    /// Where generation stands.
    pub status: SentenceStatus,
    /// The characters shown, chosen by the user; `None`: those of the cast whose name or
    /// alias the text mentions.
    pub cast_override: Option<Vec<CharacterId>>,
    /// Seed of the next image render; `None`: one derived from the sentence id.
    pub image_seed: Option<i64>,
    /// Generated clip or Ken Burns move; `None`: the project's video model decides.
    pub clip_choice: Option<ClipChoice>,
    /// Creation time, ms since the Unix epoch.
    pub created_at: i64,
    /// Last change, ms since the Unix epoch.
    pub updated_at: i64,
}

impl Sentence {
    /// What the voice reads: the spoken text where the user gave one, else the text.
    pub fn voiced_text(&self) -> &str {
        self.spoken_text
            .as_deref()
            .filter(|t| !t.trim().is_empty())
            .unwrap_or(&self.text)
    }

    /// The image prompt to render with: the user's if there is one, else the generated one.
    pub fn effective_image_prompt(&self) -> Option<&str> {
        self.image_prompt_user
            .as_deref()
            .or(self.image_prompt.as_deref())
    }

    /// The video prompt to render with: the user's if there is one, else the generated one.
    pub fn effective_video_prompt(&self) -> Option<&str> {
        self.video_prompt_user
            .as_deref()
            .or(self.video_prompt.as_deref())
    }

    /// Whether any asset needs generating again.
    pub fn any_dirty(&self) -> bool {
        self.audio.dirty || self.image.dirty || self.video.dirty
    }
}

/// A change to a sentence; `None` leaves a field as it is. Optional texts take `Some(None)`
/// (or an empty string) to clear them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SentencePatch {
    /// New narrated text.
    #[serde(default)]
    pub text: Option<String>,
    /// New user image prompt (`Some(None)` clears it, falling back to the generated one).
    #[serde(default, deserialize_with = "crate::patch::nullable")]
    pub image_prompt: Option<Option<String>>,
    /// New user video prompt.
    #[serde(default, deserialize_with = "crate::patch::nullable")]
    pub video_prompt: Option<Option<String>>,
    /// New camera movement.
    #[serde(default)]
    pub camera_movement: Option<CameraMovement>,
    /// New motion strength, 0..=1.
    #[serde(default)]
    pub motion_strength: Option<f64>,
    /// New spoken text (`Some(None)` reads the text again); makes the narration dirty.
    #[serde(default, deserialize_with = "crate::patch::nullable")]
    pub spoken_text: Option<Option<String>>,
    /// New cast override (`Some(None)` goes back to matching names); makes the image dirty.
    #[serde(default, deserialize_with = "crate::patch::nullable")]
    pub cast_override: Option<Option<Vec<CharacterId>>>,
    /// New clip choice; makes the clip dirty.
    #[serde(default, deserialize_with = "crate::patch::nullable")]
    pub clip_choice: Option<Option<ClipChoice>>,
}

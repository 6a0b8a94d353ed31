//! The character library (FR-201…204).

use serde::{Deserialize, Serialize};

use crate::CharacterId;

/// A reusable character: description, reference images and an optional LoRA.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Character {
    /// Its id.
    pub id: CharacterId,
    /// Name; never empty.
    pub name: String,
    /// What the character looks like; goes into image prompts.
    pub description: Option<String>,
    /// Other names the script uses for them ("the Professor"); matched like the name.
    pub aliases: Vec<String>,
    /// Reference image files, relative to the data dir.
    pub reference_images: Vec<String>,
    /// LoRA file name for this character, as ComfyUI knows it.
    pub style_lora: Option<String>,
    /// Creation time, ms since the Unix epoch.
    pub created_at: i64,
}

/// A new character.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NewCharacter {
    /// Name; must not be empty.
    pub name: String,
    /// Description.
    pub description: Option<String>,
    /// LoRA file name.
    pub style_lora: Option<String>,
    /// Other names.
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// A change to a character; `None` leaves a field as it is.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CharacterPatch {
    /// New name.
    #[serde(default)]
    pub name: Option<String>,
    /// New description (dirties images and clips of every project that casts it).
    #[serde(default, deserialize_with = "crate::patch::nullable")]
    pub description: Option<Option<String>>,
    /// New reference image list (dirties images and clips of every project that casts it).
    #[serde(default)]
    pub reference_images: Option<Vec<String>>,
    /// New LoRA (dirties images and clips of every project that casts it).
    #[serde(default, deserialize_with = "crate::patch::nullable")]
    pub style_lora: Option<Option<String>>,
    /// New aliases (dirties images and clips of every project that casts it).
    #[serde(default)]
    pub aliases: Option<Vec<String>>,
}

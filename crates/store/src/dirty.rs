//! The dirty rules (FR-801…805) as one table: which edit makes which assets stale.
//!
//! Every dirtying bumps the asset's revision, even when it is already dirty, so a result
//! that was being generated from the old inputs cannot mark the asset clean when it lands
//! (see [`crate::repo::sentences::record_asset`]).

use videogen_model::{ChangeOp, CharacterId, Entity, ProjectId, SectionId, SentenceId};

use crate::{StoreError, WriteTx};

/// An edit that may make generated assets stale.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Edit {
    /// A sentence's text changed.
    SentenceText,
    /// A sentence's spoken text (pronunciation) changed: the voice reads something else.
    SpokenText,
    /// The characters a sentence shows were chosen by hand (or handed back to the matcher).
    CastOverride,
    /// A sentence's clip choice (generated or Ken Burns) changed.
    ClipChoice,
    /// A sentence's image prompt changed (FR-406).
    ImagePrompt,
    /// A sentence got a new image (generated or attached).
    NewImage,
    /// A sentence's video prompt changed.
    VideoPrompt,
    /// A sentence's camera movement changed.
    CameraMovement,
    /// A sentence's motion strength changed.
    MotionStrength,
    /// The project's voice changed.
    ProjectVoice,
    /// The project's image model changed.
    ProjectImageModel,
    /// The project's video model changed.
    ProjectVideoModel,
    /// The project's visual style changed.
    ProjectStyle,
    /// A cast character's description changed.
    CharacterDescription,
    /// A cast character's reference images changed.
    CharacterReferences,
    /// A cast character's LoRA changed.
    CharacterLora,
    /// A character was cast in or removed from a project.
    Casting,
    /// A section's title changed.
    SectionTitle,
    /// A section's list of sentences changed (added, removed, reordered, moved in or out).
    SectionSentenceList,
    /// Another take of a section's one-take narration was made current (rollback): its
    /// sentences' cuts and word timings came from the take rolled away from.
    SectionNarrationTake,
}

/// What an edit makes stale.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Effects {
    /// Narration must be voiced again.
    pub audio: bool,
    /// Generated (not user-written) image and video prompts no longer fit the text.
    pub stale_prompts: bool,
    /// Image must be rendered again.
    pub image: bool,
    /// Clip must be rendered again.
    pub video: bool,
    /// The section's one-take narration must be voiced again.
    pub section_narration: bool,
}

const NONE: Effects = Effects {
    audio: false,
    stale_prompts: false,
    image: false,
    video: false,
    section_narration: false,
};

/// The rules. Each row is tested in `tests/dirty_rules.rs`.
pub const RULES: &[(Edit, Effects)] = &[
    (
        Edit::SentenceText,
        Effects {
            audio: true,
            stale_prompts: true,
            image: true,
            video: true,
            section_narration: true,
        },
    ),
    (
        Edit::SpokenText,
        Effects {
            audio: true,
            section_narration: true,
            ..NONE
        },
    ),
    (
        Edit::CastOverride,
        Effects {
            image: true,
            video: true,
            ..NONE
        },
    ),
    (
        Edit::ClipChoice,
        Effects {
            video: true,
            ..NONE
        },
    ),
    (
        Edit::ImagePrompt,
        Effects {
            image: true,
            video: true,
            ..NONE
        },
    ),
    (
        Edit::NewImage,
        Effects {
            video: true,
            ..NONE
        },
    ),
    (
        Edit::VideoPrompt,
        Effects {
            video: true,
            ..NONE
        },
    ),
    (
        Edit::CameraMovement,
        Effects {
            video: true,
            ..NONE
        },
    ),
    (
        Edit::MotionStrength,
        Effects {
            video: true,
            ..NONE
        },
    ),
    (
        Edit::ProjectVoice,
        Effects {
            audio: true,
            section_narration: true,
            ..NONE
        },
    ),
    (
        Edit::ProjectImageModel,
        Effects {
            image: true,
            video: true,
            ..NONE
        },
    ),
    (
        Edit::ProjectVideoModel,
        Effects {
            video: true,
            ..NONE
        },
    ),
    (
        Edit::ProjectStyle,
        Effects {
            image: true,
            video: true,
            ..NONE
        },
    ),
    (
        Edit::CharacterDescription,
        Effects {
            image: true,
            video: true,
            ..NONE
        },
    ),
    (
        Edit::CharacterReferences,
        Effects {
            image: true,
            video: true,
            ..NONE
        },
    ),
    (
        Edit::CharacterLora,
        Effects {
            image: true,
            video: true,
            ..NONE
        },
    ),
    (
        Edit::Casting,
        Effects {
            image: true,
            video: true,
            ..NONE
        },
    ),
    (Edit::SectionTitle, NONE),
    (
        Edit::SectionSentenceList,
        Effects {
            section_narration: true,
            ..NONE
        },
    ),
    (
        Edit::SectionNarrationTake,
        Effects {
            audio: true,
            ..NONE
        },
    ),
];

/// What `edit` makes stale.
pub fn effects(edit: Edit) -> Effects {
    RULES
        .iter()
        .find(|(e, _)| *e == edit)
        .map(|(_, effects)| *effects)
        .unwrap_or(NONE)
}

/// Whether `edit` changes what a clip is made from other than its image: a clip made before
/// it can never be current again, whatever image the sentence goes back to. A new image or a
/// new image prompt (or seed) changes only the image; rolling the image back to the take a
/// clip was made from makes that clip current again (`takes::roll_back`).
pub fn changes_clip_inputs(edit: Edit) -> bool {
    effects(edit).video && !matches!(edit, Edit::NewImage | Edit::ImagePrompt)
}

/// Which sentences an edit applies to.
#[derive(Clone, Copy, Debug)]
pub enum Scope<'a> {
    /// One sentence.
    Sentence(&'a SentenceId),
    /// Every sentence of one section.
    Section(&'a SectionId),
    /// Every sentence of a project.
    Project(&'a ProjectId),
    /// Every sentence that shows the character (its cast override names it, or it has
    /// none and its text mentions one of `names`), in every project that casts it, or in
    /// `project` only. `names` holds the names and aliases before and after the edit.
    Showing {
        /// The character.
        character: &'a CharacterId,
        /// Names and aliases to match (old and new).
        names: &'a [String],
        /// Only this project's sentences (casting or uncasting); `None`: every casting one.
        project: Option<&'a ProjectId>,
    },
}

/// Applies `edit` to the sentences in `scope`: sets dirty flags, bumps revisions, marks
/// generated prompts stale, and dirties section narrations, recording what changed.
pub fn apply(tx: &mut WriteTx<'_>, edit: Edit, scope: Scope<'_>) -> Result<(), StoreError> {
    let fx = effects(edit);
    let (filter, key): (&str, String) = match scope {
        Scope::Sentence(id) => ("id = ?1", id.0.clone()),
        Scope::Section(id) => ("section_id = ?1", id.0.clone()),
        Scope::Project(id) => (
            "section_id IN (SELECT id FROM sections WHERE project_id = ?1)",
            id.0.clone(),
        ),
        Scope::Showing {
            character,
            names,
            project,
        } => (
            "id IN (SELECT value FROM json_each(?1))",
            showing(tx, character, names, project)?,
        ),
    };
    let key = key.as_str();
    let mut sets = Vec::new();
    if fx.audio {
        sets.push("is_audio_dirty = 1, audio_rev = audio_rev + 1");
    }
    if fx.stale_prompts {
        sets.push(
            "image_prompt_stale = (image_prompt IS NOT NULL), \
             video_prompt_stale = (video_prompt IS NOT NULL)",
        );
    }
    if fx.image {
        sets.push("is_image_dirty = 1, image_rev = image_rev + 1");
    }
    if fx.video {
        sets.push("is_video_dirty = 1, video_rev = video_rev + 1");
        if changes_clip_inputs(edit) {
            sets.push("video_inputs_rev = video_inputs_rev + 1");
        }
    }
    if !sets.is_empty() {
        let sql = format!(
            "UPDATE sentences SET {}, status = 'pending', updated_at = ?2 WHERE {filter}",
            sets.join(", ")
        );
        tx.execute(&sql, rusqlite::params![key, crate::now_ms()])?;
    }
    if fx.section_narration {
        let sql = format!(
            "UPDATE sections SET is_audio_dirty = 1, audio_rev = audio_rev + 1 \
             WHERE id IN (SELECT section_id FROM sentences WHERE {filter}) {}",
            match scope {
                Scope::Section(_) => "OR id = ?1",
                _ => "",
            }
        );
        tx.execute(&sql, [key])?;
    }
    record_scope(tx, scope)
}

fn record_scope(tx: &mut WriteTx<'_>, scope: Scope<'_>) -> Result<(), StoreError> {
    match scope {
        Scope::Sentence(id) => {
            let project = crate::repo::sentences::project_of(tx, id)?;
            tx.record(
                Entity::Sentence,
                id.as_str(),
                Some(&project),
                ChangeOp::Update,
            );
        }
        Scope::Section(id) => {
            let project = crate::repo::sections::project_of(tx, id)?;
            tx.record(
                Entity::Section,
                id.as_str(),
                Some(&project),
                ChangeOp::Update,
            );
        }
        Scope::Project(id) => tx.record(Entity::Project, id.as_str(), Some(id), ChangeOp::Update),
        Scope::Showing {
            character, project, ..
        } => {
            let projects: Vec<String> = match project {
                Some(p) => vec![p.0.clone()],
                None => {
                    let mut stmt = tx.prepare_cached(
                        "SELECT project_id FROM project_cast WHERE character_id = ?1",
                    )?;
                    let rows = stmt.query_map([character.as_str()], |r| r.get(0))?;
                    rows.collect::<Result<_, _>>()?
                }
            };
            for p in projects {
                let pid = ProjectId(p);
                tx.record(Entity::Project, pid.as_str(), Some(&pid), ChangeOp::Update);
            }
        }
    }
    Ok(())
}

/// The ids (as a JSON array) of the sentences that show `character`, with the matcher of
/// [`videogen_model::cast`]: the same rule the planner uses to put a character in a render.
fn showing(
    tx: &WriteTx<'_>,
    character: &CharacterId,
    names: &[String],
    project: Option<&ProjectId>,
) -> Result<String, StoreError> {
    let mut stmt = tx.prepare_cached(
        "SELECT t.id, t.text, t.cast_override FROM sentences t
         JOIN sections s ON s.id = t.section_id
         JOIN project_cast c ON c.project_id = s.project_id AND c.character_id = ?1
         WHERE ?2 IS NULL OR s.project_id = ?2",
    )?;
    let mut rows = stmt.query(rusqlite::params![
        character.as_str(),
        project.map(|p| p.as_str())
    ])?;
    let mut ids = Vec::new();
    while let Some(row) = rows.next()? {
        let id: String = row.get(0)?;
        let text: String = row.get(1)?;
        let cast: Option<String> = row.get(2)?;
        let shows = match cast {
            Some(json) => serde_json::from_str::<Vec<String>>(&json)
                .unwrap_or_default()
                .iter()
                .any(|c| c == character.as_str()),
            None => names
                .iter()
                .any(|n| videogen_model::cast::mentions(&text, n)),
        };
        if shows {
            ids.push(id);
        }
    }
    serde_json::to_string(&ids).map_err(|e| StoreError::Invalid(format!("sentence ids: {e}")))
}

//! Sentences: edit with the dirty rules, order, move, split, merge, and record results.

use rusqlite::{params, Connection, OptionalExtension};
use videogen_model::{
    AssetKind, ChangeOp, Entity, ProjectId, SectionId, Sentence, SentenceId, SentencePatch,
    WordTiming,
};

use crate::dirty::{self, Edit, Scope};
use crate::repo::{projects, sections};
use crate::row::{self, SENTENCE_COLUMNS};
use crate::{new_id, now_ms, validate, StoreError, WriteTx};

/// Reads one sentence.
pub fn get(conn: &Connection, id: &SentenceId) -> Result<Sentence, StoreError> {
    let sql = format!("SELECT {SENTENCE_COLUMNS} FROM sentences s WHERE s.id = ?1");
    conn.prepare_cached(&sql)?
        .query_row([id.as_str()], row::sentence)
        .optional()?
        .ok_or_else(|| StoreError::not_found("Sentence", id.as_str()))
}

/// The project a sentence belongs to.
pub fn project_of(conn: &Connection, id: &SentenceId) -> Result<ProjectId, StoreError> {
    conn.prepare_cached(
        "SELECT c.project_id FROM sentences s JOIN sections c ON c.id = s.section_id WHERE s.id = ?1",
    )?
    .query_row([id.as_str()], |r| r.get::<_, String>(0))
    .optional()?
    .map(ProjectId)
    .ok_or_else(|| StoreError::not_found("Sentence", id.as_str()))
}

/// The ids of a section's sentences, in order.
pub fn ids(conn: &Connection, section: &SectionId) -> Result<Vec<String>, StoreError> {
    let mut stmt =
        conn.prepare_cached("SELECT id FROM sentences WHERE section_id = ?1 ORDER BY \"order\"")?;
    let rows = stmt.query_map([section.as_str()], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Finds a sentence by id or unique id prefix (at least 4 characters).
pub fn resolve(conn: &Connection, key: &str) -> Result<SentenceId, StoreError> {
    crate::repo::resolve::id_or_prefix(conn, crate::repo::resolve::IdTable::Sentences, key)
        .map(SentenceId)
}

fn open_gap(tx: &WriteTx<'_>, section: &SectionId, at: u32) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE sentences SET \"order\" = \"order\" + 1 WHERE section_id = ?1 AND \"order\" >= ?2",
        params![section.as_str(), at],
    )?;
    Ok(())
}

fn close_gap(tx: &WriteTx<'_>, section: &SectionId, at: u32) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE sentences SET \"order\" = \"order\" - 1 WHERE section_id = ?1 AND \"order\" > ?2",
        params![section.as_str(), at],
    )?;
    Ok(())
}

/// A section's list of sentences changed: its one-take narration is dirty and the project
/// was changed now.
fn section_list_changed(
    tx: &mut WriteTx<'_>,
    section: &SectionId,
    project: &ProjectId,
) -> Result<(), StoreError> {
    dirty::apply(tx, Edit::SectionSentenceList, Scope::Section(section))?;
    projects::touch(tx, project)
}

fn insert_row(
    tx: &WriteTx<'_>,
    section: &SectionId,
    text: &str,
    order: u32,
) -> Result<SentenceId, StoreError> {
    let id = SentenceId(new_id());
    let now = now_ms();
    tx.prepare_cached(
        "INSERT INTO sentences (id, section_id, text, \"order\", created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
    )?
    .execute(params![id.as_str(), section.as_str(), text, order, now])?;
    Ok(id)
}

/// Creates a sentence at `position` in a section (default: last).
pub fn create(
    tx: &mut WriteTx<'_>,
    section: &SectionId,
    text: &str,
    position: Option<u32>,
) -> Result<Sentence, StoreError> {
    let text = validate::sentence_text(text)?;
    let project = sections::project_of(tx, section)?;
    let count = ids(tx, section)?.len() as u32;
    let at = position.unwrap_or(count).min(count);
    open_gap(tx, section, at)?;
    let id = insert_row(tx, section, &text, at)?;
    section_list_changed(tx, section, &project)?;
    tx.record(
        Entity::Sentence,
        id.as_str(),
        Some(&project),
        ChangeOp::Insert,
    );
    get(tx, &id)
}

/// A sentence to append, with prompts already written (script generation, benchmarks).
#[derive(Clone, Debug, Default)]
pub struct SentenceDraft {
    /// The narrated text.
    pub text: String,
    /// Generated image prompt.
    pub image_prompt: Option<String>,
    /// Generated video prompt.
    pub video_prompt: Option<String>,
}

/// Appends many sentences to a section (script import); validated first.
pub fn append_many(
    tx: &mut WriteTx<'_>,
    section: &SectionId,
    texts: &[String],
) -> Result<Vec<SentenceId>, StoreError> {
    let drafts: Vec<SentenceDraft> = texts
        .iter()
        .map(|t| SentenceDraft {
            text: t.clone(),
            ..SentenceDraft::default()
        })
        .collect();
    append_drafts(tx, section, &drafts)
}

/// Appends many sentences with their generated prompts to a section; all validated before
/// the first is written.
pub fn append_drafts(
    tx: &mut WriteTx<'_>,
    section: &SectionId,
    drafts: &[SentenceDraft],
) -> Result<Vec<SentenceId>, StoreError> {
    let mut checked = Vec::with_capacity(drafts.len());
    for d in drafts {
        checked.push((
            validate::sentence_text(&d.text)?,
            validate::optional_text("image prompt", d.image_prompt.as_deref())?,
            validate::optional_text("video prompt", d.video_prompt.as_deref())?,
        ));
    }
    let project = sections::project_of(tx, section)?;
    let start = ids(tx, section)?.len() as u32;
    let now = now_ms();
    let mut out = Vec::with_capacity(checked.len());
    {
        let mut stmt = tx.prepare_cached(
            "INSERT INTO sentences (id, section_id, text, \"order\", image_prompt, video_prompt,
                created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
        )?;
        for (i, (text, image, video)) in checked.iter().enumerate() {
            let id = SentenceId(new_id());
            stmt.execute(params![
                id.as_str(),
                section.as_str(),
                text,
                start + i as u32,
                image,
                video,
                now
            ])?;
            out.push(id);
        }
    }
    section_list_changed(tx, section, &project)?;
    tx.record(
        Entity::Section,
        section.as_str(),
        Some(&project),
        ChangeOp::Update,
    );
    Ok(out)
}

/// Applies a patch with the dirty rules (FR-801…805).
pub fn update(
    tx: &mut WriteTx<'_>,
    id: &SentenceId,
    patch: &SentencePatch,
) -> Result<Sentence, StoreError> {
    let before = get(tx, id)?;
    let now = now_ms();
    let set = |tx: &WriteTx<'_>, column: &str, value: &dyn rusqlite::ToSql| {
        tx.execute(
            &format!("UPDATE sentences SET {column} = ?1, updated_at = ?2 WHERE id = ?3"),
            params![value, now, id.as_str()],
        )
    };
    if let Some(text) = &patch.text {
        let text = validate::sentence_text(text)?;
        if text != before.text {
            set(tx, "text", &text)?;
            dirty::apply(tx, Edit::SentenceText, Scope::Sentence(id))?;
        }
    }
    if let Some(prompt) = &patch.image_prompt {
        let prompt = validate::optional_text("image prompt", prompt.as_deref())?;
        if prompt != before.image_prompt_user {
            set(tx, "image_prompt_user", &prompt)?;
            dirty::apply(tx, Edit::ImagePrompt, Scope::Sentence(id))?;
        }
    }
    if let Some(prompt) = &patch.video_prompt {
        let prompt = validate::optional_text("video prompt", prompt.as_deref())?;
        if prompt != before.video_prompt_user {
            set(tx, "video_prompt_user", &prompt)?;
            dirty::apply(tx, Edit::VideoPrompt, Scope::Sentence(id))?;
        }
    }
    if let Some(camera) = patch.camera_movement {
        if camera != before.camera_movement {
            set(tx, "camera_movement", &camera.as_str())?;
            dirty::apply(tx, Edit::CameraMovement, Scope::Sentence(id))?;
        }
    }
    if let Some(strength) = patch.motion_strength {
        if !strength.is_finite() || !(0.0..=1.0).contains(&strength) {
            return Err(StoreError::Invalid(format!(
                "Motion strength {strength} is out of range: choose a value from 0 to 1."
            )));
        }
        if (strength - before.motion_strength).abs() > f64::EPSILON {
            set(tx, "motion_strength", &strength)?;
            dirty::apply(tx, Edit::MotionStrength, Scope::Sentence(id))?;
        }
    }
    if let Some(spoken) = &patch.spoken_text {
        let spoken = validate::optional_text("spoken text", spoken.as_deref())?;
        if spoken != before.spoken_text {
            set(tx, "spoken_text", &spoken)?;
            dirty::apply(tx, Edit::SpokenText, Scope::Sentence(id))?;
        }
    }
    if let Some(cast) = &patch.cast_override {
        if *cast != before.cast_override {
            let json = cast
                .as_ref()
                .map(|ids| {
                    let ids: Vec<&str> = ids.iter().map(|c| c.as_str()).collect();
                    serde_json::to_string(&ids)
                })
                .transpose()
                .map_err(|e| StoreError::Invalid(format!("cast: {e}")))?;
            set(tx, "cast_override", &json)?;
            dirty::apply(tx, Edit::CastOverride, Scope::Sentence(id))?;
        }
    }
    if let Some(choice) = &patch.clip_choice {
        if *choice != before.clip_choice {
            set(tx, "clip_choice", &choice.map(|c| c.as_str()))?;
            dirty::apply(tx, Edit::ClipChoice, Scope::Sentence(id))?;
        }
    }
    let project = project_of(tx, id)?;
    projects::touch(tx, &project)?;
    tx.record(
        Entity::Sentence,
        id.as_str(),
        Some(&project),
        ChangeOp::Update,
    );
    get(tx, id)
}

/// Stores prompts written by the LLM. A user's own prompt is never replaced; a new
/// generated prompt makes the image (or clip) dirty only where it is the one in use.
pub fn set_generated_prompts(
    tx: &mut WriteTx<'_>,
    id: &SentenceId,
    image: Option<&str>,
    video: Option<&str>,
) -> Result<(), StoreError> {
    let before = get(tx, id)?;
    if let Some(prompt) = image {
        tx.execute(
            "UPDATE sentences SET image_prompt = ?1, image_prompt_stale = 0 WHERE id = ?2",
            params![prompt, id.as_str()],
        )?;
        if before.image_prompt_user.is_none() && before.image_prompt.as_deref() != Some(prompt) {
            dirty::apply(tx, Edit::ImagePrompt, Scope::Sentence(id))?;
        }
    }
    if let Some(prompt) = video {
        tx.execute(
            "UPDATE sentences SET video_prompt = ?1, video_prompt_stale = 0 WHERE id = ?2",
            params![prompt, id.as_str()],
        )?;
        if before.video_prompt_user.is_none() && before.video_prompt.as_deref() != Some(prompt) {
            dirty::apply(tx, Edit::VideoPrompt, Scope::Sentence(id))?;
        }
    }
    let project = project_of(tx, id)?;
    tx.record(
        Entity::Sentence,
        id.as_str(),
        Some(&project),
        ChangeOp::Update,
    );
    Ok(())
}

/// Deletes a sentence, closing the gap in its section.
pub fn delete(tx: &mut WriteTx<'_>, id: &SentenceId) -> Result<(), StoreError> {
    let sentence = get(tx, id)?;
    let project = project_of(tx, id)?;
    tx.execute("DELETE FROM sentences WHERE id = ?1", [id.as_str()])?;
    close_gap(tx, &sentence.section_id, sentence.order)?;
    section_list_changed(tx, &sentence.section_id, &project)?;
    tx.record(
        Entity::Sentence,
        id.as_str(),
        Some(&project),
        ChangeOp::Delete,
    );
    Ok(())
}

/// Puts a section's sentences in the given order; the list must name each exactly once.
pub fn reorder(
    tx: &mut WriteTx<'_>,
    section: &SectionId,
    order: &[SentenceId],
) -> Result<(), StoreError> {
    let current = ids(tx, section)?;
    sections::get(tx, section)?;
    let wanted: Vec<String> = order.iter().map(|s| s.0.clone()).collect();
    validate::permutation("sentence", &current, &wanted)?;
    if current == wanted {
        return Ok(());
    }
    {
        let mut stmt = tx.prepare_cached("UPDATE sentences SET \"order\" = ?1 WHERE id = ?2")?;
        for (i, id) in wanted.iter().enumerate() {
            stmt.execute(params![i as u32, id])?;
        }
    }
    dirty::apply(tx, Edit::SectionSentenceList, Scope::Section(section))?;
    let project = sections::project_of(tx, section)?;
    projects::touch(tx, &project)?;
    Ok(())
}

/// Moves a sentence to `position` in another (or the same) section of the same project.
/// Its own assets stay as they are; both sections' narrations become dirty.
pub fn move_to(
    tx: &mut WriteTx<'_>,
    id: &SentenceId,
    to: &SectionId,
    position: u32,
) -> Result<Sentence, StoreError> {
    let sentence = get(tx, id)?;
    let project = project_of(tx, id)?;
    if sections::project_of(tx, to)? != project {
        return Err(StoreError::Invalid(
            "A sentence can only move to a section of its own project.".into(),
        ));
    }
    let from = sentence.section_id.clone();
    close_gap(tx, &from, sentence.order)?;
    // Park it outside both orders while the gaps move.
    tx.execute(
        "UPDATE sentences SET section_id = ?1, \"order\" = 1000000000 WHERE id = ?2",
        params![to.as_str(), id.as_str()],
    )?;
    let count = ids(tx, to)?.len() as u32 - 1;
    let at = position.min(count);
    open_gap(tx, to, at)?;
    tx.execute(
        "UPDATE sentences SET \"order\" = ?1, updated_at = ?2 WHERE id = ?3",
        params![at, now_ms(), id.as_str()],
    )?;
    dirty::apply(tx, Edit::SectionSentenceList, Scope::Section(&from))?;
    if from != *to {
        dirty::apply(tx, Edit::SectionSentenceList, Scope::Section(to))?;
    }
    projects::touch(tx, &project)?;
    tx.record(
        Entity::Sentence,
        id.as_str(),
        Some(&project),
        ChangeOp::Update,
    );
    get(tx, id)
}

/// Splits a sentence in two at character `at_char`: the first part keeps the sentence (and
/// its id), the second becomes a new sentence right after it. Both need new narration.
pub fn split(
    tx: &mut WriteTx<'_>,
    id: &SentenceId,
    at_char: u32,
) -> Result<(Sentence, Sentence), StoreError> {
    let sentence = get(tx, id)?;
    let chars: Vec<char> = sentence.text.chars().collect();
    let at = at_char as usize;
    let (left, right): (String, String) = (
        chars.iter().take(at).collect(),
        chars.iter().skip(at).collect(),
    );
    if left.trim().is_empty() || right.trim().is_empty() || at >= chars.len() {
        return Err(StoreError::Invalid(format!(
            "Cannot split at character {at_char}: both parts need text (the sentence has {} characters).",
            chars.len()
        )));
    }
    let project = project_of(tx, id)?;
    tx.execute(
        "UPDATE sentences SET text = ?1, updated_at = ?2 WHERE id = ?3",
        params![left.trim(), now_ms(), id.as_str()],
    )?;
    dirty::apply(tx, Edit::SentenceText, Scope::Sentence(id))?;
    open_gap(tx, &sentence.section_id, sentence.order + 1)?;
    let second = insert_row(tx, &sentence.section_id, right.trim(), sentence.order + 1)?;
    section_list_changed(tx, &sentence.section_id, &project)?;
    tx.record(
        Entity::Sentence,
        id.as_str(),
        Some(&project),
        ChangeOp::Update,
    );
    tx.record(
        Entity::Sentence,
        second.as_str(),
        Some(&project),
        ChangeOp::Insert,
    );
    Ok((get(tx, id)?, get(tx, &second)?))
}

/// Merges `second` into `first` (the next sentence of the same section): the texts join,
/// `second` is deleted, and the merged sentence needs new narration.
pub fn merge(
    tx: &mut WriteTx<'_>,
    first: &SentenceId,
    second: &SentenceId,
) -> Result<Sentence, StoreError> {
    let a = get(tx, first)?;
    let b = get(tx, second)?;
    if a.section_id != b.section_id || b.order != a.order + 1 {
        return Err(StoreError::Invalid(
            "Only a sentence and the one right after it in the same section can be merged.".into(),
        ));
    }
    let text = validate::sentence_text(&format!("{} {}", a.text, b.text))?;
    tx.execute(
        "UPDATE sentences SET text = ?1, updated_at = ?2 WHERE id = ?3",
        params![text, now_ms(), first.as_str()],
    )?;
    dirty::apply(tx, Edit::SentenceText, Scope::Sentence(first))?;
    delete(tx, second)?;
    let project = project_of(tx, first)?;
    tx.record(
        Entity::Sentence,
        first.as_str(),
        Some(&project),
        ChangeOp::Update,
    );
    get(tx, first)
}

/// Starts a new revision of a sentence's asset (a user brings their own file): any result
/// still being generated from the old revision then lands as late. Returns the new revision.
pub fn bump_revision(
    tx: &mut WriteTx<'_>,
    id: &SentenceId,
    kind: AssetKind,
) -> Result<i64, StoreError> {
    let k = kind.as_str();
    let rev: Option<i64> = tx
        .query_row(
            &format!("UPDATE sentences SET {k}_rev = {k}_rev + 1 WHERE id = ?1 RETURNING {k}_rev"),
            [id.as_str()],
            |r| r.get(0),
        )
        .optional()?;
    rev.ok_or_else(|| StoreError::not_found("Sentence", id.as_str()))
}

/// A generated or attached asset.
#[derive(Clone, Debug, Default)]
pub struct AssetResult<'a> {
    /// The file, relative to the data dir.
    pub file: &'a str,
    /// Its length (narration, clip), ms.
    pub duration_ms: Option<i64>,
    /// Word timings (narration).
    pub word_timings: Option<&'a [WordTiming]>,
}

/// Records an asset made from input revision `made_from_rev`. The asset becomes clean only
/// if that revision is still current: a late result for edited input never hides the edit.
/// A new image makes the clip dirty. Returns whether the asset is now clean.
pub fn record_asset(
    tx: &mut WriteTx<'_>,
    id: &SentenceId,
    kind: AssetKind,
    made_from_rev: i64,
    result: &AssetResult<'_>,
) -> Result<bool, StoreError> {
    let project = project_of(tx, id)?;
    let k = kind.as_str();
    // A result made from an older revision than the file already recorded is late: it
    // must not replace the newer file (nor dirty the clip after it).
    let replaced = tx.execute(
        &format!(
            "UPDATE sentences SET {k}_file = ?1, {k}_file_rev = ?2,
                is_{k}_dirty = CASE WHEN {k}_rev = ?2 THEN 0 ELSE is_{k}_dirty END,
                updated_at = ?3 WHERE id = ?4 AND ?2 >= COALESCE({k}_file_rev, 0)"
        ),
        params![result.file, made_from_rev, now_ms(), id.as_str()],
    )? == 1;
    if replaced {
        match kind {
            AssetKind::Audio => {
                let timings = result
                    .word_timings
                    .map(serde_json::to_string)
                    .transpose()
                    .map_err(|e| StoreError::Invalid(format!("word timings: {e}")))?;
                tx.execute(
                    "UPDATE sentences SET audio_duration_ms = ?1, word_timings = ?2 WHERE id = ?3",
                    params![result.duration_ms, timings, id.as_str()],
                )?;
            }
            AssetKind::Image => dirty::apply(tx, Edit::NewImage, Scope::Sentence(id))?,
            AssetKind::Video => {
                // What this clip was made from is not known here (an attached clip):
                // `takes::record_sentence_take` records it for a rendered one.
                tx.execute(
                    "UPDATE sentences SET video_duration_ms = ?1, video_image_file = NULL,
                        video_file_inputs_rev = NULL WHERE id = ?2",
                    params![result.duration_ms, id.as_str()],
                )?;
            }
        }
    }
    settle_status(tx, id)?;
    tx.record(
        Entity::Sentence,
        id.as_str(),
        Some(&project),
        ChangeOp::Update,
    );
    let clean: bool = tx.query_row(
        &format!("SELECT is_{k}_dirty = 0 FROM sentences WHERE id = ?1"),
        [id.as_str()],
        |r| r.get(0),
    )?;
    Ok(clean)
}

/// A sentence with nothing left to make is complete.
pub(crate) fn settle_status(tx: &WriteTx<'_>, id: &SentenceId) -> Result<(), StoreError> {
    tx.prepare_cached(
        "UPDATE sentences SET status = CASE WHEN is_audio_dirty + is_image_dirty + is_video_dirty = 0
            THEN 'complete' ELSE status END WHERE id = ?1",
    )?
    .execute([id.as_str()])?;
    Ok(())
}

/// Sets the seed of the sentence's next image render ("new seed" on regenerate); the image
/// becomes dirty since the seed is one of its inputs.
pub fn set_image_seed(tx: &mut WriteTx<'_>, id: &SentenceId, seed: i64) -> Result<(), StoreError> {
    let n = tx.execute(
        "UPDATE sentences SET image_seed = ?1 WHERE id = ?2",
        params![seed, id.as_str()],
    )?;
    if n == 0 {
        return Err(StoreError::not_found("Sentence", id.as_str()));
    }
    dirty::apply(tx, Edit::ImagePrompt, Scope::Sentence(id))
}

/// Records where a sentence lies inside its section's one-take narration.
pub fn set_section_range(
    tx: &mut WriteTx<'_>,
    id: &SentenceId,
    section_file: &str,
    start_ms: i64,
    end_ms: i64,
) -> Result<(), StoreError> {
    let n = tx.execute(
        "UPDATE sentences SET section_audio_file = ?1, audio_start_ms = ?2, audio_end_ms = ?3
         WHERE id = ?4",
        params![section_file, start_ms, end_ms, id.as_str()],
    )?;
    if n == 0 {
        return Err(StoreError::not_found("Sentence", id.as_str()));
    }
    Ok(())
}

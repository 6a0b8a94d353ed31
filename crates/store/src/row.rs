//! Decoding rows into model types, shared by the repositories.

use rusqlite::Row;
use videogen_model::{
    AssetState, CameraMovement, CharacterId, ClipChoice, ProjectId, Section, SectionId,
    SectionNarration, Sentence, SentenceId, SentenceStatus, WordTiming,
};

/// The sentence columns, in the order [`sentence`] reads them. `s` is the table alias.
pub(crate) const SENTENCE_COLUMNS: &str = "s.id, s.section_id, s.text, s.\"order\", \
    s.image_prompt, s.image_prompt_user, s.image_prompt_stale, \
    s.video_prompt, s.video_prompt_user, s.video_prompt_stale, \
    s.camera_movement, s.motion_strength, \
    s.audio_file, s.is_audio_dirty, s.audio_rev, s.audio_file_rev, s.audio_duration_ms, \
    s.audio_start_ms, s.audio_end_ms, s.section_audio_file, s.word_timings, \
    s.image_file, s.is_image_dirty, s.image_rev, s.image_file_rev, \
    s.video_file, s.is_video_dirty, s.video_rev, s.video_file_rev, s.video_duration_ms, \
    s.status, s.created_at, s.updated_at, s.spoken_text, s.cast_override, s.image_seed, \
    s.clip_choice";

/// Reads a sentence from a row selected with [`SENTENCE_COLUMNS`].
pub(crate) fn sentence(row: &Row<'_>) -> rusqlite::Result<Sentence> {
    let camera: String = row.get(10)?;
    let status: String = row.get(30)?;
    let timings: Option<String> = row.get(20)?;
    Ok(Sentence {
        id: SentenceId(row.get(0)?),
        section_id: SectionId(row.get(1)?),
        text: row.get(2)?,
        order: row.get(3)?,
        image_prompt: row.get(4)?,
        image_prompt_user: row.get(5)?,
        image_prompt_stale: row.get(6)?,
        video_prompt: row.get(7)?,
        video_prompt_user: row.get(8)?,
        video_prompt_stale: row.get(9)?,
        // The CHECK constraints keep these columns within the enums.
        camera_movement: CameraMovement::parse(&camera).unwrap_or(CameraMovement::Static),
        motion_strength: row.get(11)?,
        audio: asset(row, 12)?,
        audio_duration_ms: row.get(16)?,
        audio_start_ms: row.get(17)?,
        audio_end_ms: row.get(18)?,
        section_audio_file: row.get(19)?,
        word_timings: timings.and_then(|t| serde_json::from_str::<Vec<WordTiming>>(&t).ok()),
        image: asset(row, 21)?,
        video: asset(row, 25)?,
        video_duration_ms: row.get(29)?,
        status: SentenceStatus::parse(&status).unwrap_or(SentenceStatus::Pending),
        created_at: row.get(31)?,
        updated_at: row.get(32)?,
        spoken_text: row.get(33)?,
        cast_override: row.get::<_, Option<String>>(34)?.map(|json| {
            json_list::<String>(Some(json))
                .into_iter()
                .map(CharacterId)
                .collect()
        }),
        image_seed: row.get(35)?,
        clip_choice: row
            .get::<_, Option<String>>(36)?
            .and_then(|c| ClipChoice::parse(&c)),
    })
}

fn asset(row: &Row<'_>, at: usize) -> rusqlite::Result<AssetState> {
    Ok(AssetState {
        file: row.get(at)?,
        dirty: row.get(at + 1)?,
        rev: row.get(at + 2)?,
        file_rev: row.get(at + 3)?,
    })
}

/// The section columns, in the order [`section`] reads them.
pub(crate) const SECTION_COLUMNS: &str = "id, project_id, title, \"order\", audio_file, \
    audio_duration_ms, is_audio_dirty, audio_rev, created_at";

/// Reads a section (without its sentences) from a row selected with [`SECTION_COLUMNS`].
pub(crate) fn section(row: &Row<'_>) -> rusqlite::Result<Section> {
    Ok(Section {
        id: SectionId(row.get(0)?),
        project_id: ProjectId(row.get(1)?),
        title: row.get(2)?,
        order: row.get(3)?,
        narration: SectionNarration {
            file: row.get(4)?,
            duration_ms: row.get(5)?,
            dirty: row.get(6)?,
            rev: row.get(7)?,
        },
        sentences: Vec::new(),
        created_at: row.get(8)?,
    })
}

/// Reads a JSON column holding a list, treating NULL or bad JSON as empty.
pub(crate) fn json_list<T: serde::de::DeserializeOwned>(text: Option<String>) -> Vec<T> {
    text.and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default()
}

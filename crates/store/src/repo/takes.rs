//! Takes: every generated or attached file of a sentence (or a section's one-take
//! narration), kept for rollback, and the render times the plan estimates from.

use rusqlite::{params, Connection, OptionalExtension};
use videogen_model::{AssetKind, ChangeOp, Entity, SectionId, SentenceId};

use crate::repo::sentences::{self, AssetResult};
use crate::{new_id, now_ms, StoreError, WriteTx};

/// What a take is of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TakeKind {
    /// A sentence's asset.
    Asset(AssetKind),
    /// A section's one-take narration.
    SectionAudio,
}

impl TakeKind {
    fn as_str(self) -> &'static str {
        match self {
            TakeKind::Asset(k) => k.as_str(),
            TakeKind::SectionAudio => "section_audio",
        }
    }
}

/// A take to record.
#[derive(Clone, Debug, Default)]
pub struct NewTake<'a> {
    /// The revision of the inputs it was made from.
    pub rev: i64,
    /// The file, relative to the data dir.
    pub file: &'a str,
    /// The seed it was rendered with.
    pub seed: Option<i64>,
    /// The model, voice or engine that made it.
    pub model: Option<&'a str>,
    /// The prompt (or text) it was made from.
    pub prompt: Option<&'a str>,
    /// Its length (narration, clip), ms.
    pub duration_ms: Option<i64>,
    /// How long making it took, ms.
    pub render_ms: Option<i64>,
    /// Attached by the user rather than generated.
    pub attached: bool,
    /// The file it was made from: a clip's image, relative to the data dir.
    pub source_file: Option<&'a str>,
}

/// One recorded take.
#[derive(Clone, Debug, PartialEq)]
pub struct Take {
    /// Its id.
    pub id: String,
    /// Revision it was made from.
    pub rev: i64,
    /// File, relative to the data dir.
    pub file: String,
    /// Seed.
    pub seed: Option<i64>,
    /// Model.
    pub model: Option<String>,
    /// Length, ms.
    pub duration_ms: Option<i64>,
    /// When it was made, ms since the epoch.
    pub created_at: i64,
}

fn insert(
    tx: &WriteTx<'_>,
    sentence: Option<&SentenceId>,
    section: Option<&SectionId>,
    kind: TakeKind,
    take: &NewTake<'_>,
    inputs_rev: Option<i64>,
) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO takes (id, sentence_id, section_id, kind, rev, file, seed, model, prompt,
            duration_ms, render_ms, source, created_at, source_file, inputs_rev)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    )?
    .execute(params![
        new_id(),
        sentence.map(|s| s.as_str()),
        section.map(|s| s.as_str()),
        kind.as_str(),
        take.rev,
        take.file,
        take.seed,
        take.model,
        take.prompt,
        take.duration_ms,
        take.render_ms,
        if take.attached {
            "attached"
        } else {
            "generated"
        },
        now_ms(),
        take.source_file,
        inputs_rev,
    ])?;
    Ok(())
}

/// Records a generated sentence asset as a take and as the sentence's current file (through
/// the revision check of [`sentences::record_asset`]), in one transaction. Returns whether
/// the asset is now clean.
pub fn record_sentence_take(
    tx: &mut WriteTx<'_>,
    id: &SentenceId,
    kind: AssetKind,
    take: &NewTake<'_>,
    word_timings: Option<&[videogen_model::WordTiming]>,
) -> Result<bool, StoreError> {
    // A clip made from the current revision was made from the clip inputs as they are now.
    let inputs_rev = if kind == AssetKind::Video {
        tx.prepare_cached(
            "SELECT video_inputs_rev FROM sentences WHERE id = ?1 AND video_rev = ?2",
        )?
        .query_row(params![id.as_str(), take.rev], |r| r.get::<_, i64>(0))
        .optional()?
    } else {
        None
    };
    insert(tx, Some(id), None, TakeKind::Asset(kind), take, inputs_rev)?;
    let clean = sentences::record_asset(
        tx,
        id,
        kind,
        take.rev,
        &AssetResult {
            file: take.file,
            duration_ms: take.duration_ms,
            word_timings,
        },
    )?;
    if kind == AssetKind::Video {
        note_clip_source(tx, id, take.file, take.source_file, inputs_rev)?;
    }
    Ok(clean)
}

/// Records what the sentence's current clip was made from, when `file` is that clip.
fn note_clip_source(
    tx: &WriteTx<'_>,
    id: &SentenceId,
    file: &str,
    image: Option<&str>,
    inputs_rev: Option<i64>,
) -> Result<(), StoreError> {
    tx.prepare_cached(
        "UPDATE sentences SET video_image_file = ?1, video_file_inputs_rev = ?2
         WHERE id = ?3 AND video_file = ?4",
    )?
    .execute(params![image, inputs_rev, id.as_str(), file])?;
    Ok(())
}

/// Records a section's one-take narration as a take and as the section's current file.
pub fn record_section_take(
    tx: &mut WriteTx<'_>,
    id: &SectionId,
    take: &NewTake<'_>,
) -> Result<bool, StoreError> {
    insert(tx, None, Some(id), TakeKind::SectionAudio, take, None)?;
    crate::repo::sections::record_narration(
        tx,
        id,
        take.rev,
        take.file,
        take.duration_ms.unwrap_or(0),
    )
}

/// A sentence's takes of one kind, newest first.
pub fn list(conn: &Connection, id: &SentenceId, kind: AssetKind) -> Result<Vec<Take>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, rev, file, seed, model, duration_ms, created_at FROM takes
         WHERE sentence_id = ?1 AND kind = ?2 ORDER BY created_at DESC, rowid DESC",
    )?;
    let rows = stmt.query_map(params![id.as_str(), kind.as_str()], take_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A take from a row of `id, rev, file, seed, model, duration_ms, created_at`.
fn take_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Take> {
    Ok(Take {
        id: r.get(0)?,
        rev: r.get(1)?,
        file: r.get(2)?,
        seed: r.get(3)?,
        model: r.get(4)?,
        duration_ms: r.get(5)?,
        created_at: r.get(6)?,
    })
}

/// A section's one-take narrations, newest first.
pub fn list_section(conn: &Connection, id: &SectionId) -> Result<Vec<Take>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, rev, file, seed, model, duration_ms, created_at FROM takes
         WHERE section_id = ?1 AND kind = 'section_audio' ORDER BY created_at DESC, rowid DESC",
    )?;
    let rows = stmt.query_map(params![id.as_str()], take_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The median time recorded for making a take of `kind` with `model`, ms; `None` before
/// any history.
pub fn median_render_ms(
    conn: &Connection,
    kind: TakeKind,
    model: &str,
) -> Result<Option<i64>, StoreError> {
    let n: i64 = conn
        .prepare_cached(
            "SELECT COUNT(*) FROM takes WHERE kind = ?1 AND model = ?2 AND render_ms IS NOT NULL",
        )?
        .query_row(params![kind.as_str(), model], |r| r.get(0))?;
    if n == 0 {
        return Ok(None);
    }
    Ok(conn
        .prepare_cached(
            "SELECT render_ms FROM takes WHERE kind = ?1 AND model = ?2 AND render_ms IS NOT NULL
             ORDER BY render_ms LIMIT 1 OFFSET ?3",
        )?
        .query_row(params![kind.as_str(), model, n / 2], |r| r.get(0))
        .optional()?)
}

/// Makes an older take current again (rollback): the sentence's (or, for a one-take
/// narration, the section's) file becomes the take's; nothing is queued.
pub fn roll_back(tx: &mut WriteTx<'_>, take_id: &str) -> Result<(), StoreError> {
    type Row = (
        Option<String>,
        Option<String>,
        String,
        String,
        Option<i64>,
        Option<String>,
        Option<i64>,
    );
    let (sentence, section, kind, file, duration, source_file, inputs_rev): Row = tx
        .prepare_cached(
            "SELECT sentence_id, section_id, kind, file, duration_ms, source_file, inputs_rev
             FROM takes WHERE id = ?1",
        )?
        .query_row([take_id], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        })
        .optional()?
        .ok_or_else(|| StoreError::not_found("Take", take_id))?;
    let Some(sentence) = sentence.map(SentenceId) else {
        let section = section.map(SectionId).ok_or_else(|| {
            StoreError::Invalid(format!("take {take_id} belongs to no sentence or section"))
        })?;
        return roll_back_section(tx, &section, &file, duration);
    };
    let k = match kind.as_str() {
        "audio" => "audio",
        "image" => "image",
        "video" => "video",
        other => return Err(StoreError::Invalid(format!("unknown take kind {other}"))),
    };
    let image_before: Option<String> = if k == "image" {
        tx.query_row(
            "SELECT image_file FROM sentences WHERE id = ?1",
            [sentence.as_str()],
            |r| r.get(0),
        )?
    } else {
        None
    };
    // The rolled-back file is the user's choice: it is current and clean at the current
    // revision. Nothing is queued.
    tx.execute(
        &format!(
            "UPDATE sentences SET {k}_file = ?1, {k}_file_rev = {k}_rev, is_{k}_dirty = 0,
                updated_at = ?2 WHERE id = ?3"
        ),
        params![file, now_ms(), sentence.as_str()],
    )?;
    if k != "image" {
        tx.execute(
            &format!("UPDATE sentences SET {k}_duration_ms = ?1 WHERE id = ?2"),
            params![duration, sentence.as_str()],
        )?;
    }
    if k == "video" {
        note_clip_source(tx, &sentence, &file, source_file.as_deref(), inputs_rev)?;
    }
    if k == "image" {
        let changed = image_before.as_deref() != Some(file.as_str());
        follow_image_with_clip(tx, &sentence, &file, changed)?;
    }
    let project = sentences::project_of(tx, &sentence)?;
    tx.record(
        Entity::Sentence,
        sentence.as_str(),
        Some(&project),
        ChangeOp::Update,
    );
    Ok(())
}

/// After the sentence's image became `image` by a rollback: the clip made from that very
/// image, with no edit to the clip's other inputs since, is current again (a clip render
/// still under way lands as late: the clip's revision moves on); when the image `changed`,
/// any other clip is now out of date, as after a new image.
fn follow_image_with_clip(
    tx: &mut WriteTx<'_>,
    sentence: &SentenceId,
    image: &str,
    changed: bool,
) -> Result<(), StoreError> {
    let made_from_it = tx.execute(
        "UPDATE sentences SET is_video_dirty = 0, video_rev = video_rev + 1,
            video_file_rev = video_rev + 1
         WHERE id = ?1 AND video_file IS NOT NULL AND video_image_file = ?2
            AND video_file_inputs_rev = video_inputs_rev",
        params![sentence.as_str(), image],
    )? == 1;
    if made_from_it {
        return sentences::settle_status(tx, sentence);
    }
    if !changed {
        return Ok(());
    }
    crate::dirty::apply(
        tx,
        crate::dirty::Edit::NewImage,
        crate::dirty::Scope::Sentence(sentence),
    )
}

/// Makes an older one-take narration of a section current again. Its sentences' cuts and
/// word timings were made from the take rolled away from, so they become stale (cut again
/// from this take, without voicing anything, the next time the section is generated);
/// nothing is queued.
fn roll_back_section(
    tx: &mut WriteTx<'_>,
    section: &SectionId,
    file: &str,
    duration_ms: Option<i64>,
) -> Result<(), StoreError> {
    let current = crate::repo::sections::get(tx, section)?;
    if current.narration.file.as_deref() == Some(file) && !current.narration.dirty {
        return Ok(());
    }
    // A new revision first, so a narration that started from the old one is late when it
    // lands (`record_narration` keeps the newer file) instead of replacing the user's pick.
    tx.execute(
        "UPDATE sections SET audio_rev = audio_rev + 1 WHERE id = ?1",
        [section.as_str()],
    )?;
    tx.execute(
        "UPDATE sections SET audio_file = ?1, audio_duration_ms = ?2, audio_file_rev = audio_rev,
            is_audio_dirty = 0 WHERE id = ?3",
        params![file, duration_ms.unwrap_or(0), section.as_str()],
    )?;
    crate::dirty::apply(
        tx,
        crate::dirty::Edit::SectionNarrationTake,
        crate::dirty::Scope::Section(section),
    )
}

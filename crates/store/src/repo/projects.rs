//! Projects, their cast, and loading a whole project in one call.

use rusqlite::{params, Connection, OptionalExtension, Row};
use videogen_model::{
    ChangeOp, CharacterId, Entity, FrameRate, FrameSize, GenerationModelId, NarrationMode,
    NewProject, Project, ProjectId, ProjectPatch, ProjectStatus, ProjectSummary, ProjectTree,
    Section, StyleId, TokenUsage, TtsEngine,
};

use crate::dirty::{self, Edit, Scope};
use crate::row::{self, SECTION_COLUMNS, SENTENCE_COLUMNS};
use crate::{new_id, now_ms, validate, StoreError, WriteTx};

const PROJECT_COLUMNS: &str = "id, name, topic, target_duration, visual_style, voice_id, \
    model_id, video_model_id, style_id, status, width, height, fps_num, fps_den, \
    llm_prompt_tokens, llm_completion_tokens, llm_cache_hit_tokens, llm_cache_miss_tokens, \
    created_at, updated_at, llm_calls, llm_cost_usd, llm_spend_cap_usd, narration_mode, \
    tts_engine, tts_params, language, sentence_pause_ms, source_notes";

fn project(row: &Row<'_>) -> rusqlite::Result<Project> {
    let status: String = row.get(9)?;
    Ok(Project {
        id: ProjectId(row.get(0)?),
        name: row.get(1)?,
        topic: row.get(2)?,
        target_duration_min: row.get(3)?,
        visual_style: row.get(4)?,
        voice_id: row.get(5)?,
        model_id: row.get::<_, Option<String>>(6)?.map(GenerationModelId),
        video_model_id: row.get::<_, Option<String>>(7)?.map(GenerationModelId),
        style_id: row.get::<_, Option<String>>(8)?.map(StyleId),
        // The CHECK constraint keeps the column within the enum.
        status: ProjectStatus::parse(&status).unwrap_or(ProjectStatus::Draft),
        width: row.get(10)?,
        height: row.get(11)?,
        fps_num: row.get(12)?,
        fps_den: row.get(13)?,
        llm_usage: TokenUsage {
            prompt_tokens: row.get(14)?,
            completion_tokens: row.get(15)?,
            cache_hit_tokens: row.get(16)?,
            cache_miss_tokens: row.get(17)?,
            calls: row.get(20)?,
        },
        cast: Vec::new(),
        created_at: row.get(18)?,
        updated_at: row.get(19)?,
        llm_cost_usd: row.get(21)?,
        llm_spend_cap_usd: row.get(22)?,
        // The CHECK constraints keep these columns within the enums.
        narration_mode: NarrationMode::parse(&row.get::<_, String>(23)?)
            .unwrap_or(NarrationMode::Sentence),
        tts_engine: TtsEngine::parse(&row.get::<_, String>(24)?).unwrap_or(TtsEngine::Chatterbox),
        tts_settings: serde_json::from_str(&row.get::<_, String>(25)?).unwrap_or_default(),
        language: row.get(26)?,
        sentence_pause_ms: row.get(27)?,
        source_notes: row.get(28)?,
    })
}

/// Creates a project.
pub fn create(tx: &mut WriteTx<'_>, input: &NewProject) -> Result<Project, StoreError> {
    let name = validate::name("project name", &input.name)?;
    let topic = validate::optional_text("topic", input.topic.as_deref())?;
    let minutes = input.target_duration_min.unwrap_or(8);
    if !(1..=600).contains(&minutes) {
        return Err(StoreError::Invalid(format!(
            "The target duration is {minutes} minutes; choose between 1 and 600."
        )));
    }
    let id = ProjectId(new_id());
    let now = now_ms();
    tx.execute(
        "INSERT INTO projects (id, name, topic, target_duration, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
        params![id.as_str(), name, topic, minutes, now],
    )?;
    tx.record(Entity::Project, id.as_str(), Some(&id), ChangeOp::Insert);
    get(tx, &id)
}

/// Reads one project with its cast.
pub fn get(conn: &Connection, id: &ProjectId) -> Result<Project, StoreError> {
    let sql =
        format!("SELECT {PROJECT_COLUMNS} FROM projects WHERE id = ?1 AND deleted_at IS NULL");
    let mut found = conn
        .prepare_cached(&sql)?
        .query_row([id.as_str()], project)
        .optional()?
        .ok_or_else(|| StoreError::not_found("Project", id.as_str()))?;
    found.cast = cast(conn, id)?;
    Ok(found)
}

fn cast(conn: &Connection, id: &ProjectId) -> Result<Vec<CharacterId>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.character_id FROM project_cast c JOIN characters ch ON ch.id = c.character_id
         WHERE c.project_id = ?1 ORDER BY ch.name",
    )?;
    let rows = stmt.query_map([id.as_str()], |r| r.get::<_, String>(0))?;
    Ok(rows.map(|r| r.map(CharacterId)).collect::<Result<_, _>>()?)
}

/// Every project, most recently changed first, with counts for the dashboard.
pub fn list(conn: &Connection) -> Result<Vec<ProjectSummary>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, p.name, p.status, p.updated_at,
            (SELECT COUNT(*) FROM sections s WHERE s.project_id = p.id),
            COUNT(t.id),
            COALESCE(SUM(t.is_audio_dirty OR t.is_image_dirty OR t.is_video_dirty), 0),
            COALESCE(SUM(t.audio_duration_ms), 0)
         FROM projects p
         LEFT JOIN sections s ON s.project_id = p.id
         LEFT JOIN sentences t ON t.section_id = s.id
         WHERE p.deleted_at IS NULL
         GROUP BY p.id
         ORDER BY p.updated_at DESC, p.id",
    )?;
    let rows = stmt.query_map([], |r| {
        let status: String = r.get(2)?;
        Ok(ProjectSummary {
            id: ProjectId(r.get(0)?),
            name: r.get(1)?,
            status: ProjectStatus::parse(&status).unwrap_or(ProjectStatus::Draft),
            updated_at: r.get(3)?,
            section_count: r.get(4)?,
            sentence_count: r.get(5)?,
            dirty_sentence_count: r.get(6)?,
            audio_duration_ms: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Loads a project with its sections and their sentences, in order, in one read.
pub fn load_tree(conn: &Connection, id: &ProjectId) -> Result<ProjectTree, StoreError> {
    let project = get(conn, id)?;
    let mut sections: Vec<Section> = {
        let sql = format!(
            "SELECT {SECTION_COLUMNS} FROM sections WHERE project_id = ?1 ORDER BY \"order\""
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([id.as_str()], row::section)?;
        rows.collect::<Result<_, _>>()?
    };
    let index: std::collections::HashMap<String, usize> = sections
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.0.clone(), i))
        .collect();
    let sql = format!(
        "SELECT {SENTENCE_COLUMNS} FROM sentences s JOIN sections c ON c.id = s.section_id
         WHERE c.project_id = ?1 ORDER BY c.\"order\", s.\"order\""
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query([id.as_str()])?;
    while let Some(r) = rows.next()? {
        let sentence = row::sentence(r)?;
        if let Some(&i) = index.get(sentence.section_id.as_str()) {
            sections[i].sentences.push(sentence);
        }
    }
    Ok(ProjectTree { project, sections })
}

/// Applies a patch, with the dirty rules for voice, model and style changes.
pub fn update(
    tx: &mut WriteTx<'_>,
    id: &ProjectId,
    patch: &ProjectPatch,
) -> Result<Project, StoreError> {
    let before = get(tx, id)?;
    let now = now_ms();
    let set = |tx: &WriteTx<'_>, column: &str, value: &dyn rusqlite::ToSql| {
        tx.execute(
            &format!("UPDATE projects SET {column} = ?1, updated_at = ?2 WHERE id = ?3"),
            params![value, now, id.as_str()],
        )
    };
    if let Some(name) = &patch.name {
        set(tx, "name", &validate::name("project name", name)?)?;
    }
    if let Some(topic) = &patch.topic {
        set(
            tx,
            "topic",
            &validate::optional_text("topic", topic.as_deref())?,
        )?;
    }
    if let Some(minutes) = patch.target_duration_min {
        if !(1..=600).contains(&minutes) {
            return Err(StoreError::Invalid(format!(
                "The target duration is {minutes} minutes; choose between 1 and 600."
            )));
        }
        set(tx, "target_duration", &minutes)?;
    }
    if let Some(status) = patch.status {
        set(tx, "status", &status.as_str())?;
    }
    if let Some(size) = patch.size {
        let size = FrameSize::checked(size.width, size.height)
            .map_err(|e| StoreError::Invalid(e.message))?;
        set(tx, "width", &size.width)?;
        set(tx, "height", &size.height)?;
    }
    if let Some(rate) = patch.fps {
        let rate =
            FrameRate::checked(rate.num, rate.den).map_err(|e| StoreError::Invalid(e.message))?;
        set(tx, "fps_num", &rate.num)?;
        set(tx, "fps_den", &rate.den)?;
    }
    if let Some(voice) = &patch.voice_id {
        let voice = validate::optional_text("voice", voice.as_deref())?;
        if voice != before.voice_id {
            set(tx, "voice_id", &voice)?;
            dirty::apply(tx, Edit::ProjectVoice, Scope::Project(id))?;
        }
    }
    if let Some(model) = &patch.model_id {
        if *model != before.model_id {
            set(tx, "model_id", &model.as_ref().map(|m| m.as_str()))?;
            dirty::apply(tx, Edit::ProjectImageModel, Scope::Project(id))?;
        }
    }
    if let Some(model) = &patch.video_model_id {
        if *model != before.video_model_id {
            set(tx, "video_model_id", &model.as_ref().map(|m| m.as_str()))?;
            dirty::apply(tx, Edit::ProjectVideoModel, Scope::Project(id))?;
        }
    }
    if let Some(style) = &patch.style_id {
        if *style != before.style_id {
            set(tx, "style_id", &style.as_ref().map(|s| s.as_str()))?;
            dirty::apply(tx, Edit::ProjectStyle, Scope::Project(id))?;
        }
    }
    update_voicing(tx, id, &before, patch)?;
    if let Some(pause) = patch.sentence_pause_ms {
        if pause > 10_000 {
            return Err(StoreError::Invalid(format!(
                "A pause of {pause} ms after each sentence is too long: choose 0 to 10000 ms."
            )));
        }
        set(tx, "sentence_pause_ms", &pause)?;
    }
    if let Some(cap) = patch.llm_spend_cap_usd {
        if cap.is_some_and(|c| !c.is_finite() || c < 0.0) {
            return Err(StoreError::Invalid(
                "The LLM spending cap must be a positive amount of dollars, e.g. 2.50.".into(),
            ));
        }
        set(tx, "llm_spend_cap_usd", &cap)?;
    }
    if let Some(notes) = &patch.source_notes {
        set(
            tx,
            "source_notes",
            &validate::optional_text("source notes", notes.as_deref())?,
        )?;
    }
    if let Some(language) = &patch.language {
        set(tx, "language", &validate::name("language", language)?)?;
    }
    tx.record(Entity::Project, id.as_str(), Some(id), ChangeOp::Update);
    get(tx, id)
}

/// Narration mode, engine and voice settings: each change re-voices the whole project.
fn update_voicing(
    tx: &mut WriteTx<'_>,
    id: &ProjectId,
    before: &Project,
    patch: &ProjectPatch,
) -> Result<(), StoreError> {
    let mut changed = false;
    let mut set = |column: &str, value: String| -> Result<(), StoreError> {
        tx.execute(
            &format!("UPDATE projects SET {column} = ?1, updated_at = ?2 WHERE id = ?3"),
            params![value, now_ms(), id.as_str()],
        )?;
        changed = true;
        Ok(())
    };
    if let Some(mode) = patch.narration_mode.filter(|m| *m != before.narration_mode) {
        set("narration_mode", mode.as_str().to_owned())?;
    }
    if let Some(engine) = patch.tts_engine.filter(|e| *e != before.tts_engine) {
        set("tts_engine", engine.as_str().to_owned())?;
    }
    if let Some(settings) = patch
        .tts_settings
        .as_ref()
        .filter(|s| **s != before.tts_settings)
    {
        let json = serde_json::to_string(settings)
            .map_err(|e| StoreError::Invalid(format!("voice settings: {e}")))?;
        set("tts_params", json)?;
    }
    if changed {
        dirty::apply(tx, Edit::ProjectVoice, Scope::Project(id))?;
    }
    Ok(())
}

/// Marks the project as changed now (after an edit to its script).
pub fn touch(tx: &mut WriteTx<'_>, id: &ProjectId) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE projects SET updated_at = ?1 WHERE id = ?2",
        params![now_ms(), id.as_str()],
    )?;
    Ok(())
}

/// Adds one or more LLM calls' token usage and cost (US dollars, at the prices in force)
/// to the project's running totals.
pub fn add_token_usage(
    tx: &mut WriteTx<'_>,
    id: &ProjectId,
    usage: &videogen_model::TokenUsage,
    cost_usd: f64,
) -> Result<(), StoreError> {
    let n = tx.execute(
        "UPDATE projects SET llm_prompt_tokens = llm_prompt_tokens + ?1,
            llm_completion_tokens = llm_completion_tokens + ?2,
            llm_cache_hit_tokens = llm_cache_hit_tokens + ?3,
            llm_cache_miss_tokens = llm_cache_miss_tokens + ?4,
            llm_calls = llm_calls + ?5, llm_cost_usd = llm_cost_usd + ?6 WHERE id = ?7",
        params![
            usage.prompt_tokens,
            usage.completion_tokens,
            usage.cache_hit_tokens,
            usage.cache_miss_tokens,
            usage.calls,
            cost_usd.max(0.0),
            id.as_str()
        ],
    )?;
    if n == 0 {
        return Err(StoreError::not_found("Project", id.as_str()));
    }
    tx.record(Entity::Project, id.as_str(), Some(id), ChangeOp::Update);
    Ok(())
}

/// Deletes a project recoverably: it leaves every list and lookup, its rows stay until
/// [`purge`] (emptying the trash). The caller moves its files folder to the trash after the
/// commit.
pub fn delete(tx: &mut WriteTx<'_>, id: &ProjectId) -> Result<(), StoreError> {
    let n = tx.execute(
        "UPDATE projects SET deleted_at = ?1 WHERE id = ?2 AND deleted_at IS NULL",
        params![now_ms(), id.as_str()],
    )?;
    if n == 0 {
        return Err(StoreError::not_found("Project", id.as_str()));
    }
    tx.record(Entity::Project, id.as_str(), Some(id), ChangeOp::Delete);
    Ok(())
}

/// Sets where the project stands (the pipeline's bookkeeping; no dirty rule applies).
pub fn set_status(
    tx: &mut WriteTx<'_>,
    id: &ProjectId,
    status: ProjectStatus,
) -> Result<(), StoreError> {
    let n = tx.execute(
        "UPDATE projects SET status = ?1 WHERE id = ?2 AND status <> ?1",
        params![status.as_str(), id.as_str()],
    )?;
    if n > 0 {
        tx.record(Entity::Project, id.as_str(), Some(id), ChangeOp::Update);
    }
    Ok(())
}

/// Projects whose status is one of `statuses` (not deleted).
pub fn with_status(
    conn: &Connection,
    statuses: &[ProjectStatus],
) -> Result<Vec<ProjectId>, StoreError> {
    let list: Vec<&str> = statuses.iter().map(|s| s.as_str()).collect();
    let json = serde_json::to_string(&list).map_err(|e| StoreError::Invalid(e.to_string()))?;
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM projects WHERE deleted_at IS NULL
         AND status IN (SELECT value FROM json_each(?1))",
    )?;
    let rows = stmt.query_map([json], |r| Ok(ProjectId(r.get(0)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Brings a deleted project back.
pub fn restore(tx: &mut WriteTx<'_>, id: &ProjectId) -> Result<Project, StoreError> {
    let n = tx.execute(
        "UPDATE projects SET deleted_at = NULL, updated_at = ?1 WHERE id = ?2 AND deleted_at IS NOT NULL",
        params![now_ms(), id.as_str()],
    )?;
    if n == 0 {
        return Err(StoreError::not_found("Deleted project", id.as_str()));
    }
    tx.record(Entity::Project, id.as_str(), Some(id), ChangeOp::Insert);
    get(tx, id)
}

/// Deleted projects, most recently deleted first: `(id, name, deleted_at)`.
pub fn list_deleted(conn: &Connection) -> Result<Vec<(ProjectId, String, i64)>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, deleted_at FROM projects WHERE deleted_at IS NOT NULL
         ORDER BY deleted_at DESC, id",
    )?;
    let rows = stmt.query_map([], |r| Ok((ProjectId(r.get(0)?), r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Removes a deleted project's rows for good (and, by cascade, its script, outlines and
/// jobs). Only deleted projects can be purged.
pub fn purge(tx: &mut WriteTx<'_>, id: &ProjectId) -> Result<(), StoreError> {
    let n = tx.execute(
        "DELETE FROM projects WHERE id = ?1 AND deleted_at IS NOT NULL",
        [id.as_str()],
    )?;
    if n == 0 {
        return Err(StoreError::not_found("Deleted project", id.as_str()));
    }
    tx.record(Entity::Project, id.as_str(), Some(id), ChangeOp::Delete);
    Ok(())
}

/// Casts a character in a project (idempotent).
pub fn add_to_cast(
    tx: &mut WriteTx<'_>,
    id: &ProjectId,
    character: &CharacterId,
) -> Result<(), StoreError> {
    get(tx, id)?;
    let who = crate::repo::characters::get(tx, character)?;
    let added = tx.execute(
        "INSERT OR IGNORE INTO project_cast (project_id, character_id) VALUES (?1, ?2)",
        [id.as_str(), character.as_str()],
    )?;
    if added > 0 {
        dirty_showing(tx, id, &who)?;
    }
    touch(tx, id)?;
    tx.record(Entity::Project, id.as_str(), Some(id), ChangeOp::Update);
    Ok(())
}

/// Removes a character from a project's cast (idempotent).
pub fn remove_from_cast(
    tx: &mut WriteTx<'_>,
    id: &ProjectId,
    character: &CharacterId,
) -> Result<(), StoreError> {
    get(tx, id)?;
    if let Ok(who) = crate::repo::characters::get(tx, character) {
        // Before the row goes: the matcher looks at the project's cast.
        dirty_showing(tx, id, &who)?;
    }
    tx.execute(
        "DELETE FROM project_cast WHERE project_id = ?1 AND character_id = ?2",
        [id.as_str(), character.as_str()],
    )?;
    touch(tx, id)?;
    tx.record(Entity::Project, id.as_str(), Some(id), ChangeOp::Update);
    Ok(())
}

/// Finds a project by exact id, then exact name, then unique id prefix (at least 4
/// characters): the name wins over a prefix, since a person typed it whole.
pub fn resolve(conn: &Connection, key: &str) -> Result<ProjectId, StoreError> {
    use crate::repo::resolve::{ambiguous, id_or_prefix, IdTable};
    let key = key.trim();
    let exact: Option<String> = conn
        .prepare_cached("SELECT id FROM projects WHERE id = ?1 AND deleted_at IS NULL")?
        .query_row([key], |r| r.get(0))
        .optional()?;
    if let Some(id) = exact {
        return Ok(ProjectId(id));
    }
    let named: Vec<String> = conn
        .prepare_cached(
            "SELECT id FROM projects WHERE name = ?1 AND deleted_at IS NULL ORDER BY id LIMIT 6",
        )?
        .query_map([key], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    match named.as_slice() {
        [one] => Ok(ProjectId(one.clone())),
        [] => id_or_prefix(conn, IdTable::Projects, key).map(ProjectId),
        several => Err(ambiguous(IdTable::Projects, key, several)),
    }
}

/// Casting or uncasting changes what the images that mention the character must show.
fn dirty_showing(
    tx: &mut WriteTx<'_>,
    project: &ProjectId,
    who: &videogen_model::Character,
) -> Result<(), StoreError> {
    let names: Vec<String> = std::iter::once(who.name.clone())
        .chain(who.aliases.iter().cloned())
        .collect();
    dirty::apply(
        tx,
        Edit::Casting,
        Scope::Showing {
            character: &who.id,
            names: &names,
            project: Some(project),
        },
    )
}

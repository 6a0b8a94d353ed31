//! Projects, their cast, and loading a whole project in one call.

use rusqlite::{params, Connection, OptionalExtension, Row};
use videogen_model::{
    ChangeOp, CharacterId, Entity, GenerationModelId, NewProject, Project, ProjectId, ProjectPatch,
    ProjectStatus, ProjectSummary, ProjectTree, Section, StyleId, TokenUsage,
};

use crate::dirty::{self, Edit, Scope};
use crate::row::{self, SECTION_COLUMNS, SENTENCE_COLUMNS};
use crate::{new_id, now_ms, validate, StoreError, WriteTx};

const PROJECT_COLUMNS: &str = "id, name, topic, target_duration, visual_style, voice_id, \
    model_id, video_model_id, style_id, status, width, height, fps_num, fps_den, \
    llm_prompt_tokens, llm_completion_tokens, llm_cache_hit_tokens, llm_cache_miss_tokens, \
    created_at, updated_at";

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
        },
        cast: Vec::new(),
        created_at: row.get(18)?,
        updated_at: row.get(19)?,
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
    let sql = format!("SELECT {PROJECT_COLUMNS} FROM projects WHERE id = ?1");
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
    if let Some((w, h)) = patch.size {
        if !(16..=8192).contains(&w) || !(16..=8192).contains(&h) || w % 2 == 1 || h % 2 == 1 {
            return Err(StoreError::Invalid(format!(
                "The frame size {w}x{h} is not usable: width and height must be even numbers from 16 to 8192."
            )));
        }
        set(tx, "width", &w)?;
        set(tx, "height", &h)?;
    }
    if let Some((num, den)) = patch.fps {
        const RATES: [(u32, u32); 5] = [(24000, 1001), (24, 1), (25, 1), (30000, 1001), (30, 1)];
        if !RATES.contains(&(num, den)) {
            return Err(StoreError::Invalid(format!(
                "The frame rate {num}/{den} is not one editors' timelines take from us: choose 23.976, 24, 25, 29.97 or 30."
            )));
        }
        set(tx, "fps_num", &num)?;
        set(tx, "fps_den", &den)?;
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
    tx.record(Entity::Project, id.as_str(), Some(id), ChangeOp::Update);
    get(tx, id)
}

/// Marks the project as changed now (after an edit to its script).
pub fn touch(tx: &mut WriteTx<'_>, id: &ProjectId) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE projects SET updated_at = ?1 WHERE id = ?2",
        params![now_ms(), id.as_str()],
    )?;
    Ok(())
}

/// Adds LLM token usage to the project's running totals.
pub fn add_token_usage(
    tx: &mut WriteTx<'_>,
    id: &ProjectId,
    usage: &videogen_model::TokenUsage,
) -> Result<(), StoreError> {
    let n = tx.execute(
        "UPDATE projects SET llm_prompt_tokens = llm_prompt_tokens + ?1,
            llm_completion_tokens = llm_completion_tokens + ?2,
            llm_cache_hit_tokens = llm_cache_hit_tokens + ?3,
            llm_cache_miss_tokens = llm_cache_miss_tokens + ?4 WHERE id = ?5",
        params![
            usage.prompt_tokens,
            usage.completion_tokens,
            usage.cache_hit_tokens,
            usage.cache_miss_tokens,
            id.as_str()
        ],
    )?;
    if n == 0 {
        return Err(StoreError::not_found("Project", id.as_str()));
    }
    tx.record(Entity::Project, id.as_str(), Some(id), ChangeOp::Update);
    Ok(())
}

/// Deletes a project and (by cascade) its script, outlines and jobs. The caller moves its
/// files folder to the trash after the commit.
pub fn delete(tx: &mut WriteTx<'_>, id: &ProjectId) -> Result<(), StoreError> {
    let n = tx.execute("DELETE FROM projects WHERE id = ?1", [id.as_str()])?;
    if n == 0 {
        return Err(StoreError::not_found("Project", id.as_str()));
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
    crate::repo::characters::get(tx, character)?;
    tx.execute(
        "INSERT OR IGNORE INTO project_cast (project_id, character_id) VALUES (?1, ?2)",
        [id.as_str(), character.as_str()],
    )?;
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
    tx.execute(
        "DELETE FROM project_cast WHERE project_id = ?1 AND character_id = ?2",
        [id.as_str(), character.as_str()],
    )?;
    touch(tx, id)?;
    tx.record(Entity::Project, id.as_str(), Some(id), ChangeOp::Update);
    Ok(())
}

/// Finds a project by exact id, then exact name, then unique id prefix (at least 4
/// characters).
pub fn resolve(conn: &Connection, key: &str) -> Result<ProjectId, StoreError> {
    let key = key.trim();
    let found = |sql: &str, arg: &str| -> Result<Vec<(String, String)>, StoreError> {
        let mut stmt = conn.prepare_cached(sql)?;
        let rows = stmt.query_map([arg], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    };
    let by_id = found("SELECT id, name FROM projects WHERE id = ?1", key)?;
    let mut matches = if by_id.is_empty() {
        found(
            "SELECT id, name FROM projects WHERE name = ?1 ORDER BY id",
            key,
        )?
    } else {
        by_id
    };
    let lower = key.to_ascii_lowercase();
    if matches.is_empty() && lower.len() >= 4 {
        // A range, not LIKE: `_` and `%` in what the user typed are not wildcards.
        matches = found(
            "SELECT id, name FROM projects WHERE id >= ?1 AND id < ?1 || '~' ORDER BY id LIMIT 6",
            &lower,
        )?;
    }
    match matches.len() {
        0 => Err(StoreError::not_found("Project", key)),
        1 => Ok(ProjectId(matches.remove(0).0)),
        _ => {
            let list: Vec<String> = matches
                .iter()
                .take(5)
                .map(|(id, name)| format!("{id} ({name})"))
                .collect();
            Err(StoreError::Invalid(format!(
                "\"{key}\" matches several projects: {}. Give the full id.",
                list.join(", ")
            )))
        }
    }
}

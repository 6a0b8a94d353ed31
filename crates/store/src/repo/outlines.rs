//! Long-form script outlines (seed STORY-006).

use rusqlite::{params, Connection, OptionalExtension, Row};
use videogen_model::{
    ChangeOp, Entity, OutlineId, OutlineStatus, ProjectId, ScriptOutline, SectionOutline,
};

use crate::row::json_list;
use crate::{new_id, now_ms, validate, StoreError, WriteTx};

const COLUMNS: &str = "id, project_id, title, topic, total_target_minutes, visual_style, \
    sections, running_summary, covered_topics, current_section_index, status, created_at, updated_at";

fn outline(row: &Row<'_>) -> rusqlite::Result<ScriptOutline> {
    let status: String = row.get(10)?;
    Ok(ScriptOutline {
        id: OutlineId(row.get(0)?),
        project_id: ProjectId(row.get(1)?),
        title: row.get(2)?,
        topic: row.get(3)?,
        total_target_minutes: row.get(4)?,
        visual_style: row.get(5)?,
        sections: json_list(row.get(6)?),
        running_summary: row.get(7)?,
        covered_topics: json_list(row.get(8)?),
        current_section_index: row.get(9)?,
        status: OutlineStatus::parse(&status).unwrap_or(OutlineStatus::Draft),
        created_at: row.get(11)?,
        updated_at: row.get(12)?,
    })
}

/// Reads one outline.
pub fn get(conn: &Connection, id: &OutlineId) -> Result<ScriptOutline, StoreError> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM script_outlines WHERE id = ?1"
    ))?
    .query_row([id.as_str()], outline)
    .optional()?
    .ok_or_else(|| StoreError::not_found("Outline", id.as_str()))
}

/// A project's outlines, newest first.
pub fn list(conn: &Connection, project: &ProjectId) -> Result<Vec<ScriptOutline>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM script_outlines WHERE project_id = ?1 ORDER BY created_at DESC, id"
    ))?;
    let rows = stmt.query_map([project.as_str()], outline)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A project's newest outline, if it has one.
pub fn for_project(
    conn: &Connection,
    project: &ProjectId,
) -> Result<Option<ScriptOutline>, StoreError> {
    Ok(list(conn, project)?.into_iter().next())
}

/// Replaces an outline's planned sections (the user edited it before the script is
/// written); refused once writing has started.
pub fn replace_sections(
    tx: &mut WriteTx<'_>,
    id: &OutlineId,
    sections: &[SectionOutline],
) -> Result<ScriptOutline, StoreError> {
    let before = get(tx, id)?;
    if before.current_section_index > 0 {
        return Err(StoreError::Conflict(
            "The script is already being written from this outline: edit the script instead."
                .into(),
        ));
    }
    if sections.is_empty() || sections.iter().any(|s| s.title.trim().is_empty()) {
        return Err(StoreError::Invalid(
            "An outline needs at least one section, each with a title.".into(),
        ));
    }
    let json = serde_json::to_string(sections)
        .map_err(|e| StoreError::Invalid(format!("outline sections: {e}")))?;
    tx.execute(
        "UPDATE script_outlines SET sections = ?1, updated_at = ?2 WHERE id = ?3",
        params![json, now_ms(), id.as_str()],
    )?;
    tx.record(
        Entity::Outline,
        id.as_str(),
        Some(&before.project_id),
        ChangeOp::Update,
    );
    get(tx, id)
}

/// Creates an outline for a project.
pub fn create(
    tx: &mut WriteTx<'_>,
    project: &ProjectId,
    title: &str,
    topic: Option<&str>,
    total_target_minutes: u32,
    sections: &[SectionOutline],
) -> Result<ScriptOutline, StoreError> {
    crate::repo::projects::get(tx, project)?;
    let title = validate::name("outline title", title)?;
    if total_target_minutes == 0 {
        return Err(StoreError::Invalid(
            "The outline's target length is 0 minutes: choose at least 1.".into(),
        ));
    }
    let json = serde_json::to_string(sections)
        .map_err(|e| StoreError::Invalid(format!("outline sections: {e}")))?;
    let id = OutlineId(new_id());
    let now = now_ms();
    tx.execute(
        "INSERT INTO script_outlines (id, project_id, title, topic, total_target_minutes, sections,
            created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
        params![
            id.as_str(),
            project.as_str(),
            title,
            topic,
            total_target_minutes,
            json,
            now
        ],
    )?;
    tx.record(
        Entity::Outline,
        id.as_str(),
        Some(project),
        ChangeOp::Insert,
    );
    get(tx, &id)
}

/// Records progress of writing an outline out.
pub fn advance(
    tx: &mut WriteTx<'_>,
    id: &OutlineId,
    current_section_index: u32,
    running_summary: Option<&str>,
    covered_topics: &[String],
    status: OutlineStatus,
) -> Result<ScriptOutline, StoreError> {
    let before = get(tx, id)?;
    let covered = serde_json::to_string(covered_topics)
        .map_err(|e| StoreError::Invalid(format!("covered topics: {e}")))?;
    tx.execute(
        "UPDATE script_outlines SET current_section_index = ?1, running_summary = ?2,
            covered_topics = ?3, status = ?4, updated_at = ?5 WHERE id = ?6",
        params![
            current_section_index,
            running_summary,
            covered,
            status.as_str(),
            now_ms(),
            id.as_str()
        ],
    )?;
    tx.record(
        Entity::Outline,
        id.as_str(),
        Some(&before.project_id),
        ChangeOp::Update,
    );
    get(tx, id)
}

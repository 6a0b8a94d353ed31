//! Sections of a project's script: create, rename, delete, reorder.

use rusqlite::{params, Connection, OptionalExtension};
use videogen_model::{ChangeOp, Entity, ProjectId, Section, SectionId};

use crate::row::{self, SECTION_COLUMNS};
use crate::{new_id, now_ms, repo::projects, validate, StoreError, WriteTx};

/// Reads one section (without its sentences).
pub fn get(conn: &Connection, id: &SectionId) -> Result<Section, StoreError> {
    let sql = format!("SELECT {SECTION_COLUMNS} FROM sections WHERE id = ?1");
    conn.prepare_cached(&sql)?
        .query_row([id.as_str()], row::section)
        .optional()?
        .ok_or_else(|| StoreError::not_found("Section", id.as_str()))
}

/// Reads one section with its sentences in order: what the planner looks at after a job of
/// that section or one of its sentences (a few rows, not the whole project).
pub fn get_with_sentences(conn: &Connection, id: &SectionId) -> Result<Section, StoreError> {
    let mut section = get(conn, id)?;
    let sql = format!(
        "SELECT {} FROM sentences s WHERE s.section_id = ?1 ORDER BY s.\"order\"",
        row::SENTENCE_COLUMNS
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([id.as_str()], row::sentence)?;
    section.sentences = rows.collect::<Result<_, _>>()?;
    Ok(section)
}

/// The project a section belongs to.
pub fn project_of(conn: &Connection, id: &SectionId) -> Result<ProjectId, StoreError> {
    conn.prepare_cached("SELECT project_id FROM sections WHERE id = ?1")?
        .query_row([id.as_str()], |r| r.get::<_, String>(0))
        .optional()?
        .map(ProjectId)
        .ok_or_else(|| StoreError::not_found("Section", id.as_str()))
}

/// The ids of a project's sections, in order.
pub fn ids(conn: &Connection, project: &ProjectId) -> Result<Vec<String>, StoreError> {
    let mut stmt =
        conn.prepare_cached("SELECT id FROM sections WHERE project_id = ?1 ORDER BY \"order\"")?;
    let rows = stmt.query_map([project.as_str()], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Creates a section at `position` (default: last).
pub fn create(
    tx: &mut WriteTx<'_>,
    project: &ProjectId,
    title: &str,
    position: Option<u32>,
) -> Result<Section, StoreError> {
    projects::get(tx, project)?;
    let title = validate::title(title)?;
    let count = ids(tx, project)?.len() as u32;
    let at = position.unwrap_or(count).min(count);
    tx.execute(
        "UPDATE sections SET \"order\" = \"order\" + 1 WHERE project_id = ?1 AND \"order\" >= ?2",
        params![project.as_str(), at],
    )?;
    let id = SectionId(new_id());
    tx.execute(
        "INSERT INTO sections (id, project_id, title, \"order\", created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id.as_str(), project.as_str(), title, at, now_ms()],
    )?;
    projects::touch(tx, project)?;
    tx.record(
        Entity::Section,
        id.as_str(),
        Some(project),
        ChangeOp::Insert,
    );
    get(tx, &id)
}

/// Renames a section; titles regenerate nothing.
pub fn rename(tx: &mut WriteTx<'_>, id: &SectionId, title: &str) -> Result<Section, StoreError> {
    let title = validate::title(title)?;
    let project = project_of(tx, id)?;
    tx.execute(
        "UPDATE sections SET title = ?1 WHERE id = ?2",
        params![title, id.as_str()],
    )?;
    projects::touch(tx, &project)?;
    tx.record(
        Entity::Section,
        id.as_str(),
        Some(&project),
        ChangeOp::Update,
    );
    get(tx, id)
}

/// Deletes a section and its sentences, closing the gap in the order.
pub fn delete(tx: &mut WriteTx<'_>, id: &SectionId) -> Result<(), StoreError> {
    let section = get(tx, id)?;
    tx.execute("DELETE FROM sections WHERE id = ?1", [id.as_str()])?;
    tx.execute(
        "UPDATE sections SET \"order\" = \"order\" - 1 WHERE project_id = ?1 AND \"order\" > ?2",
        params![section.project_id.as_str(), section.order],
    )?;
    projects::touch(tx, &section.project_id)?;
    tx.record(
        Entity::Section,
        id.as_str(),
        Some(&section.project_id),
        ChangeOp::Delete,
    );
    Ok(())
}

/// Puts a project's sections in the given order; the list must name each exactly once.
pub fn reorder(
    tx: &mut WriteTx<'_>,
    project: &ProjectId,
    order: &[SectionId],
) -> Result<(), StoreError> {
    projects::get(tx, project)?;
    let current = ids(tx, project)?;
    let wanted: Vec<String> = order.iter().map(|s| s.0.clone()).collect();
    validate::permutation("section", &current, &wanted)?;
    {
        let mut stmt = tx.prepare_cached("UPDATE sections SET \"order\" = ?1 WHERE id = ?2")?;
        for (i, id) in wanted.iter().enumerate() {
            stmt.execute(params![i as u32, id])?;
        }
    }
    projects::touch(tx, project)?;
    tx.record(
        Entity::Project,
        project.as_str(),
        Some(project),
        ChangeOp::Update,
    );
    Ok(())
}

/// Records a section's one-take narration made from revision `made_from_rev`; the section
/// is marked clean only if that revision is still current.
pub fn record_narration(
    tx: &mut WriteTx<'_>,
    id: &SectionId,
    made_from_rev: i64,
    file: &str,
    duration_ms: i64,
) -> Result<bool, StoreError> {
    let project = project_of(tx, id)?;
    tx.execute(
        "UPDATE sections SET audio_file = ?1, audio_duration_ms = ?2, audio_file_rev = ?3,
            is_audio_dirty = CASE WHEN audio_rev = ?3 THEN 0 ELSE is_audio_dirty END
         WHERE id = ?4 AND ?3 >= COALESCE(audio_file_rev, 0)",
        params![file, duration_ms, made_from_rev, id.as_str()],
    )?;
    tx.record(
        Entity::Section,
        id.as_str(),
        Some(&project),
        ChangeOp::Update,
    );
    Ok(!get(tx, id)?.narration.dirty)
}

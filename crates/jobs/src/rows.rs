//! Reading `generation_jobs` rows into [`Job`]s, and the target's stored form.

use rusqlite::{Connection, OptionalExtension, Row};
use videogen_model::{
    Job, JobId, JobKind, JobState, JobTarget, OutlineId, ProjectId, SectionId, SentenceId,
};
use videogen_store::StoreError;

/// The columns [`job`] reads, in order.
pub(crate) const JOB_COLUMNS: &str = "id, job_type, status, project_id, section_id, sentence_id, \
    outline_id, progress, step_name, attempt, max_attempts, error_message, result_file, \
    created_at, started_at, completed_at, resource";

/// Maps a row selected with [`JOB_COLUMNS`].
pub(crate) fn job(row: &Row<'_>) -> rusqlite::Result<Job> {
    let kind: String = row.get(1)?;
    let state: String = row.get(2)?;
    Ok(Job {
        id: JobId(row.get(0)?),
        // Rows are written only by this crate with known kinds; an unknown text would be
        // a newer build's kind, shown as a diagnostic job rather than failing the list.
        kind: JobKind::parse(&kind).unwrap_or(JobKind::Diagnostic),
        // The CHECK constraint keeps the column within the enum.
        state: JobState::parse(&state).unwrap_or(JobState::Failed),
        project_id: row.get::<_, Option<String>>(3)?.map(ProjectId),
        section_id: row.get::<_, Option<String>>(4)?.map(SectionId),
        sentence_id: row.get::<_, Option<String>>(5)?.map(SentenceId),
        outline_id: row.get::<_, Option<String>>(6)?.map(OutlineId),
        progress: row.get(7)?,
        step_name: row.get(8)?,
        attempt: row.get(9)?,
        max_attempts: row.get(10)?,
        error: row.get(11)?,
        result_file: row.get(12)?,
        created_at: row.get(13)?,
        started_at: row.get(14)?,
        completed_at: row.get(15)?,
        resource: row.get(16)?,
    })
}

/// One job by id, if it exists.
pub(crate) fn find(conn: &Connection, id: &str) -> Result<Option<Job>, StoreError> {
    let sql = format!("SELECT {JOB_COLUMNS} FROM generation_jobs WHERE id = ?1");
    Ok(conn.prepare_cached(&sql)?.query_row([id], job).optional()?)
}

/// One job by id, or a not-found error.
pub(crate) fn get(conn: &Connection, id: &str) -> Result<Job, StoreError> {
    find(conn, id)?.ok_or_else(|| StoreError::not_found("Job", id))
}

/// The stored uniqueness key of a target: one active job per (kind, key). Jobs without a
/// target have none, so any number of them may be active.
pub(crate) fn unique_key(target: &JobTarget) -> Option<String> {
    match target {
        JobTarget::Project(id) => Some(format!("project:{id}")),
        JobTarget::Section(id) => Some(format!("section:{id}")),
        JobTarget::Sentence(id) => Some(format!("sentence:{id}")),
        JobTarget::None => None,
    }
}

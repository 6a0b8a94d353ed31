//! A project's rows as data, and back: what a backup stores and what a duplicate copies.
//!
//! Rows travel as column → JSON value maps rather than typed structs, so that a backup
//! written by an older schema restores into a newer one: columns the older schema lacked
//! take their defaults, and the schema version travels beside the rows (the caller refuses a
//! newer one). Every id of the project's own rows is replaced by a new one on the way in, in
//! id columns and in file paths alike (files are named by the ids they belong to), so a
//! restore or a duplicate never touches the rows it came from.

use std::collections::{BTreeMap, HashMap};

use rusqlite::types::{Value, ValueRef};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use videogen_model::{ChangeOp, Entity, ProjectId};

use crate::{new_id, now_ms, StoreError, WriteTx};

/// One row: column name → value (`null`, integer, real or text).
pub type Row = serde_json::Map<String, serde_json::Value>;

/// Tables of a project, in the order they are inserted (parents first). Characters are the
/// library's, not the project's: they travel so a restore on another machine has its cast,
/// and keep their ids (the same character restored twice is one character).
const TABLES: [&str; 7] = [
    "characters",
    "projects",
    "sections",
    "sentences",
    "script_outlines",
    "project_cast",
    "takes",
];

/// Tables whose `id` is the project's own and is replaced on the way in.
const OWN_IDS: [&str; 5] = [
    "projects",
    "sections",
    "sentences",
    "script_outlines",
    "takes",
];

/// Columns that hold one of the project's own ids.
const ID_COLUMNS: [&str; 4] = ["id", "project_id", "section_id", "sentence_id"];

/// Columns that hold a file path relative to the data dir.
const FILE_COLUMNS: [&str; 5] = [
    "audio_file",
    "image_file",
    "video_file",
    "section_audio_file",
    "file",
];

/// Columns that name the file something was made from (a clip's image): renamed with the
/// project like the files, but not copied themselves (the file may be gone with its take).
const SOURCE_COLUMNS: [&str; 2] = ["video_image_file", "source_file"];

/// A project's rows and those of the characters it casts.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ProjectRows {
    /// Table name → its rows.
    pub tables: BTreeMap<String, Vec<Row>>,
}

/// Old id → new id for every row the project owns.
#[derive(Clone, Debug, Default)]
pub struct IdMap {
    map: HashMap<String, String>,
    project: Option<ProjectId>,
}

impl IdMap {
    /// The new project's id.
    pub fn project(&self) -> Option<&ProjectId> {
        self.project.as_ref()
    }

    /// The new id of `old`, if it is one of the project's own.
    pub fn get(&self, old: &str) -> Option<&str> {
        self.map.get(old).map(String::as_str)
    }

    /// `path` with every component that starts with an old id (`{id}_r3.wav`, the project's
    /// folder) renamed to start with its new id. Paths use `/`, as stored.
    pub fn rename_path(&self, path: &str) -> String {
        path.split('/')
            .map(
                |part| match part.get(..36).and_then(|id| self.map.get(id)) {
                    Some(new) => format!("{new}{}", &part[36..]),
                    None => part.to_owned(),
                },
            )
            .collect::<Vec<_>>()
            .join("/")
    }
}

impl ProjectRows {
    /// The rows of `table` (empty when it has none).
    pub fn rows(&self, table: &str) -> &[Row] {
        self.tables.get(table).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The project's row.
    pub fn project(&self) -> Option<&Row> {
        self.rows("projects").first()
    }

    /// Every file path the rows name (current files, takes, character references), each once.
    pub fn files(&self) -> Vec<String> {
        let mut files: Vec<String> = Vec::new();
        for table in TABLES {
            for row in self.rows(table) {
                for column in FILE_COLUMNS {
                    if let Some(serde_json::Value::String(f)) = row.get(column) {
                        if !f.is_empty() {
                            files.push(f.clone());
                        }
                    }
                }
                if let Some(serde_json::Value::String(refs)) = row.get("reference_images") {
                    let refs: Vec<String> = serde_json::from_str(refs).unwrap_or_default();
                    files.extend(refs);
                }
            }
        }
        files.sort();
        files.dedup();
        files
    }

    /// A fresh id for every row the project owns.
    pub fn new_ids(&self) -> IdMap {
        let mut ids = IdMap::default();
        for table in OWN_IDS {
            for row in self.rows(table) {
                if let Some(serde_json::Value::String(old)) = row.get("id") {
                    let new = new_id();
                    if table == "projects" {
                        ids.project = Some(ProjectId(new.clone()));
                    }
                    ids.map.insert(old.clone(), new);
                }
            }
        }
        ids
    }
}

fn to_json(value: ValueRef<'_>) -> Result<serde_json::Value, StoreError> {
    Ok(match value {
        ValueRef::Null => serde_json::Value::Null,
        ValueRef::Integer(i) => i.into(),
        ValueRef::Real(f) => serde_json::Number::from_f64(f)
            .map(serde_json::Value::Number)
            .unwrap_or(serde_json::Value::Null),
        ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned().into(),
        // No table of a project has a BLOB column; one appearing is a schema we do not know.
        ValueRef::Blob(_) => {
            return Err(StoreError::Invalid(
                "a project row holds binary data, which backups do not carry".into(),
            ))
        }
    })
}

fn to_sql(value: &serde_json::Value) -> Result<Value, StoreError> {
    Ok(match value {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Integer(i64::from(*b)),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => Value::Real(n.as_f64().unwrap_or(0.0)),
        },
        serde_json::Value::String(s) => Value::Text(s.clone()),
        other => {
            return Err(StoreError::Invalid(format!(
                "a backed-up column holds {other}, which no column of ours stores"
            )))
        }
    })
}

fn select(conn: &Connection, sql: &str, project: &str) -> Result<Vec<Row>, StoreError> {
    let mut stmt = conn.prepare(sql)?;
    let names: Vec<String> = stmt.column_names().iter().map(|s| s.to_string()).collect();
    let mut rows = stmt.query([project])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let mut row = Row::new();
        for (i, name) in names.iter().enumerate() {
            row.insert(name.clone(), to_json(r.get_ref(i)?)?);
        }
        out.push(row);
    }
    Ok(out)
}

/// Every row of a (not deleted) project, its cast's characters and its takes. Call it inside
/// a read transaction for a consistent snapshot, or on the writer.
pub fn dump(conn: &Connection, id: &ProjectId) -> Result<ProjectRows, StoreError> {
    crate::repo::projects::get(conn, id)?;
    let sections = "SELECT id FROM sections WHERE project_id = ?1";
    let queries = [
        (
            "characters",
            "SELECT * FROM characters WHERE id IN
                (SELECT character_id FROM project_cast WHERE project_id = ?1) ORDER BY id"
                .to_owned(),
        ),
        (
            "projects",
            "SELECT * FROM projects WHERE id = ?1".to_owned(),
        ),
        (
            "sections",
            "SELECT * FROM sections WHERE project_id = ?1 ORDER BY \"order\"".to_owned(),
        ),
        (
            "sentences",
            format!("SELECT * FROM sentences WHERE section_id IN ({sections}) ORDER BY section_id, \"order\""),
        ),
        (
            "script_outlines",
            "SELECT * FROM script_outlines WHERE project_id = ?1 ORDER BY created_at, id".to_owned(),
        ),
        (
            "project_cast",
            "SELECT * FROM project_cast WHERE project_id = ?1 ORDER BY character_id".to_owned(),
        ),
        (
            "takes",
            format!(
                "SELECT * FROM takes WHERE section_id IN ({sections})
                 OR sentence_id IN (SELECT id FROM sentences WHERE section_id IN ({sections}))
                 ORDER BY created_at, id"
            ),
        ),
    ];
    let mut tables = BTreeMap::new();
    for (table, sql) in queries {
        tables.insert(table.to_owned(), select(conn, &sql, id.as_str())?);
    }
    Ok(ProjectRows { tables })
}

fn columns(conn: &Connection, table: &str) -> Result<Vec<String>, StoreError> {
    let mut stmt = conn.prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))?;
    let names = stmt.query_map([], |r| r.get::<_, String>(0))?;
    Ok(names.collect::<Result<_, _>>()?)
}

fn exists(conn: &Connection, table: &str, id: &str) -> Result<bool, StoreError> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT EXISTS(SELECT 1 FROM {table} WHERE id = ?1)"
        ))?
        .query_row([id], |r| r.get(0))?)
}

/// Inserts `rows` as a new project under the ids of `ids` (from [`ProjectRows::new_ids`]),
/// named `name` when given. Characters that already exist (same id) are reused; models and
/// styles this database lacks are left unset; a project caught mid-generation comes back as
/// a draft (no job of it travels). Columns this schema lacks are dropped, columns the rows
/// lack take their defaults. Returns the new project's id.
pub fn insert(
    tx: &mut WriteTx<'_>,
    rows: &ProjectRows,
    ids: &IdMap,
    name: Option<&str>,
) -> Result<ProjectId, StoreError> {
    let project = ids
        .project()
        .cloned()
        .ok_or_else(|| StoreError::Invalid("the backup holds no project".into()))?;
    if rows.rows("projects").len() != 1 {
        return Err(StoreError::Invalid(
            "the backup must hold exactly one project".into(),
        ));
    }
    let now = now_ms();
    for table in TABLES {
        let known = columns(tx, table)?;
        for row in rows.rows(table) {
            if table == "characters" {
                match row.get("id") {
                    Some(serde_json::Value::String(id)) if exists(tx, "characters", id)? => {
                        continue
                    }
                    _ => {}
                }
            }
            let mut names = Vec::new();
            let mut values = Vec::new();
            for (column, value) in row {
                if !known.iter().any(|k| k == column) {
                    continue;
                }
                let mut value = to_sql(value)?;
                if let Value::Text(text) = &value {
                    if ID_COLUMNS.contains(&column.as_str()) && table != "characters" {
                        if let Some(new) = ids.get(text) {
                            value = Value::Text(new.to_owned());
                        }
                    } else if FILE_COLUMNS.contains(&column.as_str())
                        || SOURCE_COLUMNS.contains(&column.as_str())
                    {
                        value = Value::Text(ids.rename_path(text));
                    }
                }
                if table == "projects" {
                    value = project_column(tx, column, value, name, now)?;
                }
                names.push(format!("\"{column}\""));
                values.push(value);
            }
            let marks: Vec<String> = (1..=values.len()).map(|i| format!("?{i}")).collect();
            let sql = format!(
                "INSERT INTO {table} ({}) VALUES ({})",
                names.join(", "),
                marks.join(", ")
            );
            tx.execute(&sql, rusqlite::params_from_iter(values))?;
        }
    }
    tx.record(
        Entity::Project,
        project.as_str(),
        Some(&project),
        ChangeOp::Insert,
    );
    Ok(project)
}

/// What a project column becomes in the copy.
fn project_column(
    tx: &WriteTx<'_>,
    column: &str,
    value: Value,
    name: Option<&str>,
    now: i64,
) -> Result<Value, StoreError> {
    Ok(match (column, &value) {
        ("name", _) => match name {
            Some(n) => Value::Text(crate::validate::name("project name", n)?),
            None => value,
        },
        ("updated_at", _) => Value::Integer(now),
        ("deleted_at", _) => Value::Null,
        ("status", Value::Text(s)) if s == "generating" || s == "scripting" => {
            Value::Text("draft".into())
        }
        ("model_id" | "video_model_id", Value::Text(id))
            if !exists(tx, "generation_models", id)? =>
        {
            Value::Null
        }
        ("style_id", Value::Text(id)) if !exists(tx, "visual_styles", id)? => Value::Null,
        _ => value,
    })
}

/// A take that is not the current file of its piece.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OldTake {
    /// The take's id.
    pub id: String,
    /// `audio`, `image`, `video` or `section_audio`.
    pub kind: String,
    /// Relative to the data dir.
    pub file: String,
}

/// The takes of a project (deleted or not) that are not the current file of their sentence
/// or section: what "remove old takes" removes.
pub fn old_takes(conn: &Connection, id: &ProjectId) -> Result<Vec<OldTake>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT t.id, t.kind, t.file FROM takes t
         JOIN sentences s ON s.id = t.sentence_id
         JOIN sections c ON c.id = s.section_id
         WHERE c.project_id = ?1 AND t.file IS NOT CASE t.kind
            WHEN 'audio' THEN s.audio_file WHEN 'image' THEN s.image_file
            WHEN 'video' THEN s.video_file END
         UNION ALL
         SELECT t.id, t.kind, t.file FROM takes t
         JOIN sections c ON c.id = t.section_id
         WHERE c.project_id = ?1 AND t.file IS NOT c.audio_file
         ORDER BY 1",
    )?;
    let rows = stmt.query_map([id.as_str()], |r| {
        Ok(OldTake {
            id: r.get(0)?,
            kind: r.get(1)?,
            file: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Forgets the given takes of `project` (their files are the caller's to remove). Returns
/// how many rows went.
pub fn delete_takes(
    tx: &mut WriteTx<'_>,
    project: &ProjectId,
    take_ids: &[String],
) -> Result<usize, StoreError> {
    let json = serde_json::to_string(take_ids).map_err(|e| StoreError::Invalid(e.to_string()))?;
    let n = tx.execute(
        "DELETE FROM takes WHERE id IN (SELECT value FROM json_each(?1))",
        [json],
    )?;
    if n > 0 {
        tx.record(
            Entity::Project,
            project.as_str(),
            Some(project),
            ChangeOp::Update,
        );
    }
    Ok(n)
}

/// Every file the database still names, relative to the data dir: current files of every
/// sentence and section, every take, every character reference. A file named here is never
/// removed as an old take.
pub fn files_in_use(conn: &Connection, project: &ProjectId) -> Result<Vec<String>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT s.audio_file FROM sentences s JOIN sections c ON c.id = s.section_id WHERE c.project_id = ?1
         UNION SELECT s.image_file FROM sentences s JOIN sections c ON c.id = s.section_id WHERE c.project_id = ?1
         UNION SELECT s.video_file FROM sentences s JOIN sections c ON c.id = s.section_id WHERE c.project_id = ?1
         UNION SELECT s.section_audio_file FROM sentences s JOIN sections c ON c.id = s.section_id WHERE c.project_id = ?1
         UNION SELECT audio_file FROM sections WHERE project_id = ?1
         UNION SELECT t.file FROM takes t JOIN sentences s ON s.id = t.sentence_id
            JOIN sections c ON c.id = s.section_id WHERE c.project_id = ?1
         UNION SELECT t.file FROM takes t JOIN sections c ON c.id = t.section_id WHERE c.project_id = ?1",
    )?;
    let rows = stmt.query_map([project.as_str()], |r| r.get::<_, Option<String>>(0))?;
    let mut out = Vec::new();
    for r in rows {
        if let Some(f) = r? {
            out.push(f);
        }
    }
    Ok(out)
}

//! The one way a person names a row: its full id, or a unique prefix of at least
//! [`MIN_PREFIX`] characters, as `videogen show` and `videogen jobs` print them.

use rusqlite::{Connection, OptionalExtension};

use crate::StoreError;

/// The shortest id prefix accepted: shorter ones match too much to be useful.
pub const MIN_PREFIX: usize = 4;

/// The tables whose rows can be named by id prefix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdTable {
    /// `projects`.
    Projects,
    /// `sections`.
    Sections,
    /// `sentences`.
    Sentences,
    /// `generation_jobs`.
    Jobs,
    /// `characters`.
    Characters,
}

impl IdTable {
    /// The table, as a row source of live rows only (deleted projects are in the trash).
    fn table(self) -> &'static str {
        match self {
            IdTable::Projects => "(SELECT id FROM projects WHERE deleted_at IS NULL)",
            IdTable::Sections => "sections",
            IdTable::Sentences => "sentences",
            IdTable::Jobs => "generation_jobs",
            IdTable::Characters => "characters",
        }
    }

    /// What a person calls a row of it, for messages.
    pub fn what(self) -> &'static str {
        match self {
            IdTable::Projects => "Project",
            IdTable::Sections => "Section",
            IdTable::Sentences => "Sentence",
            IdTable::Jobs => "Job",
            IdTable::Characters => "Character",
        }
    }
}

/// The id `key` names in `table`: the exact id, else the one id starting with `key` (at
/// least [`MIN_PREFIX`] characters, case-insensitive). Not found when nothing matches;
/// invalid input, listing up to five, when several do.
pub fn id_or_prefix(conn: &Connection, table: IdTable, key: &str) -> Result<String, StoreError> {
    let key = key.trim();
    let exact: Option<String> = conn
        .prepare_cached(&format!("SELECT id FROM {} WHERE id = ?1", table.table()))?
        .query_row([key], |r| r.get(0))
        .optional()?;
    if let Some(id) = exact {
        return Ok(id);
    }
    let lower = key.to_ascii_lowercase();
    // Ids are lower-case hex and hyphens; anything else cannot be a prefix of one.
    if lower.len() < MIN_PREFIX || !lower.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
        return Err(StoreError::not_found(table.what(), key));
    }
    // A range, not LIKE: nothing the user typed is a wildcard.
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id FROM {} WHERE id >= ?1 AND id < ?1 || '~' ORDER BY id LIMIT 6",
        table.table()
    ))?;
    let ids: Vec<String> = stmt
        .query_map([&lower], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    match ids.as_slice() {
        [] => Err(StoreError::not_found(table.what(), key)),
        [one] => Ok(one.clone()),
        several => Err(ambiguous(table, key, several)),
    }
}

/// The error for a prefix that names several rows.
pub fn ambiguous(table: IdTable, key: &str, ids: &[String]) -> StoreError {
    let shown: Vec<&str> = ids.iter().take(5).map(String::as_str).collect();
    StoreError::Invalid(format!(
        "\"{key}\" matches several {}s ({}): give more characters of the id.",
        table.what().to_ascii_lowercase(),
        shown.join(", ")
    ))
}

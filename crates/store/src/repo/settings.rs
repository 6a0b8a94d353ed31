//! Settings: a key and a JSON value each (service URLs, concurrency, …).

use rusqlite::{params, Connection, OptionalExtension};
use videogen_model::{ChangeOp, Entity};

use crate::{StoreError, WriteTx};

/// Reads a setting.
pub fn get(conn: &Connection, key: &str) -> Result<Option<serde_json::Value>, StoreError> {
    let text: Option<String> = conn
        .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?;
    Ok(text.and_then(|t| serde_json::from_str(&t).ok()))
}

/// Every setting, by key.
pub fn list(conn: &Connection) -> Result<Vec<(String, serde_json::Value)>, StoreError> {
    let mut stmt = conn.prepare_cached("SELECT key, value FROM settings ORDER BY key")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (key, text) = row?;
        if let Ok(value) = serde_json::from_str(&text) {
            out.push((key, value));
        }
    }
    Ok(out)
}

/// Writes a setting (`None` removes it).
pub fn set(
    tx: &mut WriteTx<'_>,
    key: &str,
    value: Option<&serde_json::Value>,
) -> Result<(), StoreError> {
    match value {
        Some(v) => {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                params![key, v.to_string()],
            )?;
        }
        None => {
            tx.execute("DELETE FROM settings WHERE key = ?1", [key])?;
        }
    }
    tx.record(Entity::Setting, key, None, ChangeOp::Update);
    Ok(())
}

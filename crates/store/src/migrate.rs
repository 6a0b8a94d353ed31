//! Schema migrations: `migrations/NNNN_name.sql`, embedded, applied in order at open.
//!
//! The schema version is `PRAGMA user_version`. Each pending migration runs in its own
//! `BEGIN IMMEDIATE` transaction together with the version bump, so a crash leaves the
//! database at the last whole migration. A copy is taken before migrating an existing
//! database, and a database newer than this build is refused untouched.

use std::path::Path;

use rusqlite::{Connection, TransactionBehavior};

use crate::StoreError;

/// One embedded migration.
pub struct Migration {
    /// Its version; `user_version` after it is applied.
    pub version: i64,
    /// File name without `.sql`.
    pub name: &'static str,
    /// The SQL.
    pub sql: &'static str,
}

/// Every migration, in order. Versions are 1, 2, 3, … without gaps.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "0001_init",
        sql: include_str!("../../../migrations/0001_init.sql"),
    },
    Migration {
        version: 2,
        name: "0002_jobs",
        sql: include_str!("../../../migrations/0002_jobs.sql"),
    },
    Migration {
        version: 3,
        name: "0003_generation",
        sql: include_str!("../../../migrations/0003_generation.sql"),
    },
    Migration {
        version: 4,
        name: "0004_clip_source",
        sql: include_str!("../../../migrations/0004_clip_source.sql"),
    },
];

/// The schema version this build writes.
pub const LATEST_VERSION: i64 = MIGRATIONS.len() as i64;

pub(crate) fn migrate(conn: &mut Connection, path: &Path) -> Result<(), StoreError> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if current > LATEST_VERSION {
        return Err(StoreError::TooNew {
            path: path.display().to_string(),
            found: current,
            known: LATEST_VERSION,
        });
    }
    if current == LATEST_VERSION {
        return Ok(());
    }
    if current > 0 {
        backup(conn, path, current)?;
    }
    // A migration may rebuild a table (SQLite's way to change a constraint), which must
    // not cascade: foreign keys are off while migrating (the pragma is a no-op inside a
    // transaction, so it is set here) and every key is checked before each commit.
    conn.pragma_update(None, "foreign_keys", false)?;
    let result = apply_pending(conn, path, current);
    conn.pragma_update(None, "foreign_keys", true)?;
    result
}

fn apply_pending(conn: &mut Connection, path: &Path, current: i64) -> Result<(), StoreError> {
    for migration in MIGRATIONS.iter().filter(|m| m.version > current) {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Another process may have applied it while we waited for the write lock (the app
        // and the CLI opening a new data directory together).
        let applied: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if applied >= migration.version {
            continue;
        }
        let failed = |detail: String| StoreError::Setup {
            path: path.display().to_string(),
            detail: format!("migration {} failed: {detail}", migration.name),
        };
        tx.execute_batch(migration.sql)
            .map_err(|e| failed(e.to_string()))?;
        let broken: i64 =
            tx.query_row("SELECT COUNT(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })?;
        if broken > 0 {
            return Err(failed(format!(
                "{broken} rows point at rows that do not exist"
            )));
        }
        tx.pragma_update(None, "user_version", migration.version)?;
        tx.commit()?;
        tracing::info!(migration = migration.name, "applied migration");
    }
    Ok(())
}

/// Copies the database to `studio.db.bak-<version>` before it is migrated.
fn backup(conn: &Connection, path: &Path, version: i64) -> Result<(), StoreError> {
    let mut target = path.as_os_str().to_owned();
    target.push(format!(".bak-{version}"));
    let target = std::path::PathBuf::from(target);
    if target.exists() {
        return Ok(());
    }
    // VACUUM INTO writes a consistent copy even while WAL holds recent commits.
    conn.execute("VACUUM INTO ?1", [target.to_string_lossy()])?;
    Ok(())
}

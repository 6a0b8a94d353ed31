//! Opening, migrating, pragmas, and refusing newer databases.
//!
//! Every released schema version has a fixture, `tests/fixtures/v<N>.sql`: rows as users'
//! databases hold them, valid for the schema of migrations 1..=N. The upgrade test builds a
//! database of each older version from its own migrations and fixture, opens it with today's
//! code and checks the rows, the schema and the backup, so that adding a migration tests
//! every upgrade path to it. When you add migration N+1, add `v<N+1>.sql` with it (the test
//! asks for it once migration N+2 exists).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rusqlite::types::Value;
use rusqlite::Connection;
use videogen_model::{ErrorCode, NewProject, ProjectId, SentenceId};
use videogen_store::repo::{catalog, characters, outlines, projects, sentences, settings};
use videogen_store::{Store, StoreError, LATEST_VERSION, MIGRATIONS};

use crate::fixture::open;

#[test]
fn pragmas_are_set_on_every_connection() {
    let (_dir, store) = open();
    let (mode, fk, sync, busy): (String, i64, i64, i64) = store
        .read(|c| {
            Ok((
                c.query_row("PRAGMA journal_mode", [], |r| r.get(0))?,
                c.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?,
                c.query_row("PRAGMA synchronous", [], |r| r.get(0))?,
                c.query_row("PRAGMA busy_timeout", [], |r| r.get(0))?,
            ))
        })
        .expect("pragmas");
    assert_eq!((mode.as_str(), fk, sync, busy), ("wal", 1, 1, 5000));
}

#[test]
fn data_survives_reopening_and_defaults_are_seeded_once() {
    let (dir, store) = open();
    let models = store.read(catalog::list_models).expect("models");
    let names: Vec<&str> = models.iter().map(|m| m.workflow_file.as_str()).collect();
    for wanted in [
        "image/flux-2",
        "image/z-image-turbo",
        "image/qwen",
        "video/wan-2.2",
        "video/ltx-2",
    ] {
        assert!(names.contains(&wanted), "{wanted} seeded");
    }
    assert!(store.read(catalog::list_styles).expect("styles").len() >= 5);
    let p = store
        .write(|tx| {
            projects::create(
                tx,
                &NewProject {
                    name: "Keep me".into(),
                    ..Default::default()
                },
            )
        })
        .expect("create");
    // The user deletes a seeded model; reopening must not bring it back.
    store
        .write(|tx| catalog::delete_model(tx, &models[0].id))
        .expect("delete");
    drop(store);
    let store = Store::open(dir.path().join("studio.db")).expect("reopen");
    assert_eq!(
        store.read(|c| projects::get(c, &p.id)).expect("kept").name,
        "Keep me"
    );
    assert_eq!(
        store.read(catalog::list_models).expect("models").len(),
        models.len() - 1
    );
}

#[test]
fn every_older_schema_with_data_migrates_to_the_latest_keeping_its_rows_and_a_backup() {
    let fresh = fresh_schema();
    for version in 1..LATEST_VERSION {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("studio.db");
        let (before_schema, before_rows) = {
            let conn = build_database(&path, version);
            (schema(&conn), rows(&conn))
        };

        let store = Store::open(&path)
            .unwrap_or_else(|e| panic!("a version {version} database does not open: {e}"));
        let store_version: i64 = store
            .read(|c| Ok(c.query_row("PRAGMA user_version", [], |r| r.get(0))?))
            .expect("user_version");
        assert_eq!(store_version, LATEST_VERSION, "v{version} was not migrated");
        reads_through_the_repositories(&store, &before_rows, version);
        drop(store);

        let conn = Connection::open(&path).expect("reopen");
        assert_eq!(
            schema(&conn),
            fresh,
            "v{version} migrated to a schema other than a new database's"
        );
        for (table, (columns, old)) in &before_rows {
            let now = select(&conn, table, columns);
            for row in old {
                assert!(
                    now.contains(row),
                    "v{version}: a row of {table} changed or was lost in the migration: {row:?}"
                );
            }
        }
        if version == 1 {
            // Migration 0002's columns take their defaults on jobs that predate them.
            let defaults: Vec<(i64, i64, i64, String)> = conn
                .prepare(
                    "SELECT attempt, max_attempts, cancel_requested, payload FROM generation_jobs",
                )
                .and_then(|mut s| {
                    s.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
                        .collect()
                })
                .expect("job columns");
            assert_eq!(defaults.len(), 3);
            assert!(defaults.iter().all(|d| *d == (0, 3, 0, "{}".to_owned())));
        }

        let backup = dir.path().join(format!("studio.db.bak-{version}"));
        assert!(backup.exists(), "no backup {} taken", backup.display());
        let old = Connection::open(&backup).expect("open the backup");
        let backup_version: i64 = old
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .expect("version");
        assert_eq!(
            backup_version, version,
            "the backup is not the old database"
        );
        assert_eq!(schema(&old), before_schema, "the backup's schema");
        assert_eq!(rows(&old), before_rows, "the backup's rows");
    }
}

#[test]
fn the_fixture_of_the_latest_schema_opens_as_it_is() {
    // A fixture is required for every version that has a newer one (the test above); the
    // latest may not have one yet: it is written with the next migration at the latest.
    if fixture_sql(LATEST_VERSION).is_none() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("studio.db");
    let before = rows(&build_database(&path, LATEST_VERSION));
    let store = Store::open(&path).expect("open the latest fixture");
    reads_through_the_repositories(&store, &before, LATEST_VERSION);
    drop(store);
    assert!(!dir
        .path()
        .join(format!("studio.db.bak-{LATEST_VERSION}"))
        .exists());
}

#[test]
fn a_fixture_exists_for_every_released_version_and_no_other() {
    let dir = fixtures_dir();
    for version in 1..LATEST_VERSION {
        assert!(
            fixture_sql(version).is_some(),
            "{}/v{version}.sql is missing: every schema version older than the latest needs \
             a fixture of realistic rows so that upgrading from it is tested",
            dir.display()
        );
    }
    for entry in std::fs::read_dir(&dir).expect("fixtures folder") {
        let name = entry.expect("entry").file_name();
        let name = name.to_string_lossy();
        let version = name
            .strip_prefix('v')
            .and_then(|n| n.strip_suffix(".sql"))
            .and_then(|n| n.parse::<i64>().ok());
        assert!(
            version.is_some_and(|v| (1..=LATEST_VERSION).contains(&v)),
            "{name}: fixtures are named v<N>.sql for a schema version 1..={LATEST_VERSION}"
        );
    }
}

#[test]
fn a_database_from_a_newer_version_is_refused_and_left_untouched() {
    let (dir, store) = open();
    let path = dir.path().join("studio.db");
    store
        .write(|tx| {
            projects::create(
                tx,
                &NewProject {
                    name: "Made by a newer version".into(),
                    ..Default::default()
                },
            )
        })
        .expect("create");
    drop(store);
    {
        // What a newer version leaves behind: its own table and its schema number.
        let conn = Connection::open(&path).expect("open");
        conn.execute_batch("CREATE TABLE added_later (id TEXT PRIMARY KEY NOT NULL);")
            .expect("new table");
        conn.pragma_update(None, "user_version", LATEST_VERSION + 1)
            .expect("bump");
    }
    let before = std::fs::read(&path).expect("read");

    let err = Store::open(&path)
        .err()
        .expect("a newer database is refused");
    assert!(
        matches!(err, StoreError::TooNew { found, known, .. }
            if found == LATEST_VERSION + 1 && known == LATEST_VERSION),
        "{err:?}"
    );
    assert_eq!(err.code(), ErrorCode::DatabaseTooNew);
    let message = err.to_string();
    for part in [
        format!("schema {}", LATEST_VERSION + 1),
        format!("up to {LATEST_VERSION}"),
        "Update VideoGen Studio".to_owned(),
    ] {
        assert!(message.contains(&part), "{part:?} not in: {message}");
    }

    assert!(
        std::fs::read(&path).expect("read") == before,
        "the newer database was modified"
    );
    let backups: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".bak-"))
        .collect();
    assert!(
        backups.is_empty(),
        "a backup was taken of a refused database"
    );
}

#[test]
fn writes_from_another_connection_appear_in_the_change_log() {
    let (dir, store) = open();
    let seq = store.last_change_seq().expect("seq");
    let other = Store::open(dir.path().join("studio.db")).expect("second process");
    let p = other
        .write(|tx| {
            projects::create(
                tx,
                &NewProject {
                    name: "From the CLI".into(),
                    ..Default::default()
                },
            )
        })
        .expect("create");
    let (changes, last) = store.changes_since(seq).expect("changes");
    assert!(last > seq);
    assert!(changes
        .iter()
        .any(|c| c.id == p.id.0 && c.project_id.as_ref() == Some(&p.id)));
}

#[test]
fn two_processes_opening_a_new_data_directory_together_both_succeed() {
    for _ in 0..5 {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("studio.db");
        let opened: Vec<bool> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..3)
                .map(|_| scope.spawn(|| Store::open(&path).map_err(|e| e.to_string())))
                .collect();
            handles
                .into_iter()
                .map(|h| match h.join().expect("thread") {
                    Ok(_) => true,
                    Err(e) => panic!("open failed: {e}"),
                })
                .collect()
        });
        assert_eq!(opened, [true; 3]);
        let store = Store::open(&path).expect("reopen");
        assert_eq!(
            store.read(catalog::list_models).expect("models").len(),
            7,
            "seeded once: five ComfyUI models and the two offline ones"
        );
    }
}

// ---- fixtures of released schema versions ----

/// Each table's column names and rows (in rowid or key order).
type Rows = BTreeMap<String, (Vec<String>, Vec<Vec<Value>>)>;

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn fixture_sql(version: i64) -> Option<String> {
    std::fs::read_to_string(fixtures_dir().join(format!("v{version}.sql"))).ok()
}

/// A database at schema `version` as that release left it: migrations 1..=version alone
/// (not today's schema with the version number lowered), then the version's fixture rows.
/// Every table must have rows, so that each is carried through the upgrade.
fn build_database(path: &Path, version: i64) -> Connection {
    let sql = fixture_sql(version).unwrap_or_else(|| {
        panic!(
            "{}/v{version}.sql is missing: every released schema version needs a fixture",
            fixtures_dir().display()
        )
    });
    let conn = Connection::open(path).expect("create the database");
    for migration in MIGRATIONS.iter().take_while(|m| m.version <= version) {
        conn.execute_batch(migration.sql)
            .unwrap_or_else(|e| panic!("migration {}: {e}", migration.name));
    }
    conn.execute_batch(&format!("BEGIN; {sql}\nCOMMIT;"))
        .unwrap_or_else(|e| panic!("v{version}.sql does not fit schema {version}: {e}"));
    conn.pragma_update(None, "user_version", version)
        .expect("user_version");
    let broken: i64 = conn
        .query_row("SELECT COUNT(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .expect("foreign key check");
    assert_eq!(broken, 0, "v{version}.sql has rows pointing at nothing");
    for (table, (_, rows)) in rows(&conn) {
        assert!(
            !rows.is_empty(),
            "v{version}.sql leaves {table} empty: give every table rows"
        );
    }
    conn
}

/// The schema of a database made today from nothing.
fn fresh_schema() -> Vec<(String, String, String, Option<String>)> {
    let (dir, store) = open();
    drop(store);
    let conn = Connection::open(dir.path().join("studio.db")).expect("open");
    schema(&conn)
}

/// Every table, index and trigger with its SQL.
fn schema(conn: &Connection) -> Vec<(String, String, String, Option<String>)> {
    conn.prepare(
        "SELECT type, name, tbl_name, sql FROM sqlite_master
         WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
    )
    .and_then(|mut s| {
        s.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect()
    })
    .expect("schema")
}

fn rows(conn: &Connection) -> Rows {
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
             ORDER BY name",
        )
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .expect("tables");
    tables
        .into_iter()
        .map(|table| {
            let columns: Vec<String> = conn
                .prepare(&format!(
                    "SELECT name FROM pragma_table_info('{table}') ORDER BY cid"
                ))
                .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
                .expect("columns");
            let rows = select(conn, &table, &columns);
            (table, (columns, rows))
        })
        .collect()
}

/// `columns` of every row of `table`, ordered by all of them.
fn select(conn: &Connection, table: &str, columns: &[String]) -> Vec<Vec<Value>> {
    let list = columns
        .iter()
        .map(|c| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(", ");
    conn.prepare(&format!("SELECT {list} FROM \"{table}\" ORDER BY {list}"))
        .and_then(|mut s| {
            s.query_map([], |r| {
                (0..columns.len()).map(|i| r.get::<_, Value>(i)).collect()
            })?
            .collect()
        })
        .unwrap_or_else(|e| panic!("{table}: {e}"))
}

/// The text values of `column` in `table`'s rows.
fn texts(rows: &Rows, table: &str, column: &str) -> Vec<String> {
    let (columns, rows) = &rows[table];
    let i = columns
        .iter()
        .position(|c| c == column)
        .unwrap_or_else(|| panic!("{table} has no {column}"));
    rows.iter()
        .filter_map(|r| match &r[i] {
            Value::Text(t) => Some(t.clone()),
            _ => None,
        })
        .collect()
}

/// Today's repositories read every project, sentence, catalog entry, character, outline and
/// setting of the old database (a new column a row mapper cannot read fails here).
fn reads_through_the_repositories(store: &Store, old: &Rows, version: i64) {
    let listed: Vec<String> = store
        .read(projects::list)
        .expect("list projects")
        .into_iter()
        .map(|p| p.id.0)
        .collect();
    for (id, name) in texts(old, "projects", "id")
        .into_iter()
        .zip(texts(old, "projects", "name"))
    {
        assert!(
            listed.contains(&id),
            "v{version}: project {name} not listed"
        );
        let project = ProjectId(id);
        let tree = store
            .read(|c| projects::load_tree(c, &project))
            .unwrap_or_else(|e| panic!("v{version}: project {name} does not load: {e}"));
        assert_eq!(tree.project.name, name);
        store
            .read(|c| outlines::list(c, &project))
            .unwrap_or_else(|e| panic!("v{version}: outlines of {name}: {e}"));
    }
    for (id, text) in texts(old, "sentences", "id")
        .into_iter()
        .zip(texts(old, "sentences", "text"))
    {
        let sentence = store
            .read(|c| sentences::get(c, &SentenceId(id.clone())))
            .unwrap_or_else(|e| panic!("v{version}: sentence {id}: {e}"));
        assert_eq!(sentence.text, text);
    }
    let models: Vec<String> = store
        .read(catalog::list_models)
        .expect("models")
        .into_iter()
        .map(|m| m.id.0)
        .collect();
    for id in texts(old, "generation_models", "id") {
        assert!(models.contains(&id), "v{version}: model {id} lost");
    }
    let styles: Vec<String> = store
        .read(catalog::list_styles)
        .expect("styles")
        .into_iter()
        .map(|s| s.id.0)
        .collect();
    for id in texts(old, "visual_styles", "id") {
        assert!(styles.contains(&id), "v{version}: style {id} lost");
    }
    let cast: Vec<String> = store
        .read(characters::list)
        .expect("characters")
        .into_iter()
        .map(|c| c.id.0)
        .collect();
    for id in texts(old, "characters", "id") {
        assert!(cast.contains(&id), "v{version}: character {id} lost");
    }
    for key in texts(old, "settings", "key") {
        let value = store
            .read(|c| settings::get(c, &key))
            .unwrap_or_else(|e| panic!("v{version}: setting {key}: {e}"));
        assert!(value.is_some(), "v{version}: setting {key} lost");
    }
}

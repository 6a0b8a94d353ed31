//! Opening, migrating, pragmas, and refusing newer databases.

use videogen_model::{ErrorCode, NewProject};
use videogen_store::repo::{catalog, projects};
use videogen_store::{Store, LATEST_VERSION};

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
fn a_database_from_a_newer_version_is_refused() {
    let (dir, store) = open();
    store
        .write(|tx| Ok(tx.pragma_update(None, "user_version", LATEST_VERSION + 1)?))
        .expect("bump");
    drop(store);
    let err = Store::open(dir.path().join("studio.db"))
        .err()
        .expect("refused");
    assert_eq!(err.code(), ErrorCode::DatabaseTooNew);
    assert!(err.to_string().contains("newer version"), "{err}");
}

#[test]
fn an_older_database_is_backed_up_before_migrating() {
    if LATEST_VERSION < 2 {
        // Only one migration so far: there is no older schema to migrate from.
        return;
    }
    let (dir, store) = open();
    store
        .write(|tx| Ok(tx.pragma_update(None, "user_version", 1)?))
        .expect("downgrade");
    drop(store);
    // Re-running later migrations on a database that already has them fails, which is
    // fine for this test: the copy must exist before any migration runs.
    let _ = Store::open(dir.path().join("studio.db"));
    assert!(dir.path().join("studio.db.bak-1").exists());
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
            5,
            "seeded once"
        );
    }
}

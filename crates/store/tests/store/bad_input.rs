//! Bad input gets a typed error naming the problem, and nothing is half-written.

use videogen_model::{ErrorCode, NewProject, ProjectId, SectionId, SentenceId, SentencePatch};
use videogen_store::repo::{projects, sections, sentences};
use videogen_store::{Store, StoreError};

use crate::fixture::{open, Fixture};

fn code(err: StoreError) -> (ErrorCode, String) {
    let msg = err.to_string();
    (err.code(), msg)
}

#[test]
fn empty_or_whitespace_names_are_refused() {
    let (_dir, store) = open();
    for name in ["", "   ", "\t\n"] {
        let err = store
            .write(|tx| {
                projects::create(
                    tx,
                    &NewProject {
                        name: name.into(),
                        ..Default::default()
                    },
                )
            })
            .unwrap_err();
        let (code, msg) = code(err);
        assert_eq!(code, ErrorCode::InvalidInput);
        assert!(msg.contains("project name is empty"), "{msg}");
    }
    assert!(
        store.read(projects::list).expect("list").is_empty(),
        "nothing written"
    );
}

#[test]
fn a_one_megabyte_sentence_is_refused_with_its_length() {
    let f = Fixture::new();
    let huge = "word ".repeat(200_000);
    let err = f
        .store
        .write(|tx| {
            sentences::update(
                tx,
                &f.sentences[0],
                &SentencePatch {
                    text: Some(huge.clone()),
                    ..Default::default()
                },
            )
        })
        .unwrap_err();
    let (code, msg) = code(err);
    assert_eq!(code, ErrorCode::InvalidInput);
    assert!(
        msg.contains("999999 characters") && msg.contains("split"),
        "{msg}"
    );
    assert_eq!(f.sentence(&f.sentences[0]).text, "First.");
}

#[test]
fn nul_characters_are_refused() {
    let f = Fixture::new();
    let err = f
        .store
        .write(|tx| sentences::create(tx, &f.sections[0], "bad\0text", None))
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    assert!(err.to_string().contains("NUL"));
    let err = f
        .store
        .write(|tx| {
            projects::create(
                tx,
                &NewProject {
                    name: "a\0b".into(),
                    ..Default::default()
                },
            )
        })
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
}

#[test]
fn emoji_and_right_to_left_text_round_trip() {
    let f = Fixture::new();
    for text in [
        "Rocket 🚀 launch! 👩‍🚀",
        "مرحبا بالعالم. هذا اختبار؟",
        "שלום עולם",
        "e\u{301}te\u{301}",
    ] {
        let s = f
            .store
            .write(|tx| sentences::create(tx, &f.sections[0], text, None))
            .expect("create");
        assert_eq!(f.sentence(&s.id).text, text);
    }
    let p = f
        .store
        .write(|tx| {
            projects::create(
                tx,
                &NewProject {
                    name: "مشروع 🎬".into(),
                    ..Default::default()
                },
            )
        })
        .expect("create");
    assert_eq!(p.name, "مشروع 🎬");
}

#[test]
fn unknown_ids_are_not_found() {
    let f = Fixture::new();
    let err = f
        .store
        .read(|c| projects::get(c, &ProjectId("nope".into())))
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
    assert!(err.to_string().contains("Project \"nope\""));
    let err = f
        .store
        .write(|tx| sentences::update(tx, &SentenceId("missing".into()), &SentencePatch::default()))
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
    let err = f
        .store
        .write(|tx| sections::rename(tx, &SectionId("x".into()), "t"))
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
    let err = f
        .store
        .write(|tx| projects::delete(tx, &ProjectId("x".into())))
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
}

#[test]
fn reorder_lists_with_missing_duplicated_or_foreign_ids_are_refused() {
    let f = Fixture::new();
    let [a, b, c, _] = f.sentences.clone();
    let section = f.sections[0].clone();
    let cases: [(Vec<SentenceId>, &str); 3] = [
        (vec![a.clone()], "leaves out"),
        (vec![a.clone(), a.clone()], "twice"),
        (vec![a.clone(), b.clone(), c.clone()], "not one of them"),
    ];
    for (order, expected) in cases {
        let err = f
            .store
            .write(|tx| sentences::reorder(tx, &section, &order))
            .unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidInput);
        assert!(err.to_string().contains(expected), "{err}");
    }
    let tree = f
        .store
        .read(|c| projects::load_tree(c, &f.project))
        .expect("tree");
    assert_eq!(tree.sections[0].sentences[0].id, a, "order unchanged");
    let err = f
        .store
        .write(|tx| sections::reorder(tx, &f.project, &[f.sections[0].clone()]))
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
}

#[test]
fn a_failed_write_leaves_nothing_half_written() {
    let f = Fixture::new();
    let before = f
        .store
        .read(|c| projects::load_tree(c, &f.project))
        .expect("tree");
    let err = f.store.write(|tx| {
        sentences::create(tx, &f.sections[0], "This one is fine.", None)?;
        sentences::create(tx, &f.sections[0], "", None)
    });
    assert!(err.is_err());
    let after = f
        .store
        .read(|c| projects::load_tree(c, &f.project))
        .expect("tree");
    assert_eq!(before, after);
}

#[test]
fn motion_strength_out_of_range_is_refused() {
    let f = Fixture::new();
    for bad in [-0.1, 1.5, f64::NAN] {
        let err = f
            .store
            .write(|tx| {
                sentences::update(
                    tx,
                    &f.sentences[0],
                    &SentencePatch {
                        motion_strength: Some(bad),
                        ..Default::default()
                    },
                )
            })
            .unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidInput, "{bad}");
    }
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_untouched() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("studio.db");
    let junk = b"this is a text file, not a database\n".repeat(200);
    std::fs::write(&path, &junk).expect("write");
    let err = Store::open(&path).err().expect("refused");
    assert_eq!(err.code(), ErrorCode::DatabaseUnreadable);
    assert!(err.to_string().contains("studio.db"), "{err}");
    assert_eq!(
        std::fs::read(&path).expect("read"),
        junk,
        "the user's file is untouched"
    );
}

#[test]
fn a_read_only_database_file_is_refused() {
    let (dir, store) = open();
    drop(store);
    let path = dir.path().join("studio.db");
    let mut perms = std::fs::metadata(&path).expect("meta").permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&path, perms).expect("chmod");
    let err = Store::open(&path).err().expect("refused");
    assert_eq!(err.code(), ErrorCode::DatabaseReadOnly);
    assert!(
        err.to_string().contains("cannot be opened for writing"),
        "{err}"
    );
}

//! Project life: create, edit, reopen, delete to the trash.

use videogen_model::{NewProject, SentencePatch};

use crate::studio;

#[test]
fn everything_survives_reopening_the_data_directory() {
    let (dir, studio) = studio();
    let p = studio
        .import_script_text("Keep", "# A\n\nOne. Two.")
        .expect("import");
    let tree = studio.load_project(&p.id).expect("load");
    let first = tree.sections[0].sentences[0].id.clone();
    studio
        .update_sentence(
            &first,
            SentencePatch {
                text: Some("Uno.".into()),
                ..Default::default()
            },
        )
        .expect("edit");
    drop(studio);
    let again = videogen_app::Studio::open(dir.path().join("data")).expect("reopen");
    let tree = again.load_project(&p.id).expect("load");
    assert_eq!(tree.sections[0].sentences[0].text, "Uno.");
    assert_eq!(tree.sections[0].sentences[1].text, "Two.");
}

#[test]
fn deleting_a_project_moves_its_files_to_the_trash() {
    let (_dir, studio) = studio();
    let p = studio
        .create_project(NewProject {
            name: "Gone".into(),
            ..Default::default()
        })
        .expect("create");
    let files = studio.layout().project_dir(&p.id).join("audio");
    std::fs::create_dir_all(&files).expect("dir");
    std::fs::write(files.join("take.wav"), b"RIFF").expect("file");
    studio.delete_project(&p.id).expect("delete");
    assert!(!studio.layout().project_dir(&p.id).exists());
    let trashed: Vec<_> = std::fs::read_dir(studio.layout().trash_dir())
        .expect("trash")
        .filter_map(Result::ok)
        .collect();
    assert_eq!(trashed.len(), 1);
    assert!(
        trashed[0].path().join("audio/take.wav").exists(),
        "the user's file is kept"
    );
    assert!(studio.get_project(&p.id).is_err());
}

#[test]
fn a_data_directory_that_cannot_be_created_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("a-file");
    std::fs::write(&file, b"x").expect("write");
    let err = videogen_app::Studio::open(file.join("data"))
        .err()
        .expect("refused");
    assert!(
        err.message.contains("Cannot create the folder"),
        "{}",
        err.message
    );
}

//! Moving the data folder: asked for while open, carried out at the next start, remembered
//! outside the database where the CLI reads it too.

use videogen_app::{DataLocation, Studio};
use videogen_model::ErrorCode;

#[test]
fn a_move_is_made_at_the_next_start_and_remembered() {
    let tmp = tempfile::tempdir().expect("dir");
    let location = DataLocation::at(tmp.path().join("config/location.json"));
    let old = tmp.path().join("old-data");
    let new = tmp.path().join("new-data");
    {
        let studio = Studio::open(&old).expect("open");
        let p = studio
            .import_script_text("Keep me", "One line.")
            .expect("import");
        studio
            .move_data_dir_with(&location, &new, false)
            .expect("ask");
        let status = location.status(studio.data_dir(), false);
        assert_eq!(
            status.move_to.as_deref(),
            Some(new.to_str().expect("utf-8"))
        );
        assert!(old.join("studio.db").exists(), "nothing moves while open");
        drop(p);
    }
    // The next start, of the app or the CLI.
    let resolved = location.resolve(tmp.path().join("platform-default"));
    assert_eq!(resolved, new);
    assert!(!old.exists());
    let studio = Studio::open(&resolved).expect("open moved");
    assert_eq!(studio.list_projects().expect("list")[0].name, "Keep me");
    let status = location.status(studio.data_dir(), false);
    assert_eq!((status.move_to, status.last_error), (None, None));
    // And the start after that finds it without moving anything.
    assert_eq!(location.resolve(tmp.path().join("platform-default")), new);
}

#[test]
fn without_a_location_file_the_default_is_used() {
    let tmp = tempfile::tempdir().expect("dir");
    let location = DataLocation::at(tmp.path().join("none/location.json"));
    assert_eq!(location.resolve(tmp.path().join("d")), tmp.path().join("d"));
}

#[test]
fn a_folder_with_files_inside_the_data_or_relative_is_refused() {
    let tmp = tempfile::tempdir().expect("dir");
    let location = DataLocation::at(tmp.path().join("location.json"));
    let data = tmp.path().join("data");
    let studio = Studio::open(&data).expect("open");
    let busy = tmp.path().join("busy");
    std::fs::create_dir_all(&busy).expect("dir");
    std::fs::write(busy.join("x.txt"), b"x").expect("file");
    for (to, words) in [
        (busy.clone(), "already holds files"),
        (data.join("inner"), "inside"),
        (std::path::PathBuf::from("relative/dir"), "full path"),
        (tmp.path().join("no/such/parent"), "does not exist"),
    ] {
        let err = studio
            .move_data_dir_with(&location, &to, false)
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidInput, "{to:?}");
        assert!(err.message.contains(words), "{to:?}: {}", err.message);
    }
    let err = studio
        .move_data_dir_with(&location, &tmp.path().join("fine"), true)
        .unwrap_err();
    assert!(err.message.contains("VIDEOGEN_DATA_DIR"), "{}", err.message);
    assert!(
        !tmp.path().join("location.json").exists(),
        "nothing remembered"
    );
}

#[test]
fn a_move_that_cannot_be_made_leaves_the_data_and_says_why() {
    let tmp = tempfile::tempdir().expect("dir");
    let location = DataLocation::at(tmp.path().join("location.json"));
    let data = tmp.path().join("data");
    let parent = tmp.path().join("usb");
    std::fs::create_dir_all(&parent).expect("dir");
    {
        let studio = Studio::open(&data).expect("open");
        studio
            .move_data_dir_with(&location, &parent.join("videogen"), false)
            .expect("ask");
    }
    // The drive is gone by the next start.
    std::fs::remove_dir_all(&parent).expect("unplug");
    assert_eq!(location.resolve(tmp.path().join("default")), data);
    assert!(data.join("studio.db").exists());
    let status = location.status(&data, false);
    assert_eq!(status.move_to, None, "not tried again and again");
    let why = status.last_error.expect("reason kept");
    assert!(why.contains("stayed at"), "{why}");
}

#[test]
fn a_move_asked_for_can_be_taken_back() {
    let tmp = tempfile::tempdir().expect("dir");
    let location = DataLocation::at(tmp.path().join("location.json"));
    let data = tmp.path().join("data");
    let studio = Studio::open(&data).expect("open");
    studio
        .move_data_dir_with(&location, &tmp.path().join("elsewhere"), false)
        .expect("ask");
    location.cancel_move().expect("cancel");
    assert_eq!(location.resolve(tmp.path().join("default")), data);
    assert!(data.join("studio.db").exists());
}

#[test]
fn opening_a_missing_folder_or_with_a_missing_program_says_so() {
    let tmp = tempfile::tempdir().expect("dir");
    let err = videogen_app::open_folder_with("true", &tmp.path().join("gone")).unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
    let err = videogen_app::open_folder_with("videogen-no-such-opener", tmp.path()).unwrap_err();
    assert_eq!(err.code, ErrorCode::Io);
    assert!(err.message.contains("file manager"), "{}", err.message);
    videogen_app::open_folder_with("true", tmp.path()).expect("opened");
}

//! The `videogen` binary on a real data directory: every call is a fresh process, so each
//! step also proves the previous one survived a restart.

use std::path::Path;
use std::process::{Command, Output};

fn videogen(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_videogen"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .output()
        .expect("run videogen")
}

fn stdout(out: &Output) -> String {
    assert!(
        out.status.success(),
        "videogen failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn create_import_show_edit_and_delete_on_a_real_database() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("data");
    let script = dir.path().join("talk.md");
    std::fs::write(
        &script,
        "# Opening\n\nHello there. This is a test.\n\n# Close\n\nGoodbye.",
    )
    .expect("write");

    stdout(&videogen(
        &data,
        &["new", "Empty one", "--topic", "nothing yet"],
    ));
    let imported = stdout(&videogen(
        &data,
        &["import", script.to_str().expect("utf8"), "--name", "Talk"],
    ));
    assert!(imported.contains("2 sections, 3 sentences"), "{imported}");

    let list = stdout(&videogen(&data, &["list"]));
    assert!(
        list.contains("Talk") && list.contains("Empty one"),
        "{list}"
    );

    let show = stdout(&videogen(&data, &["show", "Talk"]));
    assert!(
        show.contains("§1 Opening") && show.contains("§2 Close"),
        "{show}"
    );
    let line = show
        .lines()
        .find(|l| l.contains("Hello there."))
        .expect("sentence line");
    assert!(
        line.contains("AIV"),
        "new sentences need everything: {line}"
    );
    let short_id = line.split_whitespace().next().expect("id");

    let edited = stdout(&videogen(&data, &["edit", short_id, "--camera", "zoom-in"]));
    assert!(edited.contains("AIV"), "{edited}");
    let show = stdout(&videogen(&data, &["show", "Talk"]));
    assert!(show.contains("Hello there."));

    let deleted = stdout(&videogen(&data, &["delete", "Talk"]));
    assert!(deleted.contains("Deleted project Talk"), "{deleted}");
    let list = stdout(&videogen(&data, &["list"]));
    assert!(
        !list.contains("Talk") && list.contains("Empty one"),
        "{list}"
    );
}

#[test]
fn errors_are_one_line_with_a_meaningful_exit_code() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("data");
    let out = videogen(&data, &["show", "nothing-here"]);
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("error: Project \"nothing-here\" was not found"),
        "{err}"
    );

    let out = videogen(&data, &["new", "   "]);
    assert_eq!(out.status.code(), Some(2));

    let empty = dir.path().join("empty.md");
    std::fs::write(&empty, "").expect("write");
    let out = videogen(&data, &["import", empty.to_str().expect("utf8")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("empty"));
}

#[test]
fn a_database_that_is_not_sqlite_is_reported_not_overwritten() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).expect("dir");
    std::fs::write(
        data.join("studio.db"),
        "not a database at all, just text\n".repeat(100),
    )
    .expect("write");
    let out = videogen(&data, &["list"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("is not a VideoGen Studio database"), "{err}");
    assert!(std::fs::read_to_string(data.join("studio.db"))
        .expect("kept")
        .starts_with("not a database"));
}

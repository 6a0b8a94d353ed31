//! What scripts rely on (issue 10 §6): `--json` documents that parse and hold full ids and
//! full texts, no progress-bar frames in a pipe, and counts that read right.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;
use videogen_app::{ExportRequest, Studio};
use videogen_model::ProjectId;

/// Longer than any column of the tables (`show` clips at 100 characters, `list` at 32).
const LONG_SENTENCE: &str = "This sentence is deliberately long, far longer than the hundred \
     characters that the table of videogen show keeps, so that any clipping shows at once.";
const LONG_NAME: &str = "A project whose name does not fit the list's name column";

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

fn json(out: &Output) -> Value {
    let doc: Value = serde_json::from_str(&stdout(out)).expect("stdout is one JSON document");
    assert_eq!(doc["schemaVersion"], 1, "{doc}");
    doc
}

/// A project with two sections, one of them holding [`LONG_SENTENCE`].
fn import_long_project(dir: &Path, data: &Path) -> String {
    let script = dir.join("long.md");
    std::fs::write(
        &script,
        format!("# Opening\n\n{LONG_SENTENCE} A short one.\n\n# Close\n\nGoodbye."),
    )
    .expect("write");
    stdout(&videogen(
        data,
        &[
            "import",
            script.to_str().expect("utf8"),
            "--name",
            LONG_NAME,
        ],
    ))
}

fn is_full_id(v: &Value) -> bool {
    v.as_str()
        .is_some_and(|s| s.len() == 36 && s.matches('-').count() == 4)
}

#[test]
fn list_and_show_json_carry_full_ids_and_full_texts() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("data");
    import_long_project(dir.path(), &data);

    let list = json(&videogen(&data, &["list", "--json"]));
    let projects = list["projects"].as_array().expect("projects");
    assert_eq!(projects.len(), 1, "{list}");
    let project = &projects[0];
    assert_eq!(project["name"], LONG_NAME);
    assert!(is_full_id(&project["id"]), "{project}");
    assert_eq!(project["sectionCount"], 2);
    assert_eq!(project["sentenceCount"], 3);

    // A user prompt, so that both kinds of prompt are in the document.
    let table = stdout(&videogen(&data, &["show", LONG_NAME]));
    assert!(
        !table.contains(LONG_SENTENCE),
        "the table clips long sentences, so only full text in the JSON proves it complete"
    );
    let short_id = table
        .lines()
        .find(|l| l.contains("A short one."))
        .and_then(|l| l.split_whitespace().next())
        .expect("sentence line");
    stdout(&videogen(
        &data,
        &[
            "edit",
            short_id,
            "--image-prompt",
            "a lighthouse at dusk",
            "--camera",
            "pan-left",
        ],
    ));

    let show = json(&videogen(&data, &["show", LONG_NAME, "--json"]));
    assert_eq!(show["project"]["id"], project["id"]);
    assert_eq!(show["project"]["name"], LONG_NAME);
    for setting in ["width", "height", "fpsNum", "fpsDen", "voiceId", "status"] {
        assert!(
            show["project"].get(setting).is_some(),
            "project.{setting}: {show}"
        );
    }
    let sections = show["sections"].as_array().expect("sections");
    assert_eq!(sections.len(), 2);
    assert_eq!(sections[0]["title"], "Opening");
    assert!(is_full_id(&sections[0]["id"]));
    let sentences: Vec<&Value> = sections
        .iter()
        .flat_map(|s| s["sentences"].as_array().expect("sentences"))
        .collect();
    let texts: Vec<&str> = sentences
        .iter()
        .filter_map(|s| s["text"].as_str())
        .collect();
    assert_eq!(texts, [LONG_SENTENCE, "A short one.", "Goodbye."]);
    let edited = sentences[1];
    assert!(is_full_id(&edited["id"]));
    assert!(edited["id"].as_str().expect("id").starts_with(short_id));
    assert_eq!(edited["imagePromptUser"], "a lighthouse at dusk");
    assert!(edited["imagePrompt"].is_null());
    assert_eq!(edited["cameraMovement"], "pan_left");
    for field in [
        "videoPrompt",
        "videoPromptUser",
        "motionStrength",
        "audioDurationMs",
        "videoDurationMs",
        "wordTimings",
    ] {
        assert!(edited.get(field).is_some(), "sentence.{field}: {edited}");
    }
    for asset in ["audio", "image", "video"] {
        let state = &edited[asset];
        assert_eq!(state["dirty"], true, "{asset}: {state}");
        assert!(
            state["rev"].is_i64() && state.get("file").is_some(),
            "{asset}: {state}"
        );
    }
}

#[test]
fn jobs_json_carries_every_field_and_the_full_error() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("data");
    import_long_project(dir.path(), &data);
    let project_id = {
        let list = json(&videogen(&data, &["list", "--json"]));
        list["projects"][0]["id"].as_str().expect("id").to_owned()
    };
    // A strict export of a project without media fails with a message listing what is
    // missing: longer than the table's detail column.
    let queued = {
        let studio = Studio::open(&data).expect("studio");
        studio
            .queue_export(ExportRequest {
                project_id: ProjectId(project_id.clone()),
                target: dir.path().join("out"),
                zip: false,
                fps: None,
                size: None,
                sentence_pause_ms: 0,
                section_pause_ms: 0,
                strict: true,
                section: None,
                formats: videogen_model::ExportFormat::all(),
            })
            .expect("queue export")
    };
    let pending = json(&videogen(&data, &["jobs", "--json"]));
    assert_eq!(pending["jobs"][0]["id"], queued.id.as_str(), "{pending}");
    assert_eq!(pending["counts"]["queued"], 1, "{pending}");
    assert_eq!(pending["paused"], false);

    stdout(&videogen(&data, &["worker"]));
    let doc = json(&videogen(&data, &["jobs", "--json"]));
    let jobs = doc["jobs"].as_array().expect("jobs");
    assert_eq!(jobs.len(), 1, "{doc}");
    let job = &jobs[0];
    assert!(is_full_id(&job["id"]), "{job}");
    assert_eq!(job["projectId"], project_id.as_str());
    assert_eq!(job["kind"], "export");
    assert_eq!(job["state"], "failed", "{job}");
    for field in [
        "sectionId",
        "sentenceId",
        "progress",
        "stepName",
        "attempt",
        "maxAttempts",
        "resultFile",
        "createdAt",
        "startedAt",
        "completedAt",
    ] {
        assert!(job.get(field).is_some(), "job.{field}: {job}");
    }
    let error = job["error"].as_str().expect("error");
    assert!(
        error.chars().count() > 60,
        "a message the table clips: {error}"
    );
    let table = stdout(&videogen(&data, &["jobs"]));
    assert!(
        !table.contains(error),
        "the table clips; the JSON must not: {table}"
    );
    assert_eq!(doc["counts"]["failed"], 1, "{doc}");

    let refused = videogen(&data, &["jobs", "--json", "retry", &project_id]);
    assert_eq!(refused.status.code(), Some(2));
}

#[test]
fn a_piped_export_prints_stages_not_progress_frames() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("data");
    import_long_project(dir.path(), &data);
    let out = videogen(
        &data,
        &[
            "export",
            LONG_NAME,
            "--out",
            dir.path().join("out").to_str().expect("utf8"),
        ],
    );
    stdout(&out);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.stderr.contains(&b'\r'),
        "no \\r frames in a pipe: {err:?}"
    );
    assert!(!out.stdout.contains(&b'\r'));
    let stages: Vec<&str> = err.lines().filter(|l| l.starts_with("export: ")).collect();
    let mut unique = stages.clone();
    unique.dedup();
    assert_eq!(stages, unique, "each stage once: {err}");
    assert!(stages.contains(&"export: done"), "{err}");
}

#[test]
fn counts_are_singular_for_one_and_plural_otherwise() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("data");
    let one = dir.path().join("one.md");
    std::fs::write(&one, "# Only\n\nJust this.").expect("write");
    let imported = stdout(&videogen(&data, &["import", one.to_str().expect("utf8")]));
    assert!(
        imported.ends_with(": 1 section, 1 sentence\n"),
        "{imported}"
    );

    let imported = import_long_project(dir.path(), &data);
    assert!(
        imported.ends_with(": 2 sections, 3 sentences\n"),
        "{imported}"
    );

    let queued = stdout(&videogen(
        &data,
        &[
            "jobs",
            "enqueue-diagnostic",
            "--count",
            "1",
            "--out",
            dir.path().join("diag").to_str().expect("utf8"),
            "--steps-log",
            dir.path().join("steps.log").to_str().expect("utf8"),
        ],
    ));
    assert_eq!(queued.trim(), "Queued 1 diagnostic job.");
}

//! The commands through Tauri's IPC layer (mock runtime, no window) over a real `Studio`
//! on a temp data dir: argument names, JSON shapes and `{ code, message }` errors are what
//! the UI's bindings expect.

use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};
use videogen_model::{AssetKind, SentenceId};
use videogen_studio::{bindings, lifecycle::Lifecycle, Studio};

struct Harness {
    _app: App<MockRuntime>,
    webview: WebviewWindow<MockRuntime>,
    /// The same studio the commands use, for setting up state the UI cannot make.
    studio: Studio,
    dir: tempfile::TempDir,
}

fn harness() -> Harness {
    let dir = tempfile::tempdir().expect("temp dir");
    let studio = Studio::open(dir.path()).expect("open a fresh data dir");
    let app = mock_builder()
        .manage(studio.clone())
        .manage(Lifecycle::default())
        .invoke_handler(bindings::builder::<MockRuntime>().invoke_handler())
        .build(tauri::generate_context!(test = true))
        .expect("mock app");
    let webview = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("mock window");
    Harness {
        _app: app,
        webview,
        studio,
        dir,
    }
}

impl Harness {
    /// Calls a command as the UI does; `Err` holds the rejected value.
    fn invoke(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        let request = InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            // The app's own origin on Linux (remote origins may not call app commands).
            url: "tauri://localhost".parse().expect("url"),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        };
        get_ipc_response(&self.webview, request)
            .map(|body| body.deserialize::<Value>().expect("json answer"))
    }

    fn ok(&self, cmd: &str, args: Value) -> Value {
        self.invoke(cmd, args)
            .unwrap_or_else(|error| panic!("{cmd} failed: {error}"))
    }
}

#[test]
fn a_project_created_renamed_and_deleted_through_commands_shows_in_the_list() {
    let h = harness();
    let project = h.ok(
        "create_project",
        json!({ "input": { "name": "Volcanoes", "topic": null, "targetDurationMin": null } }),
    );
    let id = project["id"].as_str().expect("id").to_owned();
    let patch = json!({ "name": "Volcanoes of Iceland", "topic": null, "targetDurationMin": null,
        "voiceId": null, "modelId": null, "videoModelId": null, "styleId": null, "status": null,
        "size": null, "fps": null });
    h.ok("update_project", json!({ "id": id, "patch": patch }));
    let list = h.ok("list_projects", json!({}));
    assert_eq!(list[0]["name"], "Volcanoes of Iceland");
    assert_eq!(list[0]["sentenceCount"], 0);

    h.ok("delete_project", json!({ "id": id }));
    assert_eq!(h.ok("list_projects", json!({})), json!([]));
}

/// A mono 16-bit PCM WAV of `ms` milliseconds of silence at 24 kHz.
fn wav(ms: u32) -> Vec<u8> {
    let rate = 24_000u32;
    let data_len = rate / 1000 * ms * 2;
    let mut b = Vec::new();
    b.extend_from_slice(b"RIFF");
    b.extend_from_slice(&(36 + data_len).to_le_bytes());
    b.extend_from_slice(b"WAVEfmt ");
    b.extend_from_slice(&16u32.to_le_bytes());
    b.extend_from_slice(&1u16.to_le_bytes()); // PCM
    b.extend_from_slice(&1u16.to_le_bytes()); // mono
    b.extend_from_slice(&rate.to_le_bytes());
    b.extend_from_slice(&(rate * 2).to_le_bytes());
    b.extend_from_slice(&2u16.to_le_bytes());
    b.extend_from_slice(&16u16.to_le_bytes());
    b.extend_from_slice(b"data");
    b.extend_from_slice(&data_len.to_le_bytes());
    b.resize(b.len() + data_len as usize, 0);
    b
}

#[test]
fn an_imported_script_opens_with_its_sentences_and_an_edit_dirties_the_narration() {
    let h = harness();
    let file = h.dir.path().join("ocean.md");
    std::fs::write(
        &file,
        "# The Deep\n\nThe ocean is vast. Most of it is dark.\n\n# Light\n\nSome fish glow.\n",
    )
    .expect("write script");
    let project = h.ok("import_script_file", json!({ "path": file, "name": null }));
    let tree = h.ok("load_project", json!({ "id": project["id"] }));
    let titles: Vec<&str> = tree["sections"]
        .as_array()
        .expect("sections")
        .iter()
        .map(|s| s["title"].as_str().expect("title"))
        .collect();
    assert_eq!(titles, ["The Deep", "Light"]);
    let first = &tree["sections"][0]["sentences"][0];
    assert_eq!(first["text"], "The ocean is vast.");

    // A new sentence's narration is dirty: give it one, so the edit has something to undo.
    let take = h.dir.path().join("take.wav");
    std::fs::write(&take, wav(1200)).expect("write wav");
    let id = SentenceId(first["id"].as_str().expect("id").to_owned());
    h.studio
        .attach_media(&id, AssetKind::Audio, &take)
        .expect("attach narration");
    let clean = h.ok("get_sentence", json!({ "id": first["id"] }));
    assert_eq!(clean["audio"]["dirty"], false, "{clean}");
    assert!(clean["audio"]["file"].is_string());

    let patch = json!({ "text": "The ocean is very vast.", "imagePrompt": null, "videoPrompt": null,
        "cameraMovement": null, "motionStrength": null });
    let edited = h.ok(
        "update_sentence",
        json!({ "id": first["id"], "patch": patch }),
    );
    assert_eq!(edited["text"], "The ocean is very vast.");
    assert_eq!(edited["audio"]["dirty"], true, "{edited}");
    let again = h.ok("load_project", json!({ "id": project["id"] }));
    let stored = &again["sections"][0]["sentences"][0];
    assert_eq!(stored["text"], "The ocean is very vast.");
    assert_eq!(stored["audio"]["dirty"], true);
    // The old take stays on disk for rollback; only its flag changed.
    assert_eq!(stored["audio"]["file"], clean["audio"]["file"]);
}

#[test]
fn failures_reach_the_ui_as_code_and_message() {
    let h = harness();
    let error = h
        .invoke(
            "create_project",
            json!({ "input": { "name": "  ", "topic": null, "targetDurationMin": null } }),
        )
        .expect_err("an empty name is refused");
    assert_eq!(error["code"], "INVALID_INPUT");
    assert!(error["message"].as_str().is_some_and(|m| !m.is_empty()));

    let missing = h
        .invoke(
            "load_project",
            json!({ "id": "0190aaaa-0000-7000-8000-000000000000" }),
        )
        .expect_err("an unknown project is refused");
    assert_eq!(missing["code"], "NOT_FOUND");
}

#[test]
fn an_empty_script_file_is_refused_with_a_message_that_says_what_to_do() {
    let h = harness();
    let file = h.dir.path().join("empty.txt");
    std::fs::write(&file, "   \n").expect("write");
    let error = h
        .invoke("import_script_file", json!({ "path": file, "name": null }))
        .expect_err("empty file");
    assert_eq!(error["code"], "INVALID_FILE");
    assert!(error["message"]
        .as_str()
        .is_some_and(|m| m.contains(".txt or .md")));
}

/// A project whose script is imported from text, returning its id.
fn imported(h: &Harness) -> Value {
    let project = h.ok(
        "import_script_text",
        json!({ "name": "Ocean", "text": "# The Deep\n\nThe ocean is vast. Most of it is dark.\n" }),
    );
    project["id"].clone()
}

#[test]
fn the_plan_names_what_generate_then_queues_and_a_queued_job_can_be_cancelled_and_retried() {
    let h = harness();
    let id = imported(&h);
    // Narration only: it needs no LLM key, and nothing runs (no runner in this harness).
    let scope = json!({ "stages": ["audio"], "sections": null, "sentences": null });

    let plan = h.ok("plan", json!({ "project": id, "scope": scope }));
    assert_eq!(plan["upToDate"], false, "{plan}");
    let narration = plan["kinds"]
        .as_array()
        .expect("kinds")
        .iter()
        .find(|k| k["kind"] == "audio.sentence")
        .unwrap_or_else(|| panic!("no narration in {plan}"));
    assert_eq!(narration["count"], 2);

    let generated = h.ok("generate", json!({ "project": id, "scope": scope }));
    assert_eq!(
        generated["queued"],
        json!([["audio.sentence", 2]]),
        "{generated}"
    );

    let jobs = h.ok("list_jobs", json!({ "project": id, "state": "queued" }));
    assert_eq!(jobs.as_array().map(Vec::len), Some(2), "{jobs}");
    let job = jobs[0]["id"].clone();
    let cancelled = h.ok("cancel_job", json!({ "id": job }));
    assert_eq!(cancelled["state"], "cancelled");
    let retried = h.ok("retry_job", json!({ "id": job }));
    assert_eq!(retried["state"], "queued");

    // Nothing failed, so "retry all failed" queues nothing.
    assert_eq!(h.ok("retry_failed", json!({ "project": id })), json!([]));
    let counts = h.ok("job_counts", json!({}));
    assert_eq!(counts["queued"], 2, "{counts}");
}

#[test]
fn retrying_a_queued_job_is_refused_with_a_conflict() {
    let h = harness();
    let id = imported(&h);
    let scope = json!({ "stages": ["audio"], "sections": null, "sentences": null });
    h.ok("generate", json!({ "project": id, "scope": scope }));
    let jobs = h.ok("list_jobs", json!({ "project": id, "state": null }));
    let error = h
        .invoke("retry_job", json!({ "id": jobs[0]["id"] }))
        .expect_err("a queued job cannot be retried");
    assert_eq!(error["code"], "CONFLICT", "{error}");
}

#[test]
fn settings_are_stored_checked_and_listed_and_the_queue_pause_is_kept() {
    let h = harness();
    let pool = h.ok(
        "config_set",
        json!({ "key": "comfyui.url", "value": "http://10.0.0.2:8188/, http://10.0.0.3:8188" }),
    );
    assert_eq!(pool["value"], "http://10.0.0.2:8188,http://10.0.0.3:8188");
    assert_eq!(pool["source"], "stored");
    let listed = h.ok("config_list", json!({}));
    let found = listed
        .as_array()
        .expect("list")
        .iter()
        .find(|s| s["key"] == "comfyui.url")
        .cloned()
        .expect("comfyui.url listed");
    assert_eq!(found, pool);

    let error = h
        .invoke(
            "config_set",
            json!({ "key": "tts.url", "value": "localhost:8004" }),
        )
        .expect_err("an address without a scheme is refused");
    assert_eq!(error["code"], "INVALID_INPUT");
    assert!(error["message"]
        .as_str()
        .is_some_and(|m| m.contains("http://")));

    h.ok("set_queue_paused", json!({ "paused": true }));
    assert_eq!(h.ok("queue_paused", json!({})), json!(true));

    let engines = h.ok("engines_status", json!({}));
    let state = engines["state"].as_str().expect("state");
    assert!(
        ["installed", "notInstalled", "outdated", "interrupted"].contains(&state),
        "{engines}"
    );
}

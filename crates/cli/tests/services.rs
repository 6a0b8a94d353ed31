//! `videogen doctor` and `videogen workflow run` against the fake ComfyUI (issue 5's
//! "done when"): a real PNG and a real MP4 from the test templates, and a missing model
//! reported by name.

use std::path::Path;
use std::process::{Command, Output};

use videogen_fakes::comfy::{ComfyConfig, FakeComfy};

fn videogen(data: &Path, comfy: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_videogen"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env("VIDEOGEN_COMFYUI_URL", comfy)
        // Nothing listens here: the doctor must say so rather than hang.
        .env("VIDEOGEN_TTS_URL", "http://127.0.0.1:9")
        .env("VIDEOGEN_WHISPER_URL", "http://127.0.0.1:9")
        .env("VIDEOGEN_LLM_URL", "http://127.0.0.1:9/v1")
        .env("VIDEOGEN_LLM_API_KEY", "sk-test")
        .output()
        .expect("run videogen")
}

#[test]
fn workflow_run_makes_an_image_and_a_clip_from_the_test_templates() {
    let comfy = FakeComfy::start(ComfyConfig::default()).expect("fake ComfyUI");
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("data");
    let image = dir.path().join("still.png");
    let out = videogen(
        &data,
        &comfy.url(),
        &[
            "workflow",
            "run",
            "test/image",
            "--set",
            "width=320",
            "--set",
            "height=176",
            "--out",
            image.to_str().expect("utf8"),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let png = std::fs::read(&image).expect("png written");
    assert_eq!(&png[1..4], b"PNG");
    assert_eq!(
        u32::from_be_bytes(png[16..20].try_into().expect("width")),
        320
    );

    let clip = dir.path().join("clip.mp4");
    let out = videogen(
        &data,
        &comfy.url(),
        &[
            "workflow",
            "run",
            "test/video",
            "--input",
            image.to_str().expect("utf8"),
            "--out",
            clip.to_str().expect("utf8"),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mp4 = std::fs::read(&clip).expect("mp4 written");
    assert_eq!(&mp4[4..8], b"ftyp", "an MP4 container");
}

#[test]
fn doctor_names_missing_models_and_unreachable_services_and_fails() {
    let comfy = FakeComfy::start(ComfyConfig::default()).expect("fake ComfyUI");
    let dir = tempfile::tempdir().expect("dir");
    let out = videogen(&dir.path().join("data"), &comfy.url(), &["doctor"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(5), "{stdout}");
    assert!(
        stdout.contains("missing model wan2.2_i2v_high_noise_14B_fp8_scaled.safetensors"),
        "{stdout}"
    );
    // The offline models (title cards, Ken Burns) have no template and are not checked.
    assert!(!stdout.contains("not a template name"), "{stdout}");
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("TTS") && l.contains("PROBLEM")),
        "{stdout}"
    );
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("ComfyUI") && l.contains("ok")),
        "{stdout}"
    );
}

#[test]
fn an_unknown_template_is_refused_by_name() {
    let comfy = FakeComfy::start(ComfyConfig::default()).expect("fake ComfyUI");
    let dir = tempfile::tempdir().expect("dir");
    let out = videogen(
        &dir.path().join("data"),
        &comfy.url(),
        &[
            "workflow",
            "run",
            "image/nope",
            "--out",
            dir.path().join("x.png").to_str().expect("utf8"),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("image/nope"));
}

/// `videogen` as on a headless machine: no API key in the environment and no session bus,
/// so no keychain can answer (on a desktop as well as in CI).
fn videogen_without_keychain(data: &Path, comfy: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_videogen"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env("VIDEOGEN_COMFYUI_URL", comfy)
        .env("VIDEOGEN_TTS_URL", "http://127.0.0.1:9")
        .env("VIDEOGEN_WHISPER_URL", "http://127.0.0.1:9")
        .env("VIDEOGEN_LLM_URL", "http://127.0.0.1:9/v1")
        .env_remove("VIDEOGEN_LLM_API_KEY")
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env_remove("DISPLAY")
        .env_remove("VIDEOGEN_LOG")
        .output()
        .expect("run videogen")
}

#[test]
fn workflow_run_never_asks_the_keychain() {
    let comfy = FakeComfy::start(ComfyConfig::default()).expect("fake ComfyUI");
    let dir = tempfile::tempdir().expect("dir");
    let image = dir.path().join("still.png");
    let out = videogen_without_keychain(
        &dir.path().join("data"),
        &comfy.url(),
        &[
            "workflow",
            "run",
            "test/image",
            "--out",
            image.to_str().expect("utf8"),
        ],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        !stderr.to_lowercase().contains("keychain"),
        "a command that needs no API key says nothing about the keychain: {stderr}"
    );
}

#[test]
fn doctor_reports_a_missing_keychain_in_its_report_not_as_a_warning() {
    let comfy = FakeComfy::start(ComfyConfig::default()).expect("fake ComfyUI");
    let dir = tempfile::tempdir().expect("dir");
    let out = videogen_without_keychain(&dir.path().join("data"), &comfy.url(), &["doctor"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(5), "{stdout}{stderr}");
    assert_eq!(
        stderr.lines().collect::<Vec<_>>(),
        ["error: Some services are not ready (see the report)."],
        "only the verdict on stderr"
    );
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("note") && l.contains("No keychain answered")),
        "the report says why there is no key: {stdout}"
    );
}

#[test]
fn doctor_json_is_the_whole_report() {
    let comfy = FakeComfy::start(ComfyConfig::default()).expect("fake ComfyUI");
    let dir = tempfile::tempdir().expect("dir");
    let out = videogen_without_keychain(
        &dir.path().join("data"),
        &comfy.url(),
        &["doctor", "--json"],
    );
    assert_eq!(out.status.code(), Some(5));
    let doc: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("stdout is one JSON document");
    assert_eq!(doc["schemaVersion"], 1);
    assert_eq!(doc["ok"], false);
    let services = doc["services"].as_array().expect("services");
    let named = |name: &str| {
        services
            .iter()
            .find(|s| s["service"] == name)
            .unwrap_or_else(|| panic!("{name} in {doc}"))
    };
    assert_eq!(named("ComfyUI")["health"]["ok"], true);
    assert_eq!(named("TTS")["health"]["ok"], false);
    assert!(named("TTS")["health"]["message"]
        .as_str()
        .is_some_and(|m| !m.is_empty()));
    let missing: Vec<&str> = doc["workflows"]
        .as_array()
        .expect("workflows")
        .iter()
        .flat_map(|w| w["missingModels"].as_array().expect("missingModels"))
        .filter_map(|m| m["file"].as_str())
        .collect();
    assert!(
        missing.contains(&"wan2.2_i2v_high_noise_14B_fp8_scaled.safetensors"),
        "{doc}"
    );
    assert!(doc["notConfigured"].is_array());
    assert!(
        doc["notes"].as_array().expect("notes").iter().any(|n| n
            .as_str()
            .is_some_and(|n| n.contains("No keychain answered"))),
        "{doc}"
    );
}

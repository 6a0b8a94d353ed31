//! Settings: validated, stored, overridden by the environment for one run.

use videogen_app::SettingSource;
use videogen_model::{ErrorCode, JobKind};

use crate::studio;

#[test]
fn service_addresses_are_checked_stored_and_listed() {
    let (_dir, studio) = studio();
    let s = studio
        .config_set("comfyui.url", " http://gpu1:8188/, http://gpu2:8188 ")
        .expect("set");
    assert_eq!(
        (s.value.as_str(), s.source),
        ("http://gpu1:8188,http://gpu2:8188", SettingSource::Stored)
    );
    assert_eq!(
        studio.service_settings().expect("services").comfyui,
        ["http://gpu1:8188", "http://gpu2:8188"]
    );
    let err = studio
        .config_set("whisper.url", "localhost:8005")
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(err.message.contains("http://"), "{}", err.message);
    let reset = studio.config_set("comfyui.url", "").expect("reset");
    assert_eq!(reset.source, SettingSource::Default);
}

#[test]
fn environment_overrides_for_one_run_without_storing() {
    let (_dir, studio) = studio();
    std::env::set_var("VIDEOGEN_LLM_MODEL", "llama3.1:8b");
    let got = studio.config_get("llm.model").expect("get");
    std::env::remove_var("VIDEOGEN_LLM_MODEL");
    assert_eq!(
        (got.value.as_str(), got.source),
        ("llama3.1:8b", SettingSource::Environment)
    );
    assert_eq!(
        studio.config_get("llm.model").expect("get").source,
        SettingSource::Default
    );
}

#[test]
fn concurrency_limits_default_to_the_design_and_accept_changes() {
    let (_dir, studio) = studio();
    // DESIGN.md, Jobs: export one at a time; narration follows its service's limit (one
    // request per TTS endpoint), so the kind itself does not hold it back.
    assert_eq!(studio.concurrency_limit(JobKind::Export).expect("limit"), 1);
    assert_eq!(
        studio
            .concurrency_limit(JobKind::AudioSentence)
            .expect("limit"),
        64
    );
    studio
        .config_set("jobs.concurrency.audio.sentence", "2")
        .expect("set");
    assert_eq!(
        studio
            .concurrency_limit(JobKind::AudioSentence)
            .expect("limit"),
        2
    );
    assert!(studio
        .config_set("jobs.concurrency.audio.sentence", "many")
        .is_err());
    assert!(studio.config_set("no.such.key", "1").is_err());
}

#[test]
fn the_remembered_export_formats_are_checked_and_kept_in_one_order() {
    let (_dir, studio) = studio();
    let default = studio.config_get("export.formats").expect("get");
    let all: Vec<String> = videogen_model::ExportFormat::ALL
        .into_iter()
        .map(|f| f.as_str())
        .collect();
    assert_eq!(
        (default.value, default.source),
        (all.join(","), SettingSource::Default)
    );
    let set = studio
        .config_set("export.formats", " SRT, fcpxml,srt ")
        .expect("set");
    assert_eq!(
        (set.value.as_str(), set.source),
        ("fcpxml,srt", SettingSource::Stored)
    );
    let none = studio.config_set("export.formats", "None").expect("none");
    assert_eq!(none.value, "none");
    let err = studio
        .config_set("export.formats", "fcpxml,aaf")
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(
        err.message.contains("\"aaf\" is not an export format"),
        "{}",
        err.message
    );
    assert_eq!(
        studio.config_get("export.formats").expect("get").value,
        "none",
        "a refused value leaves the stored one"
    );
}

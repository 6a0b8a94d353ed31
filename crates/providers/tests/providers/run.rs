use std::time::Duration;

use videogen_fakes::{
    ComfyConfig, FakeComfy, FakeLlm, FakeTts, FakeWhisper, LlmConfig, TtsConfig, WhisperConfig,
};
use videogen_providers::{doctor, run_workflow, CancellationToken, ServiceEndpoints};

use crate::url;

fn endpoints(comfy: &FakeComfy) -> ServiceEndpoints {
    ServiceEndpoints {
        comfyui: vec![url(&comfy.url())],
        ..Default::default()
    }
}

#[tokio::test]
async fn run_workflow_saves_a_png_from_the_test_image_template() {
    let comfy = FakeComfy::start(ComfyConfig {
        gpu_time: Duration::from_millis(10),
        ..Default::default()
    })
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out/image.png");
    let run = run_workflow(
        &endpoints(&comfy),
        "test/image",
        &["width=80", "height=40"],
        None,
        &out,
        &CancellationToken::new(),
    )
    .await
    .unwrap();
    let bytes = std::fs::read(&run.path).unwrap();
    assert_eq!(&bytes[1..4], b"PNG");
    assert_eq!(u32::from_be_bytes(bytes[16..20].try_into().unwrap()), 80);
}

#[tokio::test]
async fn run_workflow_saves_an_mp4_from_the_test_video_template() {
    let comfy = FakeComfy::start(ComfyConfig {
        gpu_time: Duration::from_millis(10),
        ..Default::default()
    })
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("still.png");
    std::fs::write(&input, videogen_fakes::media::png(64, 64).unwrap()).unwrap();
    let out = dir.path().join("clip.mp4");
    let run = run_workflow(
        &endpoints(&comfy),
        "test/video",
        &["frames=6", "fps=12"],
        Some(&input),
        &out,
        &CancellationToken::new(),
    )
    .await
    .unwrap();
    assert!(run.output.is_video);
    let bytes = std::fs::read(&out).unwrap();
    assert_eq!(&bytes[4..8], b"ftyp");
    assert_eq!(comfy.inputs(), vec!["still.png".to_string()]);
}

#[tokio::test]
async fn run_workflow_refuses_unknown_overrides_and_a_missing_input() {
    let comfy = FakeComfy::start(ComfyConfig::default()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.png");
    let err = run_workflow(
        &endpoints(&comfy),
        "test/image",
        &["steps=4"],
        None,
        &out,
        &CancellationToken::new(),
    )
    .await
    .unwrap_err();
    assert!(err.to_string().contains("'steps'"), "{err}");
    let err = run_workflow(
        &endpoints(&comfy),
        "test/video",
        &[] as &[&str],
        None,
        &out,
        &CancellationToken::new(),
    )
    .await
    .unwrap_err();
    assert!(err.to_string().contains("--input"), "{err}");
    assert!(!out.exists());
}

#[tokio::test]
async fn doctor_reports_a_missing_model_by_name_and_every_service() {
    let comfy = FakeComfy::start(ComfyConfig {
        models: vec![
            "z_image_turbo_bf16.safetensors".into(),
            "qwen_3_4b.safetensors".into(),
            "ae.safetensors".into(),
        ],
        ..Default::default()
    })
    .unwrap();
    let tts = FakeTts::start(TtsConfig::default()).unwrap();
    let whisper = FakeWhisper::start(WhisperConfig::default()).unwrap();
    let llm = FakeLlm::start(LlmConfig::default()).unwrap();
    let endpoints = ServiceEndpoints {
        comfyui: vec![url(&comfy.url())],
        tts: Some(url(&tts.url())),
        whisper: Some(url(&whisper.url())),
        llm_url: Some(url(&llm.url())),
        llm_model: Some("deepseek-flash".into()),
        llm_api_key: Some("sk-test".into()),
        templates_dir: None,
    };
    let active = vec!["image/z-image-turbo".to_string(), "image/qwen".to_string()];
    let report = doctor(&endpoints, &active, &CancellationToken::new()).await;
    assert!(!report.ok);
    assert!(
        report.services.iter().all(|s| s.health.ok),
        "{:?}",
        report.services
    );
    assert!(report
        .services
        .iter()
        .any(|s| s.voices.contains(&"Emily.wav".to_string())));
    let z = report
        .workflows
        .iter()
        .find(|w| w.template == "image/z-image-turbo")
        .unwrap();
    assert!(z.missing_models.is_empty(), "{z:?}");
    let q = report
        .workflows
        .iter()
        .find(|w| w.template == "image/qwen")
        .unwrap();
    assert!(
        q.missing_models
            .iter()
            .any(|m| m.file == "qwen_image_fp8_e4m3fn.safetensors" && m.input == "unet_name"),
        "{q:?}"
    );

    let only_z = doctor(&endpoints, &active[..1], &CancellationToken::new()).await;
    assert!(only_z.ok, "{only_z:?}");
}

#[tokio::test]
async fn doctor_reports_a_down_service_and_unconfigured_ones() {
    let mut comfy = FakeComfy::start(ComfyConfig::default()).unwrap();
    let e = endpoints(&comfy);
    comfy.kill();
    let report = doctor(&e, &["test/image".to_string()], &CancellationToken::new()).await;
    assert!(!report.ok);
    assert!(
        !report.services[0].health.ok
            && report.services[0]
                .health
                .message
                .contains("cannot be reached")
    );
    assert_eq!(report.not_configured, vec!["TTS", "Whisper", "LLM"]);
}

//! Test renders of a visual style: a title card offline, or one image on ComfyUI.

use videogen_app::{CancellationToken, TestRenderRequest};
use videogen_fakes::{ComfyConfig, FakeComfy};
use videogen_model::{
    ErrorCode, GenerationModelInput, ModelBackend, StyleColours, StyleType, VisualStyleInput,
    WorkflowCategory, WorkflowType,
};

use crate::studio;

fn style_input(name: &str) -> VisualStyleInput {
    VisualStyleInput {
        name: name.into(),
        description: None,
        style_type: StyleType::Lora,
        prompt_prefix: Some("ink drawing, cross-hatching".into()),
        negative_prompt: Some("blurry, text".into()),
        colours: StyleColours {
            background: Some("#101820".into()),
            text: Some("#fee715".into()),
            accent: None,
        },
        lora_file: Some("ink_v2.safetensors".into()),
        lora_strength: 0.7,
        compatible_models: vec![],
        requires_character_ref: false,
        is_active: true,
    }
}

fn model_named(studio: &videogen_app::Studio, name: &str) -> videogen_model::GenerationModel {
    studio
        .list_models()
        .expect("models")
        .into_iter()
        .find(|m| m.name == name)
        .expect("seeded model")
}

#[tokio::test]
async fn a_title_card_test_is_rendered_offline_and_replaces_the_previous_one() {
    let (dir, studio) = studio();
    let style = studio.create_style(style_input("Ink")).expect("style");
    let card = model_named(&studio, "Title card");
    let request = TestRenderRequest {
        style_id: style.id.clone(),
        model_id: Some(card.id.clone()),
        subject: Some("The keeper lit the lamp.".into()),
    };
    let first = studio
        .test_render_style(&request, &CancellationToken::new())
        .await
        .expect("render");
    assert_eq!(first.backend, ModelBackend::TitleCard);
    assert_eq!(first.prompt, "The keeper lit the lamp.");
    let path = std::path::Path::new(&first.path);
    assert!(
        path.starts_with(dir.path().join("data").join("cache")),
        "{}",
        first.path
    );
    let png = std::fs::read(path).expect("png");
    assert!(png.starts_with(b"\x89PNG"), "not a PNG");

    let second = studio
        .test_render_style(&request, &CancellationToken::new())
        .await
        .expect("again");
    assert_ne!(
        second.path, first.path,
        "a new name, so the window shows the new one"
    );
    assert!(!path.exists(), "the older render is removed");
    assert!(std::path::Path::new(&second.path).exists());
}

#[tokio::test]
async fn a_comfyui_test_sends_the_style_and_saves_the_image() {
    let (_dir, studio) = studio();
    let comfy = FakeComfy::start(ComfyConfig::default()).expect("comfy");
    studio.config_set("comfyui.url", &comfy.url()).expect("url");
    let model = studio
        .create_model(GenerationModelInput {
            name: "Test image".into(),
            description: None,
            workflow_file: "test/image".into(),
            workflow_category: WorkflowCategory::Image,
            workflow_type: WorkflowType::TextToImage,
            default_steps: Some(4),
            default_cfg: Some(1.0),
            default_frames: None,
            default_fps: None,
            backend: ModelBackend::Comfyui,
            frame_step: None,
            max_frames: None,
            is_active: true,
        })
        .expect("model");
    let style = studio.create_style(style_input("Ink")).expect("style");
    let done = studio
        .test_render_style(
            &TestRenderRequest {
                style_id: style.id,
                model_id: Some(model.id),
                subject: None,
            },
            &CancellationToken::new(),
        )
        .await
        .expect("render");
    assert_eq!(done.backend, ModelBackend::Comfyui);
    assert!(
        done.prompt.starts_with("ink drawing, cross-hatching, ")
            && done.prompt.ends_with(videogen_app::DEFAULT_SUBJECT),
        "{}",
        done.prompt
    );
    assert_eq!(comfy.completed(), 1);
    assert!(std::fs::metadata(&done.path).expect("image").len() > 0);
}

#[test]
fn the_workflow_gets_the_prefix_negative_prompt_and_lora_of_the_style() {
    let (_dir, studio) = studio();
    let style = studio.create_style(style_input("Ink")).expect("style");
    let model = model_named(&studio, "Title card");
    let params = videogen_app::test_render_params(&style, &model, "ink drawing, a cat");
    let text = |k: &str| match params.get(k) {
        Some(videogen_providers::ParamValue::Text(t)) => t.clone(),
        other => panic!("{k}: {other:?}"),
    };
    assert_eq!(text("prompt"), "ink drawing, a cat");
    assert_eq!(text("negative_prompt"), "blurry, text");
    assert_eq!(text("lora_name"), "ink_v2.safetensors");
    assert!(matches!(
        params.get("lora_strength"),
        Some(videogen_providers::ParamValue::Float(s)) if (*s - 0.7).abs() < 1e-9
    ));
}

#[tokio::test]
async fn a_video_model_is_refused_with_what_to_do() {
    let (_dir, studio) = studio();
    let style = studio.create_style(style_input("Ink")).expect("style");
    let ken = model_named(&studio, "Ken Burns");
    let err = studio
        .test_render_style(
            &TestRenderRequest {
                style_id: style.id.clone(),
                model_id: Some(ken.id),
                subject: None,
            },
            &CancellationToken::new(),
        )
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(err.message.contains("image model"), "{}", err.message);
}

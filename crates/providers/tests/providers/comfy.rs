use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::json;
use videogen_fakes::{ComfyConfig, FakeComfy};
use videogen_providers::comfy::ComfyProgress;
use videogen_providers::workflow::{parse_overrides, TemplateStore};
use videogen_providers::{CancellationToken, ComfyClient, ErrorClass, ProviderError};

use crate::url;

fn fake(gpu_ms: u64) -> FakeComfy {
    FakeComfy::start(ComfyConfig {
        gpu_time: Duration::from_millis(gpu_ms),
        ..Default::default()
    })
    .unwrap()
}

fn image_prompt(width: i64, height: i64) -> serde_json::Value {
    let t = TemplateStore::default().load("test/image").unwrap();
    t.bind(&parse_overrides(&[format!("width={width}"), format!("height={height}")]).unwrap())
        .unwrap()
}

fn png_size(bytes: &[u8]) -> (u32, u32) {
    // IHDR: width and height are the big-endian u32s at bytes 16..24.
    assert_eq!(&bytes[1..4], b"PNG");
    (
        u32::from_be_bytes(bytes[16..20].try_into().unwrap()),
        u32::from_be_bytes(bytes[20..24].try_into().unwrap()),
    )
}

#[tokio::test]
async fn a_prompt_runs_to_a_png_of_the_requested_size_with_progress() {
    let server = fake(40);
    let client = ComfyClient::new(url(&server.url()));
    let seen: Arc<Mutex<Vec<ComfyProgress>>> = Arc::default();
    let s = seen.clone();
    let progress = Arc::new(move |p: ComfyProgress| s.lock().unwrap().push(p));
    let cancel = CancellationToken::new();
    let outcome = client
        .run_prompt(&image_prompt(96, 48), Some(progress), &cancel)
        .await
        .unwrap();
    assert_eq!(outcome.outputs.len(), 1);
    assert!(
        outcome.outputs[0].filename.ends_with(".png") && outcome.outputs[0].subfolder == "videogen"
    );
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.png");
    client
        .download(&outcome.outputs[0], &out, &cancel)
        .await
        .unwrap();
    assert_eq!(png_size(&std::fs::read(&out).unwrap()), (96, 48));
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.last().map(|p| p.fraction), Some(1.0));
    assert!(
        seen.windows(2).all(|w| w[0].fraction <= w[1].fraction),
        "{seen:?}"
    );
    assert_eq!(
        client.health(&cancel).await.version.as_deref(),
        Some("0.3.64")
    );
}

#[tokio::test]
async fn a_refused_workflow_names_node_input_and_problem() {
    let server = fake(10);
    let client = ComfyClient::new(url(&server.url()));
    let err = client
        .run_prompt(&image_prompt(0, 64), None, &CancellationToken::new())
        .await
        .unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("node 1 (EmptyImage) input 'width'") && msg.contains("value_smaller_than_min"),
        "{msg}"
    );
    assert_eq!(err.class(), ErrorClass::Failed);
    let load = json!({"1": {"class_type": "LoadImage", "inputs": {"image": "missing.png"}}, "2": {"class_type": "SaveImage", "inputs": {"images": ["1", 0], "filename_prefix": "x"}}});
    let msg = client
        .run_prompt(&load, None, &CancellationToken::new())
        .await
        .unwrap_err()
        .to_string();
    assert!(
        msg.contains("node 1 (LoadImage) input 'image': image - Invalid image file: missing.png"),
        "{msg}"
    );
    let unknown = json!({"1": {"class_type": "Foo", "inputs": {}}});
    let msg = client
        .run_prompt(&unknown, None, &CancellationToken::new())
        .await
        .unwrap_err()
        .to_string();
    assert!(msg.contains("node Foo does not exist"), "{msg}");
}

#[tokio::test]
async fn an_execution_error_names_the_node_and_exception() {
    let server = fake(10);
    server.faults(|f| f.execution_error_next = true);
    let client = ComfyClient::new(url(&server.url()));
    let err = client
        .run_prompt(&image_prompt(64, 64), None, &CancellationToken::new())
        .await
        .unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("torch.OutOfMemoryError") && msg.contains("Lower the width"),
        "{msg}"
    );
}

#[tokio::test]
async fn a_dropped_websocket_falls_back_to_history() {
    let server = fake(300);
    server.faults(|f| f.drop_ws_next = true);
    let client = ComfyClient::new(url(&server.url())).with_poll_interval(Duration::from_secs(30));
    let outcome = tokio::time::timeout(
        Duration::from_secs(10),
        client.run_prompt(&image_prompt(32, 32), None, &CancellationToken::new()),
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(outcome.outputs.len(), 1);
}

#[tokio::test]
async fn cancelling_interrupts_the_running_prompt_on_the_server() {
    let server = fake(20_000);
    let client = ComfyClient::new(url(&server.url()));
    let cancel = CancellationToken::new();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let progress = Arc::new(move |p: ComfyProgress| {
        let _ = tx.send(p);
    });
    let c = cancel.clone();
    let cl = client.clone();
    let task = tokio::spawn(async move {
        cl.run_prompt(&image_prompt(32, 32), Some(progress), &c)
            .await
    });
    // The first progress report means the server is running it.
    rx.recv().await.unwrap();
    cancel.cancel();
    let err = task.await.unwrap().unwrap_err();
    assert!(matches!(err, ProviderError::Cancelled));
    // The interrupt ends it long before its 20 s of "GPU time".
    let finished = tokio::time::timeout(Duration::from_secs(5), server.wait_completed(1)).await;
    assert!(
        finished.is_ok(),
        "the server still runs the cancelled prompt"
    );
    assert_eq!(server.statuses(), vec!["error".to_string()]);
}

#[tokio::test]
async fn cancelling_a_pending_prompt_removes_it_from_the_queue() {
    let server = fake(20_000);
    let client = ComfyClient::new(url(&server.url()));
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let progress = Arc::new(move |p: ComfyProgress| {
        let _ = tx.send(p);
    });
    let first_cancel = CancellationToken::new();
    let (c, cl) = (first_cancel.clone(), client.clone());
    let first = tokio::spawn(async move {
        cl.run_prompt(&image_prompt(32, 32), Some(progress), &c)
            .await
    });
    rx.recv().await.unwrap();
    let second_cancel = CancellationToken::new();
    let (c, cl) = (second_cancel.clone(), client.clone());
    let second = tokio::spawn(async move { cl.run_prompt(&image_prompt(16, 16), None, &c).await });
    // Cancel the pending one once the server holds both.
    server.wait_queued(2).await;
    second_cancel.cancel();
    assert!(matches!(
        second.await.unwrap(),
        Err(ProviderError::Cancelled)
    ));
    assert_eq!(server.queue_remaining(), 1);
    first_cancel.cancel();
    assert!(first.await.unwrap().is_err());
}

#[tokio::test]
async fn a_server_error_on_queue_is_transient() {
    let server = fake(10);
    server.faults(|f| f.prompt_statuses.push_back(500));
    let client = ComfyClient::new(url(&server.url()));
    let err = client
        .run_prompt(&image_prompt(32, 32), None, &CancellationToken::new())
        .await
        .unwrap_err();
    assert_eq!(err.class(), ErrorClass::Unavailable, "{err}");
}

#[tokio::test]
async fn malformed_history_is_reported_not_swallowed() {
    let server = fake(10);
    server.faults(|f| f.malformed_history_next = true);
    let client = ComfyClient::new(url(&server.url()));
    let err = client
        .run_prompt(&image_prompt(32, 32), None, &CancellationToken::new())
        .await
        .unwrap_err();
    assert!(err.to_string().contains("did not return JSON"), "{err}");
}

#[tokio::test]
async fn uploads_with_the_same_name_but_other_bytes_are_renamed() {
    let server = fake(10);
    let client = ComfyClient::new(url(&server.url()));
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a/clip.png");
    let b = dir.path().join("b/clip.png");
    std::fs::create_dir_all(a.parent().unwrap()).unwrap();
    std::fs::create_dir_all(b.parent().unwrap()).unwrap();
    std::fs::write(&a, b"one").unwrap();
    std::fs::write(&b, b"two").unwrap();
    let cancel = CancellationToken::new();
    assert_eq!(client.upload_image(&a, &cancel).await.unwrap(), "clip.png");
    assert_eq!(client.upload_image(&a, &cancel).await.unwrap(), "clip.png");
    assert_eq!(
        client.upload_image(&b, &cancel).await.unwrap(),
        "clip (1).png"
    );
}

#[tokio::test]
async fn workflow_check_lists_model_files_the_server_lacks() {
    let server = FakeComfy::start(ComfyConfig {
        models: vec!["qwen_image_vae.safetensors".into()],
        ..Default::default()
    })
    .unwrap();
    let client = ComfyClient::new(url(&server.url()));
    let t = TemplateStore::default().load("image/qwen").unwrap();
    let check = client
        .check_workflow(t.graph(), &CancellationToken::new())
        .await
        .unwrap();
    let files: Vec<&str> = check
        .missing_models
        .iter()
        .map(|m| m.file.as_str())
        .collect();
    assert_eq!(
        files,
        vec![
            "qwen_image_fp8_e4m3fn.safetensors",
            "qwen_2.5_vl_7b_fp8_scaled.safetensors"
        ]
    );
    assert!(check.missing_nodes.is_empty());
    let flux = TemplateStore::default().load("image/flux-2").unwrap();
    let check = client
        .check_workflow(flux.graph(), &CancellationToken::new())
        .await
        .unwrap();
    assert!(
        check
            .missing_nodes
            .iter()
            .any(|n| n.class_type == "EmptyFlux2LatentImage"),
        "{check:?}"
    );
}

#[tokio::test]
async fn builtin_templates_validate_against_the_real_0_3_64_object_info() {
    let mut models = Vec::new();
    for (name, _) in videogen_providers::workflow::BUILTIN {
        let t = TemplateStore::default().load(name).unwrap();
        let graph = serde_json::Value::Object(t.graph().clone());
        let mut strings = Vec::new();
        collect_files(&graph, &mut strings);
        models.extend(strings);
    }
    models.push("ink.safetensors".into());
    let server = FakeComfy::start(ComfyConfig {
        gpu_time: Duration::from_millis(5),
        models,
        ..Default::default()
    })
    .unwrap();
    let client = ComfyClient::new(url(&server.url()));
    let cancel = CancellationToken::new();
    let dir = tempfile::tempdir().unwrap();
    let still = dir.path().join("still.png");
    std::fs::write(&still, videogen_fakes::media::png(64, 64).unwrap()).unwrap();
    let uploaded = client.upload_image(&still, &cancel).await.unwrap();
    for name in [
        "image/qwen",
        "image/z-image-turbo",
        "video/wan-2.2",
        "video/ltx-2",
        "test/image",
        "test/video",
    ] {
        let t = TemplateStore::default().load(name).unwrap();
        let params = parse_overrides(&[
            "prompt=a lighthouse at dusk".to_string(),
            "seed=12345".into(),
            "width=64".into(),
            "height=64".into(),
            "frames=9".into(),
            "lora_name=ink.safetensors".into(),
            format!("input_image={uploaded}"),
        ])
        .unwrap();
        let outcome = client
            .run_prompt(&t.bind(&params).unwrap(), None, &cancel)
            .await
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(outcome.outputs.len(), 1, "{name}");
        assert_eq!(
            outcome.outputs[0].is_video,
            name.starts_with("video/") || name == "test/video",
            "{name}"
        );
    }
    // FLUX.2 needs nodes newer than 0.3.64; the server says which.
    let flux = TemplateStore::default().load("image/flux-2").unwrap();
    let err = client
        .run_prompt(
            &flux
                .bind(&parse_overrides(&["prompt=p", "seed=1"]).unwrap())
                .unwrap(),
            None,
            &cancel,
        )
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("EmptyFlux2LatentImage") || err.to_string().contains("flux2"),
        "{err}"
    );
}

fn collect_files(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) if s.ends_with(".safetensors") => out.push(s.clone()),
        serde_json::Value::Array(a) => a.iter().for_each(|x| collect_files(x, out)),
        serde_json::Value::Object(o) => o.values().for_each(|x| collect_files(x, out)),
        _ => {}
    }
}

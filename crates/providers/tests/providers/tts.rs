use videogen_fakes::{FakeTts, TtsConfig};
use videogen_providers::{CancellationToken, ErrorClass, TtsClient, TtsParams, TtsVariant};

use crate::{fast_retry, url};

fn client(fake: &FakeTts) -> TtsClient {
    TtsClient::new(url(&fake.url())).with_retry(fast_retry(2))
}

fn leftovers(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".part"))
        .collect()
}

#[tokio::test]
async fn voices_are_listed_from_the_devnen_server() {
    let fake = FakeTts::start(TtsConfig::default()).unwrap();
    let c = client(&fake);
    let cancel = CancellationToken::new();
    assert_eq!(c.variant(&cancel).await.unwrap(), TtsVariant::Devnen);
    let voices = c.voices(&cancel).await.unwrap();
    assert!(
        voices
            .iter()
            .any(|v| v.id == "Emily.wav" && v.name == "Emily"),
        "{voices:?}"
    );
    assert!(c.health(&cancel).await.ok);
}

#[tokio::test]
async fn synthesis_writes_a_wav_whose_length_follows_the_text() {
    let fake = FakeTts::start(TtsConfig::default()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let c = client(&fake);
    let cancel = CancellationToken::new();
    let short = c
        .synthesize(
            "Hello there.",
            "Emily.wav",
            &TtsParams::default(),
            &dir.path().join("a.wav"),
            &cancel,
        )
        .await
        .unwrap();
    let long = c
        .synthesize(
            "Hello there, this sentence is quite a lot longer than the first one.",
            "Emily.wav",
            &TtsParams {
                seed: Some(7),
                ..Default::default()
            },
            &dir.path().join("b.wav"),
            &cancel,
        )
        .await
        .unwrap();
    assert_eq!(short.sample_rate, 24000);
    assert!(
        short.duration_ms > 300 && long.duration_ms > 2 * short.duration_ms,
        "{short:?} {long:?}"
    );
    let reader = hound::WavReader::open(&long.path).unwrap();
    assert_eq!(
        u64::from(reader.duration()) * 1000 / 24000,
        long.duration_ms
    );
    assert!(leftovers(dir.path()).is_empty());
    let sent = &fake.requests()[1];
    assert_eq!(sent["predefined_voice_id"], "Emily.wav");
    assert_eq!(sent["seed"], 7);
    assert_eq!(sent["split_text"], true);
}

#[tokio::test]
async fn an_unknown_voice_is_invalid_input_naming_it() {
    let fake = FakeTts::start(TtsConfig::default()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let err = client(&fake)
        .synthesize(
            "Hi.",
            "alloy",
            &TtsParams::default(),
            &dir.path().join("a.wav"),
            &CancellationToken::new(),
        )
        .await
        .unwrap_err();
    assert_eq!(err.class(), ErrorClass::InvalidInput);
    assert!(err.to_string().contains("'alloy' not found"), "{err}");
    assert!(!dir.path().join("a.wav").exists());
}

#[tokio::test]
async fn an_unloaded_model_is_unavailable_and_unhealthy() {
    let fake = FakeTts::start(TtsConfig {
        loaded: false,
        ..Default::default()
    })
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let c = client(&fake);
    let err = c
        .synthesize(
            "Hi.",
            "Emily.wav",
            &TtsParams::default(),
            &dir.path().join("a.wav"),
            &CancellationToken::new(),
        )
        .await
        .unwrap_err();
    assert_eq!(err.class(), ErrorClass::Unavailable);
    assert!(err.to_string().contains("not currently loaded"), "{err}");
    assert!(!c.health(&CancellationToken::new()).await.ok);
}

#[tokio::test]
async fn a_server_error_is_retried() {
    let fake = FakeTts::start(TtsConfig::default()).unwrap();
    fake.faults(|f| f.statuses.push_back(500));
    let dir = tempfile::tempdir().unwrap();
    let file = client(&fake)
        .synthesize(
            "Hi there.",
            "Emily.wav",
            &TtsParams::default(),
            &dir.path().join("a.wav"),
            &CancellationToken::new(),
        )
        .await
        .unwrap();
    assert!(file.path.exists());
}

#[tokio::test]
async fn audio_that_is_not_a_wav_is_refused_and_nothing_is_written() {
    let fake = FakeTts::start(TtsConfig::default()).unwrap();
    fake.faults(|f| f.garbage_next = true);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("a.wav");
    let err = client(&fake)
        .synthesize(
            "Hi.",
            "Emily.wav",
            &TtsParams::default(),
            &out,
            &CancellationToken::new(),
        )
        .await
        .unwrap_err();
    assert!(err.to_string().contains("not a readable WAV"), "{err}");
    assert!(!out.exists());
    assert!(leftovers(dir.path()).is_empty());
}

#[tokio::test]
async fn the_openai_compatible_server_is_detected_and_long_text_is_split() {
    let fake = FakeTts::start(TtsConfig {
        openai_variant: true,
        ..Default::default()
    })
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let c = client(&fake);
    let cancel = CancellationToken::new();
    assert_eq!(
        c.variant(&cancel).await.unwrap(),
        TtsVariant::OpenAiCompatible
    );
    assert!(c
        .voices(&cancel)
        .await
        .unwrap()
        .iter()
        .any(|v| v.id == "Emily.wav"));
    let text = "This is one sentence of a long narration. ".repeat(150);
    let file = c
        .synthesize(
            &text,
            "Emily.wav",
            &TtsParams::default(),
            &dir.path().join("long.wav"),
            &cancel,
        )
        .await
        .unwrap();
    let requests = fake.requests();
    assert!(requests.len() >= 3, "{} requests", requests.len());
    assert!(requests
        .iter()
        .all(|r| r["input"].as_str().unwrap().chars().count() <= 3000));
    assert!(file.duration_ms > 150 * 2000, "{file:?}");
}

#[tokio::test]
async fn empty_text_is_refused_before_any_request() {
    let fake = FakeTts::start(TtsConfig::default()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let err = client(&fake)
        .synthesize(
            "  ",
            "Emily.wav",
            &TtsParams::default(),
            &dir.path().join("a.wav"),
            &CancellationToken::new(),
        )
        .await
        .unwrap_err();
    assert_eq!(err.class(), ErrorClass::InvalidInput);
    assert!(fake.requests().is_empty());
}

#[tokio::test]
async fn a_reply_slower_than_the_timeout_is_unavailable() {
    let fake = FakeTts::start(TtsConfig::default()).unwrap();
    fake.faults(|f| f.slow_reply = Some(std::time::Duration::from_secs(3)));
    let dir = tempfile::tempdir().unwrap();
    let c = TtsClient::new(url(&fake.url()))
        .with_retry(fast_retry(1))
        .with_timeout(std::time::Duration::from_millis(200));
    let err = c
        .synthesize(
            "Hi.",
            "Emily.wav",
            &TtsParams::default(),
            &dir.path().join("a.wav"),
            &CancellationToken::new(),
        )
        .await
        .unwrap_err();
    assert_eq!(err.class(), ErrorClass::Unavailable, "{err}");
    assert!(err.to_string().contains("did not answer"), "{err}");
}

fn piper() -> FakeTts {
    FakeTts::start(TtsConfig {
        piper_variant: true,
        voices: vec!["en_US-joe-medium".into()],
        ..Default::default()
    })
    .unwrap()
}

#[tokio::test]
async fn piper_is_detected_and_its_voices_are_listed_with_names() {
    let fake = piper();
    let c = client(&fake);
    let cancel = CancellationToken::new();
    assert_eq!(c.variant(&cancel).await.unwrap(), TtsVariant::Piper);
    let voices = c.voices(&cancel).await.unwrap();
    assert_eq!(voices.len(), 1, "{voices:?}");
    assert_eq!(voices[0].id, "en_US-joe-medium");
    assert_eq!(voices[0].name, "Joe (English, United States, medium)");
    let health = c.health(&cancel).await;
    assert!(health.ok, "{health:?}");
    assert_eq!(health.version.as_deref(), Some("en_US-joe-medium"));
}

#[tokio::test]
async fn piper_audio_sent_as_html_is_judged_by_its_riff_header() {
    let fake = piper();
    let dir = tempfile::tempdir().unwrap();
    let c = client(&fake).with_variant(TtsVariant::Piper);
    let file = c
        .synthesize(
            "  Hello there. This is the draft voice.  ",
            "en_US-joe-medium",
            &TtsParams {
                speed: Some(2.0),
                ..Default::default()
            },
            &dir.path().join("a.wav"),
            &CancellationToken::new(),
        )
        .await
        .unwrap();
    assert_eq!(file.sample_rate, 22050);
    assert!(file.duration_ms > 300, "{file:?}");
    assert!(leftovers(dir.path()).is_empty());
    let sent = &fake.requests()[0];
    assert_eq!(sent["text"], "Hello there. This is the draft voice.");
    assert_eq!(sent["voice"], "en_US-joe-medium");
    assert_eq!(sent["length_scale"], 0.5);
}

#[tokio::test]
async fn piper_without_a_voice_name_uses_its_default_voice() {
    let fake = piper();
    let dir = tempfile::tempdir().unwrap();
    client(&fake)
        .synthesize(
            "Hi.",
            "",
            &TtsParams::default(),
            &dir.path().join("a.wav"),
            &CancellationToken::new(),
        )
        .await
        .unwrap();
    assert!(fake.requests()[0].get("voice").is_none());
}

#[tokio::test]
async fn a_piper_html_500_is_reported_as_the_draft_voice_failing() {
    let fake = piper();
    fake.faults(|f| f.statuses.extend([500, 500]));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("a.wav");
    let err = client(&fake)
        .synthesize(
            "Hi.",
            "en_US-joe-medium",
            &TtsParams::default(),
            &out,
            &CancellationToken::new(),
        )
        .await
        .unwrap_err();
    assert_eq!(err.class(), ErrorClass::Failed, "{err}");
    let message = err.to_string();
    assert!(message.contains("the draft voice failed"), "{message}");
    assert!(message.contains("500 Internal Server Error"), "{message}");
    assert!(!message.contains("<title>"), "{message}");
    assert!(!out.exists());
}

#[tokio::test]
async fn a_piper_reply_that_is_not_riff_is_refused_and_nothing_is_written() {
    let fake = piper();
    fake.faults(|f| f.garbage_next = true);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("a.wav");
    let err = client(&fake)
        .synthesize(
            "Hi.",
            "en_US-joe-medium",
            &TtsParams::default(),
            &out,
            &CancellationToken::new(),
        )
        .await
        .unwrap_err();
    assert!(err.to_string().contains("do not start with RIFF"), "{err}");
    assert!(!out.exists());
    assert!(leftovers(dir.path()).is_empty());
}

#[tokio::test]
async fn empty_text_is_never_sent_to_piper() {
    let fake = piper();
    let dir = tempfile::tempdir().unwrap();
    let err = client(&fake)
        .with_variant(TtsVariant::Piper)
        .synthesize(
            " \n ",
            "en_US-joe-medium",
            &TtsParams::default(),
            &dir.path().join("a.wav"),
            &CancellationToken::new(),
        )
        .await
        .unwrap_err();
    assert_eq!(err.class(), ErrorClass::InvalidInput);
    assert!(fake.requests().is_empty());
}

use videogen_fakes::{FakeTts, FakeWhisper, TtsConfig, WhisperConfig as FakeConfig, WhisperNoise};
use videogen_providers::{
    CancellationToken, ErrorClass, TtsClient, TtsParams, WhisperClient, WhisperConfig,
    WhisperVariant,
};

use crate::{fast_retry, url};

const TEXT: &str = "Hello world. Extraordinary things happen, don't they?";

async fn speech(dir: &std::path::Path) -> std::path::PathBuf {
    let tts = FakeTts::start(TtsConfig::default()).unwrap();
    let out = dir.join("speech.wav");
    TtsClient::new(url(&tts.url()))
        .synthesize(
            TEXT,
            "Emily.wav",
            &TtsParams::default(),
            &out,
            &CancellationToken::new(),
        )
        .await
        .unwrap();
    out
}

fn client(fake: &FakeWhisper) -> WhisperClient {
    WhisperClient::new(WhisperConfig::new(url(&fake.url()))).with_retry(fast_retry(2))
}

fn expected_norms() -> Vec<String> {
    TEXT.split_whitespace()
        .map(videogen_providers::whisper::match_form)
        .collect()
}

#[tokio::test]
async fn words_spoken_by_the_tts_come_back_with_times_in_ms() {
    let dir = tempfile::tempdir().unwrap();
    let audio = speech(dir.path()).await;
    let fake = FakeWhisper::start(FakeConfig::default()).unwrap();
    let t = client(&fake)
        .transcribe(&audio, &CancellationToken::new())
        .await
        .unwrap();
    let norms: Vec<String> = t.words.iter().map(|w| w.norm.clone()).collect();
    assert_eq!(norms, expected_norms());
    assert_eq!(t.words[1].text, "world.");
    assert!(t
        .words
        .windows(2)
        .all(|w| w[0].end_ms <= w[1].start_ms && w[0].start_ms <= w[0].end_ms));
    assert_eq!(t.segments.len(), 2);
    assert!(t.duration_ms.unwrap() >= t.words.last().unwrap().end_ms);
}

#[tokio::test]
async fn whisper_cpp_is_detected_and_its_tokens_are_rebuilt_into_words() {
    let dir = tempfile::tempdir().unwrap();
    let audio = speech(dir.path()).await;
    let openai = FakeWhisper::start(FakeConfig::default()).unwrap();
    let reference = client(&openai)
        .transcribe(&audio, &CancellationToken::new())
        .await
        .unwrap();
    let fake = FakeWhisper::start(FakeConfig {
        whisper_cpp: true,
        ..Default::default()
    })
    .unwrap();
    let t = client(&fake)
        .transcribe(&audio, &CancellationToken::new())
        .await
        .unwrap();
    let texts: Vec<&str> = t.words.iter().map(|w| w.text.as_str()).collect();
    assert_eq!(
        texts,
        reference
            .words
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
    );
    assert!(texts.contains(&"Extraordinary"));
    let pinned = WhisperClient::new(WhisperConfig {
        variant: Some(WhisperVariant::WhisperCpp),
        ..WhisperConfig::new(url(&fake.url()))
    });
    assert_eq!(
        pinned
            .transcribe(&audio, &CancellationToken::new())
            .await
            .unwrap()
            .words
            .len(),
        t.words.len()
    );
}

#[tokio::test]
async fn seeded_noise_drops_and_misspells_words_reproducibly() {
    let dir = tempfile::tempdir().unwrap();
    let audio = speech(dir.path()).await;
    let noise = WhisperNoise {
        seed: 42,
        drop: 0.3,
        merge: 0.0,
        misspell: 0.3,
    };
    let a = FakeWhisper::start(FakeConfig {
        noise: noise.clone(),
        ..Default::default()
    })
    .unwrap();
    let b = FakeWhisper::start(FakeConfig {
        noise,
        ..Default::default()
    })
    .unwrap();
    let ta = client(&a)
        .transcribe(&audio, &CancellationToken::new())
        .await
        .unwrap();
    let tb = client(&b)
        .transcribe(&audio, &CancellationToken::new())
        .await
        .unwrap();
    assert_eq!(ta, tb);
    let norms: Vec<String> = ta.words.iter().map(|w| w.norm.clone()).collect();
    assert_ne!(norms, expected_norms());
}

#[tokio::test]
async fn documented_errors_map_to_plain_failures() {
    let dir = tempfile::tempdir().unwrap();
    let audio = speech(dir.path()).await;
    let fake = FakeWhisper::start(FakeConfig::default()).unwrap();
    let cancel = CancellationToken::new();
    // Unknown model: speaches' 404 detail, not mistaken for whisper.cpp.
    let other = WhisperClient::new(WhisperConfig {
        model: "large-v9".into(),
        ..WhisperConfig::new(url(&fake.url()))
    });
    let err = other.transcribe(&audio, &cancel).await.unwrap_err();
    assert!(
        err.to_string()
            .contains("Model 'large-v9' is not installed"),
        "{err}"
    );
    // Not audio: 415.
    let junk = dir.path().join("junk.wav");
    std::fs::write(&junk, b"hello").unwrap();
    let err = client(&fake).transcribe(&junk, &cancel).await.unwrap_err();
    assert!(err.to_string().contains("Failed to decode audio"), "{err}");
    // Empty: refused before sending.
    let empty = dir.path().join("empty.wav");
    std::fs::write(&empty, b"").unwrap();
    assert_eq!(
        client(&fake)
            .transcribe(&empty, &cancel)
            .await
            .unwrap_err()
            .class(),
        ErrorClass::InvalidInput
    );
    // Malformed reply.
    fake.malformed_next();
    let err = client(&fake).transcribe(&audio, &cancel).await.unwrap_err();
    assert_eq!(err.class(), ErrorClass::Failed);
}

#[tokio::test]
async fn server_errors_are_retried_then_reported_as_unavailable() {
    let dir = tempfile::tempdir().unwrap();
    let audio = speech(dir.path()).await;
    let fake = FakeWhisper::start(FakeConfig::default()).unwrap();
    fake.fail_next(&[500]);
    assert!(client(&fake)
        .transcribe(&audio, &CancellationToken::new())
        .await
        .is_ok());
    fake.fail_next(&[503, 429]);
    let err = client(&fake)
        .transcribe(&audio, &CancellationToken::new())
        .await
        .unwrap_err();
    assert_eq!(err.class(), ErrorClass::Unavailable);
    assert!(client(&fake).health(&CancellationToken::new()).await.ok);
}

//! The voice picker: each engine's voices and a cached spoken preview.

use videogen_fakes::{FakeTts, TtsConfig};
use videogen_model::{ErrorCode, TtsEngine};

use crate::studio;

#[tokio::test]
async fn chatterbox_voices_are_listed_by_their_display_names() {
    let (_dir, studio) = studio();
    let tts = FakeTts::start(TtsConfig::default()).expect("tts");
    studio.config_set("tts.url", &tts.url()).expect("tts url");
    let voices = studio
        .list_voices(TtsEngine::Chatterbox)
        .await
        .expect("voices");
    let ids: Vec<&str> = voices.iter().map(|v| v.id.as_str()).collect();
    assert_eq!(ids, ["Emily.wav", "Michael.wav", "Olivia.wav"]);
    assert_eq!(voices[0].name, "Emily");
}

#[tokio::test]
async fn a_preview_is_spoken_once_into_the_cache_and_then_reused() {
    let (dir, studio) = studio();
    let tts = FakeTts::start(TtsConfig::default()).expect("tts");
    studio.config_set("tts.url", &tts.url()).expect("tts url");

    let line = "The lighthouse keeper climbed the stairs.";
    let first = studio
        .preview_voice(TtsEngine::Chatterbox, "Olivia.wav", line)
        .await
        .expect("preview");
    assert!(!first.cached);
    assert!(first.duration_ms > 0);
    let path = std::path::Path::new(&first.path);
    assert!(
        path.starts_with(dir.path().join("data").join("cache")),
        "{}",
        first.path
    );
    assert!(std::fs::read(path).expect("wav").starts_with(b"RIFF"));
    let sent = tts.requests();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0]["predefined_voice_id"], "Olivia.wav");
    assert_eq!(sent[0]["text"], line);

    let again = studio
        .preview_voice(TtsEngine::Chatterbox, "Olivia.wav", line)
        .await
        .expect("again");
    assert!(again.cached);
    assert_eq!(
        (again.path, again.duration_ms),
        (first.path.clone(), first.duration_ms)
    );
    assert_eq!(
        tts.requests().len(),
        1,
        "a cached preview is not spoken again"
    );

    let other = studio
        .preview_voice(TtsEngine::Chatterbox, "Emily.wav", line)
        .await
        .expect("other voice");
    assert_ne!(other.path, first.path);
    assert_eq!(tts.requests().len(), 2);
}

#[tokio::test]
async fn an_empty_or_long_line_and_an_unknown_voice_are_refused_in_words() {
    let (_dir, studio) = studio();
    let tts = FakeTts::start(TtsConfig::default()).expect("tts");
    studio.config_set("tts.url", &tts.url()).expect("tts url");
    let empty = studio
        .preview_voice(TtsEngine::Chatterbox, "Emily.wav", "   ")
        .await
        .unwrap_err();
    assert_eq!(empty.code, ErrorCode::InvalidInput);
    let long = "word ".repeat(200);
    let long = studio
        .preview_voice(TtsEngine::Chatterbox, "Emily.wav", &long)
        .await
        .unwrap_err();
    assert!(long.message.contains("at most"), "{}", long.message);
    assert!(
        tts.requests().is_empty(),
        "nothing was sent for refused lines"
    );

    let unknown = studio
        .preview_voice(TtsEngine::Chatterbox, "Nobody.wav", "Hello there.")
        .await
        .unwrap_err();
    assert!(unknown.message.contains("voices"), "{}", unknown.message);
}

#[tokio::test]
async fn the_draft_voice_lists_its_voices_or_says_to_install_it() {
    let (_dir, studio) = studio();
    let installed = matches!(
        studio.engines_status().state,
        videogen_app::engines::InstallState::Installed
    );
    let result = studio.list_voices(TtsEngine::Piper).await;
    if installed {
        let voices = result.expect("draft voices");
        assert!(voices.iter().any(|v| v.id.contains("joe")), "{voices:?}");
    } else {
        let err = result.unwrap_err();
        assert!(err.message.contains("install"), "{}", err.message);
    }
    studio.supervisor().shutdown().await;
}

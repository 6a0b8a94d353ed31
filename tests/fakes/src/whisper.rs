//! Fake Whisper (protocols/whisper.md §7): the speaches-style OpenAI endpoint, or the
//! whisper.cpp `/inference` shape. It reads back the words the fake TTS embedded in the
//! WAV, optionally with seeded noise (dropped, merged, misspelled words).

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::extract::{Multipart, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::media::{read_wav_words, TimedWord};
use crate::{json_status, Rng, ServerHandle};

/// Seeded recognition errors, each a probability per word.
#[derive(Clone, Debug, Default)]
pub struct WhisperNoise {
    /// RNG seed.
    pub seed: u64,
    /// A word is not heard.
    pub drop: f64,
    /// A word is merged with the next one.
    pub merge: f64,
    /// A word is misspelled.
    pub misspell: f64,
}

/// How the fake behaves.
#[derive(Clone, Debug)]
pub struct WhisperConfig {
    /// Answer in whisper.cpp's shape on `/inference` (and 404 text on the OpenAI path).
    pub whisper_cpp: bool,
    /// Models installed (speaches 404s others).
    pub models: Vec<String>,
    /// Recognition noise.
    pub noise: WhisperNoise,
}

impl Default for WhisperConfig {
    fn default() -> Self {
        Self {
            whisper_cpp: false,
            models: vec!["whisper-1".into(), "Systran/faster-whisper-small".into()],
            noise: WhisperNoise::default(),
        }
    }
}

#[derive(Debug, Default)]
struct Faults {
    statuses: VecDeque<u16>,
    slow_reply: Option<Duration>,
    malformed_next: bool,
}

#[derive(Debug)]
struct WhisperState {
    config: WhisperConfig,
    faults: Mutex<Faults>,
}

/// A running fake Whisper server.
#[derive(Debug)]
pub struct FakeWhisper {
    handle: ServerHandle,
    state: Arc<WhisperState>,
}

impl FakeWhisper {
    /// Starts on a free port.
    pub fn start(config: WhisperConfig) -> std::io::Result<Self> {
        Self::start_on(0, config)
    }

    /// Starts on `port`.
    pub fn start_on(port: u16, config: WhisperConfig) -> std::io::Result<Self> {
        let state = Arc::new(WhisperState {
            config,
            faults: Mutex::default(),
        });
        let s = state.clone();
        let handle = ServerHandle::start(port, move || router(s))?;
        Ok(Self { handle, state })
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        self.handle.url()
    }

    /// Queues statuses for the next transcriptions (500/503/429).
    pub fn fail_next(&self, statuses: &[u16]) {
        self.state
            .faults
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .statuses
            .extend(statuses);
    }

    /// Delays every transcription.
    pub fn slow(&self, delay: Option<Duration>) {
        self.state
            .faults
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .slow_reply = delay;
    }

    /// The next reply is malformed JSON.
    pub fn malformed_next(&self) {
        self.state
            .faults
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .malformed_next = true;
    }
}

/// Real servers take an hour of audio in one request (section narration); axum's default
/// body limit is 2 MB.
const MAX_UPLOAD: usize = 1 << 30;

fn router(state: Arc<WhisperState>) -> Router {
    routes(state).layer(axum::extract::DefaultBodyLimit::max(MAX_UPLOAD))
}

fn routes(state: Arc<WhisperState>) -> Router {
    if state.config.whisper_cpp {
        Router::new()
            .route("/inference", post(transcribe))
            .route("/health", get(|| async { Json(json!({"status": "ok"})) }))
            .fallback(|uri: axum::http::Uri| async move {
                (
                    axum::http::StatusCode::NOT_FOUND,
                    format!("File Not Found ({})", uri.path()),
                )
            })
            .with_state(state)
    } else {
        Router::new()
            .route("/v1/audio/transcriptions", post(transcribe))
            .route("/health", get(|| async { Json(json!({"message": "OK"})) }))
            .route("/v1/models", get(models))
            .with_state(state)
    }
}

async fn models(State(state): State<Arc<WhisperState>>) -> Json<Value> {
    let data: Vec<Value> = state
        .config
        .models
        .iter()
        .map(|m| json!({"id": m, "object": "model"}))
        .collect();
    Json(json!({"object": "list", "data": data}))
}

fn noisy(words: Vec<TimedWord>, noise: &WhisperNoise) -> Vec<TimedWord> {
    let mut rng = Rng::new(noise.seed);
    let mut out: Vec<TimedWord> = Vec::new();
    let mut merge_next = false;
    for mut w in words {
        if rng.unit() < noise.drop {
            continue;
        }
        if rng.unit() < noise.misspell && w.word.len() > 2 {
            // Swap two letters, the commonest mishearing in transcripts.
            let mut chars: Vec<char> = w.word.chars().collect();
            chars.swap(0, 1);
            w.word = chars.into_iter().collect();
        }
        if merge_next {
            if let Some(last) = out.last_mut() {
                last.word = format!(
                    "{}{}",
                    last.word.trim_end_matches(|c: char| !c.is_alphanumeric()),
                    w.word.to_lowercase()
                );
                last.end_ms = w.end_ms;
                merge_next = false;
                continue;
            }
        }
        merge_next = rng.unit() < noise.merge;
        out.push(w);
    }
    out
}

fn secs(ms: u64) -> f64 {
    ms as f64 / 1000.0
}

/// Splits words into sentence segments.
fn segments(words: &[TimedWord]) -> Vec<Vec<TimedWord>> {
    let mut segs = vec![Vec::new()];
    for w in words {
        if let Some(last) = segs.last_mut() {
            last.push(w.clone());
        }
        if w.word.ends_with(['.', '!', '?']) {
            segs.push(Vec::new());
        }
    }
    segs.retain(|s| !s.is_empty());
    segs
}

fn speaches_reply(words: &[TimedWord], duration: u64) -> Value {
    let segs = segments(words);
    let text: String = words.iter().map(|w| format!(" {}", w.word)).collect();
    let segments: Vec<Value> = segs
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let t: String = s.iter().map(|w| format!(" {}", w.word)).collect();
            json!({"id": i, "seek": 0, "start": secs(s[0].start_ms), "end": secs(s[s.len() - 1].end_ms), "text": t,
                   "tokens": [50364], "temperature": 0.0, "avg_logprob": -0.2, "compression_ratio": 0.9, "no_speech_prob": 0.01})
        })
        .collect();
    let words: Vec<Value> = words.iter().map(|w| json!({"word": format!(" {}", w.word), "start": secs(w.start_ms), "end": secs(w.end_ms)})).collect();
    json!({"language": "en", "duration": secs(duration), "text": text.trim_start(), "segments": segments, "words": words})
}

/// whisper.cpp: sub-word tokens, punctuation as its own entry, no top-level words.
fn whisper_cpp_reply(words: &[TimedWord], duration: u64) -> Value {
    let segs = segments(words);
    let mut text = String::new();
    let segments: Vec<Value> = segs
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut tokens = Vec::new();
            for w in s {
                let core: String = w.word.trim_end_matches(|c: char| !c.is_alphanumeric()).to_string();
                let punct = &w.word[core.len()..];
                let (a, b) = (secs(w.start_ms), secs(w.end_ms));
                if core.chars().count() > 6 {
                    let cut = core.char_indices().nth(4).map(|(i, _)| i).unwrap_or(core.len());
                    let mid = (a + b) / 2.0;
                    tokens.push(json!({"word": format!(" {}", &core[..cut]), "start": a, "end": mid, "probability": 0.9}));
                    tokens.push(json!({"word": &core[cut..], "start": mid, "end": b, "probability": 0.9}));
                } else {
                    tokens.push(json!({"word": format!(" {core}"), "start": a, "end": b, "probability": 0.9}));
                }
                if !punct.is_empty() {
                    tokens.push(json!({"word": punct, "start": b, "end": b, "probability": 0.97}));
                }
            }
            let t: String = s.iter().map(|w| format!(" {}", w.word)).collect();
            text.push_str(&t);
            text.push('\n');
            json!({"id": i, "text": t, "start": secs(s[0].start_ms), "end": secs(s[s.len() - 1].end_ms), "words": tokens,
                   "tokens": [], "temperature": 0.0, "avg_logprob": -0.14, "no_speech_prob": 0.01})
        })
        .collect();
    json!({"task": "transcribe", "language": "english", "duration": secs(duration), "text": text,
           "detected_language": "english", "detected_language_probability": 0.97, "language_probabilities": {"en": 0.97},
           "segments": segments})
}

async fn transcribe(State(state): State<Arc<WhisperState>>, mut multipart: Multipart) -> Response {
    let cpp = state.config.whisper_cpp;
    let mut file: Option<Vec<u8>> = None;
    let mut model: Option<String> = None;
    while let Ok(Some(field)) = multipart.next_field().await {
        let name = field.name().unwrap_or_default().to_string();
        let Ok(bytes) = field.bytes().await else {
            break;
        };
        match name.as_str() {
            "file" => file = Some(bytes.to_vec()),
            "model" => model = Some(String::from_utf8_lossy(&bytes).to_string()),
            _ => {}
        }
    }
    let missing = |field: &str| {
        json_status(
            422,
            json!({"detail": [{"type": "missing", "loc": ["body", field], "msg": "Field required", "input": null}]}),
        )
    };
    let Some(file) = file else {
        return if cpp {
            json_status(400, json!({"error": "no 'file' field in the request"}))
        } else {
            missing("file")
        };
    };
    if !cpp {
        let Some(model) = model else {
            return missing("model");
        };
        if !state.config.models.contains(&model) {
            return json_status(
                404,
                json!({"detail": format!("Model '{model}' is not installed locally. You can download the model using `POST /v1/models`")}),
            );
        }
    }
    let (status, slow, malformed) = {
        let mut f = state.faults.lock().unwrap_or_else(PoisonError::into_inner);
        (
            f.statuses.pop_front(),
            f.slow_reply,
            std::mem::take(&mut f.malformed_next),
        )
    };
    if let Some(d) = slow {
        tokio::time::sleep(d).await;
    }
    if let Some(code) = status {
        let body = if cpp {
            json!({"error": "failed to process audio"})
        } else {
            json!({"detail": "Internal Server Error"})
        };
        let mut r = json_status(code, body);
        if code == 429 {
            r.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from_static("0"),
            );
        }
        return r;
    }
    if malformed {
        return (
            [(axum::http::header::CONTENT_TYPE, "application/json")],
            "{\"text\": \"Hello",
        )
            .into_response();
    }
    if file.is_empty() {
        return if cpp {
            json_status(400, json!({"error": "failed to read audio data"}))
        } else {
            json_status(
                400,
                json!({"detail": "Failed to decode audio. The provided file is likely empty."}),
            )
        };
    }
    let Some((words, duration)) = read_wav_words(&file) else {
        return if cpp {
            json_status(400, json!({"error": "failed to read audio data"}))
        } else {
            json_status(
                415,
                json!({"detail": "Failed to decode audio. The provided file type is not supported."}),
            )
        };
    };
    let words = noisy(words, &state.config.noise);
    Json(if cpp {
        whisper_cpp_reply(&words, duration)
    } else {
        speaches_reply(&words, duration)
    })
    .into_response()
}

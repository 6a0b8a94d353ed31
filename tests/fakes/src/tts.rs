//! Fake Chatterbox (protocols/chatterbox.md): devnen's Chatterbox-TTS-Server by default,
//! or travisvn's chatterbox-tts-api; or Piper 1.8's HTTP server, the draft voice
//! (protocols/piper.md), quirks included. Writes a real mono PCM16 WAV (24 kHz; Piper's
//! 22.05 kHz) whose length follows the text and whose words' timings ride in a RIFF INFO chunk.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::media::{time_words, wav_with_words};
use crate::{json_status, ServerHandle};

/// How the fake behaves.
#[derive(Clone, Debug)]
pub struct TtsConfig {
    /// Speak as travisvn/chatterbox-tts-api instead of devnen's server.
    pub openai_variant: bool,
    /// Speak as Piper's `piper.http_server` (wins over `openai_variant`); `voices` then
    /// holds voice names (`en_US-joe-medium`), the first being the loaded one.
    pub piper_variant: bool,
    /// Voice files offered.
    pub voices: Vec<String>,
    /// Whether the model is loaded (`false` -> 503 on synthesis).
    pub loaded: bool,
}

impl Default for TtsConfig {
    fn default() -> Self {
        Self {
            openai_variant: false,
            piper_variant: false,
            voices: vec![
                "Emily.wav".into(),
                "Michael.wav".into(),
                "Olivia.wav".into(),
            ],
            loaded: true,
        }
    }
}

/// Faults to inject.
#[derive(Clone, Debug, Default)]
pub struct TtsFaults {
    /// Statuses for the next synthesis calls (500/503/429 with the real bodies).
    pub statuses: VecDeque<u16>,
    /// Delay before each synthesis reply.
    pub slow_reply: Option<Duration>,
    /// The next synthesis returns bytes that are not audio.
    pub garbage_next: bool,
}

#[derive(Debug)]
struct TtsState {
    config: TtsConfig,
    faults: Mutex<TtsFaults>,
    requests: Mutex<Vec<Value>>,
}

impl TtsState {
    fn faults(&self) -> MutexGuard<'_, TtsFaults> {
        self.faults.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A running fake TTS server.
#[derive(Debug)]
pub struct FakeTts {
    handle: ServerHandle,
    state: Arc<TtsState>,
}

impl FakeTts {
    /// Starts on a free port.
    pub fn start(config: TtsConfig) -> std::io::Result<Self> {
        Self::start_on(0, config)
    }

    /// Starts on `port`.
    pub fn start_on(port: u16, config: TtsConfig) -> std::io::Result<Self> {
        let state = Arc::new(TtsState {
            config,
            faults: Mutex::default(),
            requests: Mutex::default(),
        });
        let s = state.clone();
        let handle = ServerHandle::start(port, move || router(s))?;
        Ok(Self { handle, state })
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        self.handle.url()
    }

    /// Changes the faults to inject.
    pub fn faults(&self, f: impl FnOnce(&mut TtsFaults)) {
        f(&mut self.state.faults());
    }

    /// Synthesis request bodies received.
    pub fn requests(&self) -> Vec<Value> {
        self.state
            .requests
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

fn router(state: Arc<TtsState>) -> Router {
    if state.config.piper_variant {
        Router::new()
            .route("/info", get(piper_info))
            .route("/voices", get(piper_voices))
            .route("/synthesize", post(piper_synthesize))
            .with_state(state)
    } else if state.config.openai_variant {
        Router::new()
            .route("/health", get(openai_health))
            .route("/v1/health", get(openai_health))
            .route(
                "/ping",
                get(|| async { Json(json!({"status": "ok", "message": "Server is running"})) }),
            )
            .route("/v1/voices", get(openai_voices))
            .route("/v1/audio/speech", post(openai_speech))
            .route("/audio/speech", post(openai_speech))
            .route("/tts", post(openai_speech))
            .with_state(state)
    } else {
        Router::new()
            .route("/tts", post(devnen_tts))
            .route("/v1/audio/speech", post(devnen_openai_speech))
            .route("/get_predefined_voices", get(devnen_voices))
            .route("/get_reference_files", get(|| async { Json(json!([])) }))
            .route("/v1/audio/voices", get(devnen_v1_voices))
            .route("/api/model-info", get(devnen_model_info))
            .with_state(state)
    }
}

fn display_name(file: &str) -> String {
    let stem = file.rsplit_once('.').map(|(s, _)| s).unwrap_or(file);
    stem.split(['_', '-'])
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

async fn devnen_voices(State(state): State<Arc<TtsState>>) -> Json<Value> {
    let list: Vec<Value> = state
        .config
        .voices
        .iter()
        .map(|f| json!({"display_name": display_name(f), "filename": f}))
        .collect();
    Json(Value::Array(list))
}

async fn devnen_v1_voices(State(state): State<Arc<TtsState>>) -> Json<Value> {
    Json(json!({"status": "ok", "voices": state.config.voices}))
}

async fn devnen_model_info(State(state): State<Arc<TtsState>>) -> Json<Value> {
    Json(
        json!({"loaded": state.config.loaded, "type": "turbo", "class_name": "ChatterboxTurboTTS", "device": "cuda", "sample_rate": 24000,
                "supports_paralinguistic_tags": true, "available_paralinguistic_tags": ["laugh", "chuckle", "sigh"],
                "turbo_available_in_package": true, "multilingual_available_in_package": true, "supports_multilingual": false,
                "supported_languages": {"en": "English"}}),
    )
}

fn wav_response(text: &str, speed: f64, disposition: Option<&str>) -> Response {
    let (words, duration) = time_words(text, speed);
    let bytes = wav_with_words(&words, duration, 24000);
    let mut resp = ([(header::CONTENT_TYPE, "audio/wav")], bytes).into_response();
    if let Some(d) = disposition.and_then(|d| d.parse().ok()) {
        resp.headers_mut().insert(header::CONTENT_DISPOSITION, d);
    }
    resp
}

/// Applies injected faults; `Some` is the reply to send instead.
async fn injected(state: &TtsState, openai: bool) -> Option<Response> {
    let (status, slow, garbage) = {
        let mut f = state.faults();
        (
            f.statuses.pop_front(),
            f.slow_reply,
            std::mem::take(&mut f.garbage_next),
        )
    };
    if let Some(d) = slow {
        tokio::time::sleep(d).await;
    }
    if garbage {
        return Some(([(header::CONTENT_TYPE, "audio/wav")], "not audio at all").into_response());
    }
    let status = status?;
    Some(match (status, openai) {
        (503, false) => json_status(
            503,
            json!({"detail": "TTS engine model is not currently loaded or available."}),
        ),
        (500, false) => json_status(
            500,
            json!({"detail": "TTS engine failed to synthesize audio for chunk 1."}),
        ),
        (500, true) | (503, true) => json_status(
            500,
            json!({"error": {"message": "Model not loaded", "type": "model_error"}}),
        ),
        (429, _) => {
            let mut r = json_status(429, json!({"detail": "Too many requests"}));
            r.headers_mut()
                .insert(header::RETRY_AFTER, header::HeaderValue::from_static("0"));
            r
        }
        (code, _) => json_status(code, json!({"detail": "injected failure"})),
    })
}

fn missing_field(body: &Value, field: &str) -> Response {
    json_status(
        422,
        json!({"detail": [{"type": "missing", "loc": ["body", field], "msg": "Field required", "input": body}]}),
    )
}

async fn devnen_tts(State(state): State<Arc<TtsState>>, body: String) -> Response {
    let Ok(body) = serde_json::from_str::<Value>(&body) else {
        return json_status(
            422,
            json!({"detail": [{"type": "json_invalid", "loc": ["body", 0], "msg": "JSON decode error", "input": {}}]}),
        );
    };
    state
        .requests
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push(body.clone());
    let text = body
        .get("text")
        .and_then(|t| t.as_str())
        .unwrap_or_default();
    if text.is_empty() {
        return missing_field(&body, "text");
    }
    if let Some(size) = body.get("chunk_size").and_then(Value::as_i64) {
        if !(50..=500).contains(&size) {
            return json_status(
                422,
                json!({"detail": [{"type": "greater_than_equal", "loc": ["body", "chunk_size"], "msg": "Input should be between 50 and 500", "input": size}]}),
            );
        }
    }
    if !state.config.loaded {
        return json_status(
            503,
            json!({"detail": "TTS engine model is not currently loaded or available."}),
        );
    }
    let mode = body
        .get("voice_mode")
        .and_then(|m| m.as_str())
        .unwrap_or("predefined");
    if mode == "predefined" {
        let Some(voice) = body.get("predefined_voice_id").and_then(|v| v.as_str()) else {
            return json_status(
                400,
                json!({"detail": "Missing 'predefined_voice_id' for 'predefined' voice mode."}),
            );
        };
        if !state.config.voices.iter().any(|v| v == voice) {
            return json_status(
                404,
                json!({"detail": format!("Predefined voice file '{voice}' not found.")}),
            );
        }
    } else if body
        .get("reference_audio_filename")
        .and_then(|v| v.as_str())
        .is_none()
    {
        return json_status(
            400,
            json!({"detail": "Missing 'reference_audio_filename' for 'clone' voice mode."}),
        );
    }
    if let Some(r) = injected(&state, false).await {
        return r;
    }
    let speed = body
        .get("speed_factor")
        .and_then(Value::as_f64)
        .unwrap_or(1.0);
    wav_response(
        text,
        speed,
        Some("attachment; filename=\"tts_output_T08_E05_W05_20250101_120000.wav\""),
    )
}

async fn devnen_openai_speech(
    State(state): State<Arc<TtsState>>,
    Json(body): Json<Value>,
) -> Response {
    let voice = body
        .get("voice")
        .and_then(|v| v.as_str())
        .unwrap_or_default();
    if !state.config.voices.iter().any(|v| v == voice) {
        return json_status(
            404,
            json!({"detail": format!("Voice file '{voice}' not found.")}),
        );
    }
    let text = body
        .get("input")
        .and_then(|t| t.as_str())
        .unwrap_or_default();
    if let Some(r) = injected(&state, false).await {
        return r;
    }
    wav_response(
        text,
        body.get("speed").and_then(Value::as_f64).unwrap_or(1.0),
        None,
    )
}

async fn openai_health(State(state): State<Arc<TtsState>>) -> Json<Value> {
    let status = if state.config.loaded {
        "healthy"
    } else {
        "initializing"
    };
    Json(json!({"status": status, "model_loaded": state.config.loaded, "device": "cuda"}))
}

async fn openai_voices(State(state): State<Arc<TtsState>>) -> Json<Value> {
    let voices: Vec<Value> = state
        .config
        .voices
        .iter()
        .map(|v| json!({"name": v}))
        .collect();
    Json(json!({"voices": voices, "count": voices.len()}))
}

async fn openai_speech(State(state): State<Arc<TtsState>>, body: String) -> Response {
    let Ok(body) = serde_json::from_str::<Value>(&body) else {
        return json_status(
            422,
            json!({"detail": [{"type": "json_invalid", "loc": ["body", 0], "msg": "JSON decode error", "input": {}}]}),
        );
    };
    state
        .requests
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push(body.clone());
    let Some(text) = body.get("input").and_then(|t| t.as_str()) else {
        return missing_field(&body, "input");
    };
    if text.chars().count() > 3000 {
        return json_status(
            400,
            json!({"error": {"message": "Input text too long. Maximum 3000 characters allowed.", "type": "invalid_request_error"}}),
        );
    }
    if !state.config.loaded {
        return json_status(
            500,
            json!({"error": {"message": "Model not loaded", "type": "model_error"}}),
        );
    }
    if let Some(r) = injected(&state, true).await {
        return r;
    }
    wav_response(
        text,
        body.get("speed").and_then(Value::as_f64).unwrap_or(1.0),
        Some("attachment; filename=speech.wav"),
    )
}

/// Piper's sample rate for a medium voice.
const PIPER_RATE: u32 = 22050;

/// Flask's page for an unhandled exception: what Piper answers for every failure.
fn piper_error_page() -> Response {
    let page = "<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n\
        <h1>Internal Server Error</h1>\n<p>The server encountered an internal error and was \
        unable to complete your request. Either the server is overloaded or there is an error \
        in the application.</p>\n";
    (
        axum::http::StatusCode::INTERNAL_SERVER_ERROR,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        page,
    )
        .into_response()
}

fn piper_default_voice(state: &TtsState) -> String {
    state
        .config
        .voices
        .first()
        .cloned()
        .unwrap_or_else(|| "en_US-joe-medium".into())
}

async fn piper_info(State(state): State<Arc<TtsState>>) -> Json<Value> {
    let last = state
        .requests
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .last()
        .and_then(|r| r.get("text").cloned())
        .map(|text| json!({"text": text, "synthesize_seconds": 0.01, "phonemes": [], "alignments": []}));
    Json(json!({
        "voice": {"name": piper_default_voice(&state), "language": "en-us", "num_speakers": 1},
        "last": last,
    }))
}

async fn piper_voices(State(state): State<Arc<TtsState>>) -> Json<Value> {
    let voices: serde_json::Map<String, Value> = state
        .config
        .voices
        .iter()
        .map(|name| {
            let dataset = name.split('-').nth(1).unwrap_or(name);
            let config = json!({
                "audio": {"sample_rate": PIPER_RATE, "quality": "medium"},
                "espeak": {"voice": "en-us"},
                "inference": {"noise_scale": 0.667, "length_scale": 1, "noise_w": 0.8},
                "num_speakers": 1, "speaker_id_map": {}, "piper_version": "1.0.0",
                "language": {"code": "en_US", "family": "en", "region": "US",
                    "name_native": "English", "name_english": "English",
                    "country_english": "United States"},
                "dataset": dataset,
            });
            (name.clone(), config)
        })
        .collect();
    Json(Value::Object(voices))
}

/// `POST /synthesize` as Piper does it: the body is parsed as JSON whatever its
/// Content-Type, empty text and bad JSON are HTML 500 pages, an unknown voice falls back
/// to the default, and the WAV is sent as `text/html; charset=utf-8`.
async fn piper_synthesize(State(state): State<Arc<TtsState>>, body: String) -> Response {
    let Ok(body) = serde_json::from_str::<Value>(&body) else {
        return piper_error_page();
    };
    state
        .requests
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push(body.clone());
    let text = body
        .get("text")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .trim();
    if text.is_empty() {
        return piper_error_page();
    }
    let (status, slow, garbage) = {
        let mut f = state.faults();
        (
            f.statuses.pop_front(),
            f.slow_reply,
            std::mem::take(&mut f.garbage_next),
        )
    };
    if let Some(d) = slow {
        tokio::time::sleep(d).await;
    }
    if status.is_some() {
        return piper_error_page();
    }
    let html = [(header::CONTENT_TYPE, "text/html; charset=utf-8")];
    if garbage {
        return (html, "<p>not audio</p>").into_response();
    }
    let length_scale = body
        .get("length_scale")
        .and_then(Value::as_f64)
        .filter(|l| *l > 0.0)
        .unwrap_or(1.0);
    let (words, duration) = time_words(text, 1.0 / length_scale);
    (html, wav_with_words(&words, duration, PIPER_RATE)).into_response()
}

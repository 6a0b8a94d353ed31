//! Fake OpenAI-compatible LLM (protocols/deepseek.md §9): checks the key and model,
//! answers with scripted replies (or echoes a canned JSON object in JSON mode), and
//! injects the documented faults with their real bodies.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use axum::extract::State;
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::{json_status, ServerHandle};

/// One scripted reply.
#[derive(Clone, Debug, PartialEq)]
pub enum LlmReply {
    /// A completion with this content and `finish_reason: stop`.
    Content(String),
    /// A completion cut off: `finish_reason: length`.
    Truncated(String),
    /// `finish_reason: insufficient_system_resource`.
    NoCapacity,
    /// An HTTP error with the documented body (401, 402, 429, 500, 503; 429 carries Retry-After: 0).
    Status(u16),
    /// A 200 whose body is not JSON.
    Malformed,
    /// Wait this long before replying (for client timeouts), then reply with the next item.
    Delay(Duration),
}

/// How the fake behaves.
#[derive(Clone, Debug)]
pub struct LlmConfig {
    /// The API key it accepts (`None` = any or none).
    pub api_key: Option<String>,
    /// Models it offers.
    pub models: Vec<String>,
    /// Send blank keep-alive lines before the JSON body.
    pub keep_alive_lines: bool,
    /// Append one line per chat request to this file: what it asks for
    /// ([`crate::author::describe`]), e.g. `Write section 3`.
    pub request_log: Option<std::path::PathBuf>,
}

impl Default for LlmConfig {
    fn default() -> Self {
        Self {
            api_key: Some("sk-test".into()),
            models: vec!["deepseek-flash".into(), "deepseek-v4-pro".into()],
            keep_alive_lines: false,
            request_log: None,
        }
    }
}

#[derive(Debug)]
struct LlmState {
    config: LlmConfig,
    script: Mutex<VecDeque<LlmReply>>,
    requests: Mutex<Vec<Value>>,
}

impl LlmState {
    fn script(&self) -> MutexGuard<'_, VecDeque<LlmReply>> {
        self.script.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A running fake LLM.
#[derive(Debug)]
pub struct FakeLlm {
    handle: ServerHandle,
    state: Arc<LlmState>,
}

impl FakeLlm {
    /// Starts on a free port.
    pub fn start(config: LlmConfig) -> std::io::Result<Self> {
        Self::start_on(0, config)
    }

    /// Starts on `port`.
    pub fn start_on(port: u16, config: LlmConfig) -> std::io::Result<Self> {
        let state = Arc::new(LlmState {
            config,
            script: Mutex::default(),
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

    /// Appends scripted replies, used in order.
    pub fn script(&self, replies: impl IntoIterator<Item = LlmReply>) {
        self.state.script().extend(replies);
    }

    /// Request bodies received by `/chat/completions`.
    pub fn requests(&self) -> Vec<Value> {
        self.state
            .requests
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

fn router(state: Arc<LlmState>) -> Router {
    let routes = Router::new()
        .route("/chat/completions", post(chat))
        .route("/models", get(models))
        .with_state(state);
    Router::new().merge(routes.clone()).nest("/v1", routes)
}

fn error(status: u16, message: &str, kind: &str) -> Response {
    json_status(
        status,
        json!({"error": {"message": message, "type": kind, "param": null, "code": "invalid_request_error"}}),
    )
}

/// The 401 reply for a missing or wrong key, if it is.
fn unauthorised(state: &LlmState, headers: &HeaderMap) -> Option<Response> {
    let Some(key) = &state.config.api_key else {
        return None;
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    match given.strip_prefix("Bearer ") {
        Some(k) if k == key => None,
        Some(k) => {
            let tail: String = k
                .chars()
                .rev()
                .take(4)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            Some(error(
                401,
                &format!("Authentication Fails, Your api key: ****{tail} is invalid"),
                "authentication_error",
            ))
        }
        None => Some(error(
            401,
            "Authentication Fails (auth header format should be Bearer sk-...)",
            "authentication_error",
        )),
    }
}

async fn models(State(state): State<Arc<LlmState>>, headers: HeaderMap) -> Response {
    if let Some(r) = unauthorised(&state, &headers) {
        return r;
    }
    let data: Vec<Value> = state
        .config
        .models
        .iter()
        .map(|m| json!({"id": m, "object": "model", "owned_by": "deepseek"}))
        .collect();
    Json(json!({"object": "list", "data": data})).into_response()
}

fn completion(model: &str, content: &str, finish: &str, prompt_tokens: u64) -> Value {
    let completion_tokens = (content.len() as u64 / 4).max(1);
    let hit = prompt_tokens / 2;
    json!({
        "id": uuid::Uuid::new_v4().to_string(), "object": "chat.completion", "created": 1731234567, "model": model,
        "system_fingerprint": "fp_fake",
        "choices": [{"index": 0, "finish_reason": finish, "logprobs": null,
                     "message": {"role": "assistant", "content": content, "reasoning_content": null, "tool_calls": null}}],
        "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens, "total_tokens": prompt_tokens + completion_tokens,
                  "prompt_cache_hit_tokens": hit, "prompt_cache_miss_tokens": prompt_tokens - hit,
                  "prompt_tokens_details": {"cached_tokens": hit}, "completion_tokens_details": {"reasoning_tokens": 0}}
    })
}

async fn chat(State(state): State<Arc<LlmState>>, headers: HeaderMap, body: String) -> Response {
    if let Some(r) = unauthorised(&state, &headers) {
        return r;
    }
    let Ok(body) = serde_json::from_str::<Value>(&body) else {
        return error(
            400,
            "Failed to deserialize the JSON body into the target type",
            "invalid_request_error",
        );
    };
    state
        .requests
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push(body.clone());
    let model = body
        .get("model")
        .and_then(|m| m.as_str())
        .unwrap_or_default()
        .to_string();
    if !state.config.models.contains(&model) {
        return error(400, "Model Not Exist", "invalid_request_error");
    }
    let messages = body
        .get("messages")
        .and_then(|m| m.as_array())
        .cloned()
        .unwrap_or_default();
    if messages.is_empty() {
        return error(400, "messages must not be empty", "invalid_request_error");
    }
    let prompt_tokens: u64 = messages
        .iter()
        .map(|m| {
            m.get("content")
                .and_then(|c| c.as_str())
                .map_or(0, |c| c.len() as u64 / 4 + 4)
        })
        .sum();
    let ask = messages
        .iter()
        .rev()
        .find(|m| m.get("role").and_then(|r| r.as_str()) == Some("user"))
        .and_then(|m| m.get("content").and_then(|c| c.as_str()))
        .unwrap_or_default();
    crate::log_line(
        state.config.request_log.as_deref(),
        &crate::author::describe(ask),
    );
    let json_mode = body
        .pointer("/response_format/type")
        .and_then(|t| t.as_str())
        == Some("json_object");
    let mut reply = state.script().pop_front();
    while let Some(LlmReply::Delay(d)) = reply {
        tokio::time::sleep(d).await;
        reply = state.script().pop_front();
    }
    let value = match reply {
        None if json_mode => completion(
            &model,
            &crate::author::reply(ask).to_string(),
            "stop",
            prompt_tokens,
        ),
        None => completion(&model, "Hello from the fake LLM.", "stop", prompt_tokens),
        Some(LlmReply::Content(c)) => completion(&model, &c, "stop", prompt_tokens),
        Some(LlmReply::Truncated(c)) => completion(&model, &c, "length", prompt_tokens),
        Some(LlmReply::NoCapacity) => {
            completion(&model, "", "insufficient_system_resource", prompt_tokens)
        }
        Some(LlmReply::Malformed) => {
            return (
                [(header::CONTENT_TYPE, "application/json")],
                "{\"id\": \"x\", \"choices\": [",
            )
                .into_response()
        }
        Some(LlmReply::Status(401)) => {
            return error(
                401,
                "Authentication Fails, Your api key: ****abcd is invalid",
                "authentication_error",
            )
        }
        Some(LlmReply::Status(402)) => return error(402, "Insufficient Balance", "unknown_error"),
        Some(LlmReply::Status(429)) => {
            let mut r = error(429, "Rate limit reached for requests", "rate_limit_error");
            r.headers_mut()
                .insert(header::RETRY_AFTER, header::HeaderValue::from_static("0"));
            return r;
        }
        Some(LlmReply::Status(503)) => {
            return error(
                503,
                "Server overloaded, please try again later",
                "server_error",
            )
        }
        Some(LlmReply::Status(code)) => {
            return error(code, "Internal server error", "server_error")
        }
        Some(LlmReply::Delay(_)) => completion(&model, "", "stop", prompt_tokens),
    };
    if state.config.keep_alive_lines {
        return (
            [(header::CONTENT_TYPE, "application/json")],
            format!("\n\n{value}"),
        )
            .into_response();
    }
    Json(value).into_response()
}

//! OpenAI-compatible chat completions: DeepSeek by default, Ollama and llama.cpp by
//! changing the base URL and model (protocols/deepseek.md).

use std::time::Duration;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use tokio_util::sync::CancellationToken;
use url::Url;

use crate::error::{ProviderError, Result, Service};
use crate::http::{self, RetryPolicy};
use crate::Health;

/// Settings of the LLM client.
#[derive(Clone, Debug)]
pub struct LlmConfig {
    /// Base URL, e.g. `https://api.deepseek.com` or `http://localhost:11434/v1`.
    pub base_url: Url,
    /// Model name; a setting because providers retire names (protocol notes §1).
    pub model: String,
    /// Bearer key; local servers ignore it.
    pub api_key: Option<String>,
    /// Time allowed for one request (long outputs need minutes).
    pub timeout: Duration,
    /// Retries of timeouts, 429 and 5xx.
    pub retry: RetryPolicy,
}

impl LlmConfig {
    /// Defaults for a base URL and model.
    pub fn new(base_url: Url, model: impl Into<String>, api_key: Option<String>) -> Self {
        Self {
            base_url,
            model: model.into(),
            api_key,
            timeout: Duration::from_secs(600),
            retry: RetryPolicy::default(),
        }
    }
}

/// Who wrote a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Instructions.
    System,
    /// The request.
    User,
    /// A reply.
    Assistant,
}

/// One chat message.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChatMessage {
    /// Who wrote it.
    pub role: Role,
    /// Its text.
    pub content: String,
}

impl ChatMessage {
    /// A system message.
    pub fn system(text: impl Into<String>) -> Self {
        Self {
            role: Role::System,
            content: text.into(),
        }
    }
    /// A user message.
    pub fn user(text: impl Into<String>) -> Self {
        Self {
            role: Role::User,
            content: text.into(),
        }
    }
    /// An assistant message.
    pub fn assistant(text: impl Into<String>) -> Self {
        Self {
            role: Role::Assistant,
            content: text.into(),
        }
    }
}

/// A chat request.
#[derive(Clone, Debug, Default)]
pub struct ChatRequest {
    /// The conversation.
    pub messages: Vec<ChatMessage>,
    /// Sampling temperature.
    pub temperature: Option<f32>,
    /// Output cap.
    pub max_tokens: Option<u32>,
    /// Ask for a JSON object (`response_format: json_object`).
    pub json: bool,
}

pub use videogen_model::TokenUsage;

/// A reply.
#[derive(Clone, Debug, PartialEq)]
pub struct ChatReply {
    /// The answer text.
    pub content: String,
    /// Chain of thought, when the model thought (`reasoning_content` or Ollama's `reasoning`).
    pub reasoning: Option<String>,
    /// Why generation stopped.
    pub finish_reason: String,
    /// Tokens of this call.
    pub usage: TokenUsage,
}

/// A JSON reply parsed into `T`, with the usage of every call it took.
#[derive(Clone, Debug, PartialEq)]
pub struct JsonReply<T> {
    /// The parsed value.
    pub value: T,
    /// Usage summed over the first call and the repair round, if any.
    pub usage: TokenUsage,
    /// Whether a repair round was needed.
    pub repaired: bool,
}

#[derive(Deserialize)]
struct RawUsage {
    #[serde(default)]
    prompt_tokens: u64,
    #[serde(default)]
    completion_tokens: u64,
    prompt_cache_hit_tokens: Option<u64>,
    prompt_cache_miss_tokens: Option<u64>,
    prompt_tokens_details: Option<RawPromptDetails>,
}

#[derive(Deserialize)]
struct RawPromptDetails {
    cached_tokens: Option<u64>,
}

#[derive(Deserialize)]
struct RawMessage {
    content: Option<String>,
    reasoning_content: Option<String>,
    reasoning: Option<String>,
}

#[derive(Deserialize)]
struct RawChoice {
    message: RawMessage,
    finish_reason: Option<String>,
}

#[derive(Deserialize)]
struct RawCompletion {
    choices: Vec<RawChoice>,
    usage: Option<RawUsage>,
}

fn usage_of(raw: Option<RawUsage>) -> TokenUsage {
    let Some(u) = raw else {
        return TokenUsage {
            calls: 1,
            ..TokenUsage::default()
        };
    };
    let hit = u
        .prompt_cache_hit_tokens
        .or_else(|| u.prompt_tokens_details.and_then(|d| d.cached_tokens))
        .unwrap_or(0);
    let miss = u
        .prompt_cache_miss_tokens
        .unwrap_or(u.prompt_tokens.saturating_sub(hit));
    let small = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
    TokenUsage {
        prompt_tokens: small(u.prompt_tokens),
        completion_tokens: small(u.completion_tokens),
        cache_hit_tokens: small(hit),
        cache_miss_tokens: small(miss),
        calls: 1,
    }
}

/// Strips Markdown code fences that local models wrap JSON in.
fn strip_fences(text: &str) -> &str {
    let t = text.trim();
    let Some(rest) = t.strip_prefix("```") else {
        return t;
    };
    let rest = rest
        .strip_prefix("json")
        .or_else(|| rest.strip_prefix("JSON"))
        .unwrap_or(rest);
    rest.strip_suffix("```").unwrap_or(rest).trim()
}

/// The LLM client.
#[derive(Clone, Debug)]
pub struct LlmClient {
    http: reqwest::Client,
    config: LlmConfig,
}

impl LlmClient {
    /// A client for these settings.
    pub fn new(config: LlmConfig) -> Self {
        Self {
            http: http::build_client(Some(config.timeout)),
            config,
        }
    }

    /// The settings.
    pub fn config(&self) -> &LlmConfig {
        &self.config
    }

    /// DeepSeek-only fields (`thinking`) are sent to DeepSeek alone (protocol notes §8).
    fn is_deepseek(&self) -> bool {
        self.config
            .base_url
            .host_str()
            .is_some_and(|h| h.ends_with("deepseek.com"))
    }

    fn authorize(&self, builder: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match &self.config.api_key {
            Some(key) if !key.is_empty() => builder.bearer_auth(key),
            _ => builder,
        }
    }

    fn body(&self, request: &ChatRequest) -> Value {
        let mut body =
            json!({"model": self.config.model, "messages": request.messages, "stream": false});
        if let Some(t) = request.temperature {
            body["temperature"] = json!(t);
        }
        if let Some(m) = request.max_tokens {
            body["max_tokens"] = json!(m);
        }
        if request.json {
            body["response_format"] = json!({"type": "json_object"});
        }
        if self.is_deepseek() {
            // V4+ thinks by default; our calls want fast JSON, not a chain of thought.
            body["thinking"] = json!({"type": "disabled"});
        }
        body
    }

    /// One chat completion. Retries 429/5xx/timeouts (honouring Retry-After) and the
    /// `insufficient_system_resource` finish reason; 401/402 fail at once.
    pub async fn chat(
        &self,
        request: &ChatRequest,
        cancel: &CancellationToken,
    ) -> Result<ChatReply> {
        let url = http::join(&self.config.base_url, "chat/completions");
        let body = self.body(request);
        let mut capacity_retries = self.config.retry.attempts.saturating_sub(1);
        loop {
            let resp = http::send(
                Service::Llm,
                &url,
                &self.config.retry,
                Some(self.config.timeout),
                cancel,
                || Ok(self.authorize(self.http.post(&url)).json(&body)),
            )
            .await?;
            let text = http::cancellable(cancel, async {
                resp.text().await.map_err(|e| {
                    http::transport_error(Service::Llm, &url, &e, Some(self.config.timeout))
                })
            })
            .await?;
            // Servers may send blank keep-alive lines before the JSON body (notes §4).
            let raw: RawCompletion = serde_json::from_str(text.trim_start()).map_err(|e| {
                ProviderError::failed(Service::Llm, format!("the reply is not a chat completion ({e}); check the base URL points at an OpenAI-compatible API"))
            })?;
            let usage = usage_of(raw.usage);
            let Some(choice) = raw.choices.into_iter().next() else {
                return Err(ProviderError::failed(
                    Service::Llm,
                    "the reply has no choices",
                ));
            };
            let finish_reason = choice.finish_reason.unwrap_or_else(|| "stop".to_string());
            match finish_reason.as_str() {
                "stop" | "length" | "tool_calls" => {}
                "insufficient_system_resource" if capacity_retries > 0 => {
                    capacity_retries -= 1;
                    continue;
                }
                "insufficient_system_resource" => {
                    return Err(ProviderError::Busy {
                        service: Service::Llm,
                        status: 200,
                        message: "the provider ran out of capacity mid-reply".into(),
                    })
                }
                "content_filter" => return Err(ProviderError::failed(
                    Service::Llm,
                    "the reply was blocked by the provider's content filter; rephrase the request",
                )),
                other => {
                    return Err(ProviderError::failed(
                        Service::Llm,
                        format!("generation stopped for an unknown reason '{other}'"),
                    ))
                }
            }
            return Ok(ChatReply {
                content: choice.message.content.unwrap_or_default(),
                reasoning: choice
                    .message
                    .reasoning_content
                    .or(choice.message.reasoning),
                finish_reason,
                usage,
            });
        }
    }

    /// A chat completion in JSON mode parsed into `T`. An empty, invalid or mistyped
    /// reply gets one repair round that shows the model its reply and the parse error.
    pub async fn chat_json<T: DeserializeOwned>(
        &self,
        request: &ChatRequest,
        cancel: &CancellationToken,
    ) -> Result<JsonReply<T>> {
        let mut request = request.clone();
        request.json = true;
        let mut usage = TokenUsage::default();
        let first = self.chat(&request, cancel).await?;
        usage.add(&first.usage);
        let error = match parse_json::<T>(&first) {
            Ok(value) => {
                return Ok(JsonReply {
                    value,
                    usage,
                    repaired: false,
                })
            }
            Err(e) => e,
        };
        tracing::debug!(%error, "LLM JSON reply unusable; asking for a repair");
        request
            .messages
            .push(ChatMessage::assistant(first.content.clone()));
        request.messages.push(ChatMessage::user(format!(
            "Your previous reply could not be used: {error}. Reply again with only the complete, corrected JSON object, no prose and no code fences."
        )));
        let second = self.chat(&request, cancel).await?;
        usage.add(&second.usage);
        match parse_json::<T>(&second) {
            Ok(value) => Ok(JsonReply { value, usage, repaired: true }),
            Err(e) => Err(ProviderError::failed(Service::Llm, format!("the model did not return usable JSON even after a repair round ({e}); try again or choose another model"))),
        }
    }

    /// Model ids the server offers (`GET /models`), to validate the model setting.
    pub async fn list_models(&self, cancel: &CancellationToken) -> Result<Vec<String>> {
        let url = http::join(&self.config.base_url, "models");
        let resp = http::send(
            Service::Llm,
            &url,
            &RetryPolicy::none(),
            Some(Duration::from_secs(20)),
            cancel,
            || {
                Ok(self
                    .authorize(self.http.get(&url))
                    .timeout(Duration::from_secs(20)))
            },
        )
        .await?;
        let v: Value = resp.json().await.map_err(|e| {
            ProviderError::failed(Service::Llm, format!("the model list is not JSON ({e})"))
        })?;
        Ok(v.get("data")
            .and_then(|d| d.as_array())
            .map(|list| {
                list.iter()
                    .filter_map(|m| m.get("id").and_then(|i| i.as_str()).map(String::from))
                    .collect()
            })
            .unwrap_or_default())
    }

    /// Reachable, key accepted, and the configured model offered.
    pub async fn health(&self, cancel: &CancellationToken) -> Health {
        match self.list_models(cancel).await {
            Ok(models) if models.is_empty() || models.iter().any(|m| m == &self.config.model) => Health::ok(None),
            Ok(models) => Health::fail(format!(
                "the model '{}' is not offered by this server (it offers: {}); change the LLM model in Settings",
                self.config.model,
                models.join(", ")
            )),
            Err(e) => Health::from_error(&e),
        }
    }
}

fn parse_json<T: DeserializeOwned>(reply: &ChatReply) -> std::result::Result<T, String> {
    if reply.finish_reason == "length" {
        return Err("the reply was cut off at the token limit (finish_reason length)".into());
    }
    let text = strip_fences(&reply.content);
    if text.is_empty() {
        return Err("the reply was empty".into());
    }
    serde_json::from_str(text).map_err(|e| format!("invalid JSON for the requested shape: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thinking_is_disabled_for_deepseek_only() {
        let req = ChatRequest {
            messages: vec![ChatMessage::user("json please")],
            json: true,
            ..Default::default()
        };
        let ds = LlmClient::new(LlmConfig::new(
            Url::parse("https://api.deepseek.com").unwrap(),
            "deepseek-flash",
            None,
        ));
        assert_eq!(ds.body(&req)["thinking"], json!({"type": "disabled"}));
        let ollama = LlmClient::new(LlmConfig::new(
            Url::parse("http://localhost:11434/v1").unwrap(),
            "llama3.1:8b",
            None,
        ));
        assert!(ollama.body(&req).get("thinking").is_none());
        assert_eq!(
            ollama.body(&req)["response_format"],
            json!({"type": "json_object"})
        );
    }

    #[test]
    fn fences_are_stripped_from_local_model_json() {
        assert_eq!(strip_fences("```json\n{\"a\":1}\n```"), "{\"a\":1}");
        assert_eq!(strip_fences(" {\"a\":1} "), "{\"a\":1}");
    }

    #[test]
    fn usage_reads_cache_fields_or_openai_details() {
        let ds: RawUsage = serde_json::from_value(json!({"prompt_tokens":120,"completion_tokens":40,"prompt_cache_hit_tokens":64,"prompt_cache_miss_tokens":56})).unwrap();
        let u = usage_of(Some(ds));
        assert_eq!((u.cache_hit_tokens, u.cache_miss_tokens), (64, 56));
        let oa: RawUsage = serde_json::from_value(json!({"prompt_tokens":100,"completion_tokens":5,"prompt_tokens_details":{"cached_tokens":30}})).unwrap();
        let u = usage_of(Some(oa));
        assert_eq!((u.cache_hit_tokens, u.cache_miss_tokens), (30, 70));
    }
}

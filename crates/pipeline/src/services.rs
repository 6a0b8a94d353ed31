//! The services a pipeline talks to, built by the app from its settings (one place reads
//! settings and the environment; the clients get plain values).

use std::sync::Arc;

use videogen_providers::{ComfyPool, LlmClient, TemplateStore, TtsClient, WhisperClient};

/// LLM prices in US dollars per million tokens (settings `llm.price.*`).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct LlmPrices {
    /// Input tokens served from the provider's cache.
    pub cache_hit: f64,
    /// Input tokens not in the cache.
    pub cache_miss: f64,
    /// Output tokens.
    pub output: f64,
}

impl LlmPrices {
    /// The cost of `usage` in dollars. Providers that report no cache split are priced as
    /// cache misses.
    pub fn cost(&self, usage: &videogen_model::TokenUsage) -> f64 {
        let (hit, miss) = if usage.cache_hit_tokens + usage.cache_miss_tokens == 0 {
            (0, usage.prompt_tokens)
        } else {
            (usage.cache_hit_tokens, usage.cache_miss_tokens)
        };
        (f64::from(hit) * self.cache_hit
            + f64::from(miss) * self.cache_miss
            + f64::from(usage.completion_tokens) * self.output)
            / 1_000_000.0
    }
}

/// Where an offline draft engine answers, started on demand (the engines crate's
/// supervisor behind it). The pipeline only needs its address.
pub trait DraftEngines: Send + Sync + 'static {
    /// The draft voice's (Piper's) base URL, starting it if needed.
    fn voice(&self) -> videogen_jobs::BoxFuture<'_, Result<url::Url, videogen_model::AppError>>;
    /// The draft timings' (our faster-whisper server's) base URL, starting it if needed.
    fn timings(&self) -> videogen_jobs::BoxFuture<'_, Result<url::Url, videogen_model::AppError>>;
}

/// Every client the handlers use.
#[derive(Clone)]
pub struct Services {
    /// The LLM; `None` when no API key is configured (scripts can still be imported).
    pub llm: Option<LlmClient>,
    /// Why there is no LLM client, for the job's error.
    pub llm_missing: String,
    /// Prices for cost and the spending cap.
    pub llm_prices: LlmPrices,
    /// The Chatterbox server.
    pub tts: Arc<TtsClient>,
    /// The Whisper server.
    pub whisper: Arc<WhisperClient>,
    /// The ComfyUI pool (image and video jobs share its slots).
    pub comfy: Arc<ComfyPool>,
    /// Workflow templates: the user's first, then the built-ins.
    pub templates: TemplateStore,
    /// The offline engines, when this process can run them.
    pub drafts: Option<Arc<dyn DraftEngines>>,
}

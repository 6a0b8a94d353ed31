//! Service clients of VideoGen Studio: LLM, Chatterbox, Whisper, ComfyUI pool, workflow binding.
//!
//! Every client takes inputs and returns files or values (never the store), accepts a
//! [`CancellationToken`] that stops its HTTP work, and fails with a [`ProviderError`]
//! whose [`ProviderError::code`] maps to the app's error codes.

pub mod comfy;
pub mod doctor;
pub mod error;
mod http;
pub mod llm;
pub mod pool;
pub mod tts;
pub mod whisper;
pub mod workflow;

use std::path::{Path, PathBuf};

pub use comfy::{ComfyClient, ComfyProgress, OutputFile, PromptOutcome};
pub use doctor::{doctor, run_workflow, DoctorReport, ServiceEndpoints};
pub use error::{ErrorClass, ProviderError, Result, Service};
pub use http::RetryPolicy;
pub use llm::{ChatMessage, ChatReply, ChatRequest, JsonReply, LlmClient, LlmConfig, TokenUsage};
pub use pool::{ComfyPool, RenderJob, Rendered};
pub use tokio_util::sync::CancellationToken;
pub use tts::{SpeechFile, TtsClient, TtsParams, TtsVariant, Voice};
pub use whisper::{Transcript, WhisperClient, WhisperConfig, WhisperVariant, Word};
pub use workflow::{ParamValue, Params, Template, TemplateStore};

/// The result of a health check, used by the runner's "waiting for …" gate and by doctor.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Health {
    /// The service answers and is ready.
    pub ok: bool,
    /// Its version or model, when it says.
    pub version: Option<String>,
    /// Why it is not ready (empty when ok).
    pub message: String,
    /// The failure would pass by itself (down, loading) rather than need the user.
    pub transient: bool,
}

impl Health {
    pub(crate) fn ok(version: Option<String>) -> Self {
        Self {
            ok: true,
            version,
            message: String::new(),
            transient: false,
        }
    }

    pub(crate) fn fail(message: String) -> Self {
        Self {
            ok: false,
            version: None,
            message,
            transient: false,
        }
    }

    pub(crate) fn from_error(e: &ProviderError) -> Self {
        Self {
            ok: false,
            version: None,
            message: e.to_string(),
            transient: e.is_transient(),
        }
    }
}

/// A temporary name beside `out` for atomic writes (same folder, so rename is atomic).
pub(crate) fn temp_path(out: &Path) -> PathBuf {
    let name = out.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    out.with_file_name(format!(".{name}.{}.part", uuid::Uuid::new_v4().simple()))
}

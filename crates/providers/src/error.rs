//! The one error type of every client, and how it maps to the app's [`ErrorCode`].

use std::fmt;

use videogen_model::ErrorCode;

/// Which service an error came from; named in every message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Service {
    /// A ComfyUI server.
    ComfyUi,
    /// The Chatterbox text-to-speech server.
    Tts,
    /// The Whisper transcription server.
    Whisper,
    /// The OpenAI-compatible LLM API.
    Llm,
}

impl fmt::Display for Service {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Service::ComfyUi => "ComfyUI",
            Service::Tts => "the TTS server (Chatterbox)",
            Service::Whisper => "the Whisper server",
            Service::Llm => "the LLM API",
        })
    }
}

/// The broad kind of a failure, for the runner's decisions (wait, retry, give up).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorClass {
    /// The service cannot be reached or is overloaded: wait for it, do not charge an attempt.
    Unavailable,
    /// The service refused our credentials or account: the user must act.
    Rejected,
    /// The service answered with an error for this request.
    Failed,
    /// The work was cancelled.
    Cancelled,
    /// What we were asked to do is wrong (bad template, bad value, missing file).
    InvalidInput,
}

/// An error from a service client. Messages say what is wrong and what to do.
#[derive(Debug, thiserror::Error)]
pub enum ProviderError {
    /// No connection could be made.
    #[error("{service} at {url} cannot be reached ({detail}). Start it, or check its address in Settings.")]
    Unreachable {
        /// The service.
        service: Service,
        /// The address tried.
        url: String,
        /// The transport error.
        detail: String,
    },
    /// The service did not answer in time (after retries).
    #[error("{service} did not answer within {seconds} s. It may be overloaded; try again later or raise its timeout.")]
    Timeout {
        /// The service.
        service: Service,
        /// The timeout that expired.
        seconds: u64,
    },
    /// The service is up but cannot serve now (429/5xx after retries, model loading).
    #[error("{service} is not ready (HTTP {status}): {message}. Wait a little and try again.")]
    Busy {
        /// The service.
        service: Service,
        /// HTTP status, 0 when not HTTP.
        status: u16,
        /// What it said.
        message: String,
    },
    /// The service refused our API key or account (401/402/403).
    #[error("{service}: {message}")]
    Rejected {
        /// The service.
        service: Service,
        /// A plain sentence, e.g. "the API key was rejected".
        message: String,
    },
    /// The service refused the request itself (other 4xx).
    #[error("{service} refused the request (HTTP {status}): {message}")]
    Refused {
        /// The service.
        service: Service,
        /// HTTP status.
        status: u16,
        /// What it said.
        message: String,
    },
    /// The service accepted the request but the work failed, or its reply is unusable.
    #[error("{service} failed: {message}")]
    Failed {
        /// The service.
        service: Service,
        /// What went wrong and what to do.
        message: String,
    },
    /// The work was cancelled.
    #[error("cancelled")]
    Cancelled,
    /// Our input is wrong (template, value, file).
    #[error("{0}")]
    InvalidInput(String),
    /// Reading or writing a local file failed.
    #[error("cannot {action} {path}: {source}")]
    Io {
        /// "write", "read", …
        action: &'static str,
        /// The file.
        path: String,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
}

impl ProviderError {
    /// The broad class of this error.
    pub fn class(&self) -> ErrorClass {
        match self {
            ProviderError::Unreachable { .. }
            | ProviderError::Timeout { .. }
            | ProviderError::Busy { .. } => ErrorClass::Unavailable,
            ProviderError::Rejected { .. } => ErrorClass::Rejected,
            ProviderError::Refused { .. }
            | ProviderError::Failed { .. }
            | ProviderError::Io { .. } => ErrorClass::Failed,
            ProviderError::Cancelled => ErrorClass::Cancelled,
            ProviderError::InvalidInput(_) => ErrorClass::InvalidInput,
        }
    }

    /// The app-level code for this error.
    pub fn code(&self) -> ErrorCode {
        match self {
            ProviderError::Io { .. } => ErrorCode::Io,
            _ => match self.class() {
                ErrorClass::Unavailable => ErrorCode::ServiceUnavailable,
                ErrorClass::Rejected => ErrorCode::ServiceRejected,
                ErrorClass::Failed => ErrorCode::ServiceFailed,
                ErrorClass::Cancelled => ErrorCode::Cancelled,
                ErrorClass::InvalidInput => ErrorCode::InvalidInput,
            },
        }
    }

    /// Whether trying the same request again later may succeed.
    pub fn is_transient(&self) -> bool {
        self.class() == ErrorClass::Unavailable
    }

    pub(crate) fn io(action: &'static str, path: &std::path::Path, source: std::io::Error) -> Self {
        ProviderError::Io {
            action,
            path: path.display().to_string(),
            source,
        }
    }

    pub(crate) fn failed(service: Service, message: impl Into<String>) -> Self {
        ProviderError::Failed {
            service,
            message: message.into(),
        }
    }
}

impl From<ProviderError> for videogen_model::AppError {
    fn from(err: ProviderError) -> Self {
        videogen_model::AppError {
            code: err.code(),
            message: err.to_string(),
        }
    }
}

/// Result of every client call.
pub type Result<T> = std::result::Result<T, ProviderError>;

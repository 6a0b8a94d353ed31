//! Every client against its fake server: success paths and each documented error.
//! One binary with modules so the suite links once.

mod comfy;
mod llm;
mod pool;
mod run;
mod tts;
mod whisper;

use std::time::Duration;

use url::Url;
use videogen_providers::RetryPolicy;

/// Parses a fake's URL.
pub fn url(s: &str) -> Url {
    Url::parse(s).expect("fake urls are valid")
}

/// Retries without real waiting, so error tests stay fast.
pub fn fast_retry(attempts: u32) -> RetryPolicy {
    RetryPolicy {
        attempts,
        base_delay: Duration::from_millis(5),
        max_delay: Duration::from_millis(20),
    }
}

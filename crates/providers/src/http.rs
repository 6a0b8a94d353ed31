//! Shared HTTP plumbing: one client per service, retries with Retry-After, cancellation,
//! and turning error bodies of every documented shape into one sentence.

use std::future::Future;
use std::time::Duration;

use reqwest::{RequestBuilder, Response, StatusCode};
use tokio_util::sync::CancellationToken;

use crate::error::{ProviderError, Result, Service};

/// How often and how long to retry a request that failed for a transient reason.
#[derive(Clone, Debug)]
pub struct RetryPolicy {
    /// Total attempts, the first included (1 = no retry).
    pub attempts: u32,
    /// Delay before the first retry; doubled each time, plus jitter.
    pub base_delay: Duration,
    /// Longest wait between attempts, also the cap on a server's Retry-After.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            attempts: 3,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub fn none() -> Self {
        Self {
            attempts: 1,
            ..Self::default()
        }
    }

    fn delay(&self, attempt: u32, retry_after: Option<Duration>) -> Duration {
        if let Some(after) = retry_after {
            return after.min(self.max_delay);
        }
        let exp = self.base_delay.saturating_mul(1u32 << attempt.min(16));
        // Jitter of up to a quarter so that parallel clients do not retry in lockstep.
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let jitter = exp.mul_f64(f64::from(nanos % 1000) / 4000.0);
        (exp + jitter).min(self.max_delay)
    }
}

/// Builds the HTTP client used by every service client.
pub(crate) fn build_client(timeout: Option<Duration>) -> reqwest::Client {
    let mut builder = reqwest::Client::builder().connect_timeout(Duration::from_secs(10));
    if let Some(t) = timeout {
        builder = builder.timeout(t);
    }
    // Building only fails when the TLS backend cannot initialise, which with bundled
    // rustls/ring does not happen; fall back to the default client rather than panic.
    builder.build().unwrap_or_default()
}

/// Runs `fut` unless `cancel` fires first.
pub(crate) async fn cancellable<T>(
    cancel: &CancellationToken,
    fut: impl Future<Output = Result<T>>,
) -> Result<T> {
    tokio::select! {
        biased;
        _ = cancel.cancelled() => Err(ProviderError::Cancelled),
        r = fut => r,
    }
}

/// Maps a transport error.
pub(crate) fn transport_error(
    service: Service,
    url: &str,
    err: &reqwest::Error,
    timeout: Option<Duration>,
) -> ProviderError {
    if err.is_timeout() {
        return ProviderError::Timeout {
            service,
            seconds: timeout.map(|t| t.as_secs()).unwrap_or(0),
        };
    }
    let mut detail = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(s) = source {
        detail = s.to_string();
        source = s.source();
    }
    ProviderError::Unreachable {
        service,
        url: url.to_string(),
        detail: plain_detail(&detail),
    }
}

/// The innermost transport error as words in a sentence: "Connection refused (os error
/// 111)" becomes "connection refused" (the number says nothing to a user).
fn plain_detail(detail: &str) -> String {
    let detail = match detail.rfind(" (os error ") {
        Some(at) if detail.ends_with(')') => &detail[..at],
        _ => detail,
    };
    let mut chars = detail.chars();
    match (chars.next(), chars.next()) {
        // "Connection refused", not an acronym such as "DNS".
        (Some(first), Some(second)) if first.is_uppercase() && second.is_lowercase() => first
            .to_lowercase()
            .chain(detail[first.len_utf8()..].chars())
            .collect(),
        _ => detail.to_owned(),
    }
}

/// Pulls a human message out of any documented error body: OpenAI `{"error":{"message"}}`,
/// whisper.cpp `{"error":"…"}`, FastAPI `{"detail":"…"}` or `{"detail":[{loc,msg}]}`, else text.
pub(crate) fn error_message(body: &str) -> String {
    if let Ok(v) = serde_json::from_str::<serde_json::Value>(body) {
        if let Some(m) = v.pointer("/error/message").and_then(|m| m.as_str()) {
            return m.to_string();
        }
        if let Some(m) = v.get("error").and_then(|m| m.as_str()) {
            return m.to_string();
        }
        if let Some(m) = v.get("detail").and_then(|m| m.as_str()) {
            return m.to_string();
        }
        if let Some(list) = v.get("detail").and_then(|m| m.as_array()) {
            let parts: Vec<String> = list
                .iter()
                .map(|d| {
                    let loc = d
                        .get("loc")
                        .and_then(|l| l.as_array())
                        .map(|l| {
                            l.iter()
                                .map(|p| p.to_string().trim_matches('"').to_string())
                                .collect::<Vec<_>>()
                                .join(".")
                        })
                        .unwrap_or_default();
                    let msg = d.get("msg").and_then(|m| m.as_str()).unwrap_or("invalid");
                    format!("{loc}: {msg}")
                })
                .collect();
            return parts.join("; ");
        }
        if let Some(m) = v
            .pointer("/error/message")
            .or_else(|| v.get("message"))
            .and_then(|m| m.as_str())
        {
            return m.to_string();
        }
    }
    let trimmed = body.trim();
    if trimmed.is_empty() {
        "no details given".to_string()
    } else {
        trimmed.chars().take(300).collect()
    }
}

fn retry_after(resp: &Response) -> Option<Duration> {
    let value = resp
        .headers()
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?;
    value
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s >= 0.0)
        .map(Duration::from_secs_f64)
}

/// Whether an HTTP status is worth retrying.
pub(crate) fn is_retryable_status(status: StatusCode) -> bool {
    status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error()
}

/// Sends the request built by `make` (called again for each attempt, since multipart
/// bodies cannot be cloned), retrying timeouts, 429 and 5xx per `policy`. Returns the
/// first successful response, or the mapped error of the last attempt. Connection
/// refusals are not retried here: the runner's health gate waits for a down service.
pub(crate) async fn send<F>(
    service: Service,
    url: &str,
    policy: &RetryPolicy,
    timeout: Option<Duration>,
    cancel: &CancellationToken,
    make: F,
) -> Result<Response>
where
    F: Fn() -> Result<RequestBuilder>,
{
    let attempts = policy.attempts.max(1);
    let mut attempt = 0;
    loop {
        attempt += 1;
        let last = attempt >= attempts;
        let request = make()?;
        let outcome = cancellable(cancel, async { Ok(request.send().await) }).await?;
        let (err, wait) = match outcome {
            Ok(resp) if resp.status().is_success() => return Ok(resp),
            Ok(resp) => {
                let status = resp.status();
                let after = retry_after(&resp);
                let body = cancellable(cancel, async { Ok(resp.text().await.unwrap_or_default()) })
                    .await?;
                let err = status_error(service, status, &body);
                if !is_retryable_status(status) {
                    return Err(err);
                }
                (err, after)
            }
            // A reused keep-alive connection the server had closed fails without a
            // connect error; that, like a timeout, is worth another try.
            Err(e) if e.is_timeout() || !e.is_connect() => {
                (transport_error(service, url, &e, timeout), None)
            }
            Err(e) => return Err(transport_error(service, url, &e, timeout)),
        };
        if last {
            return Err(err);
        }
        let delay = policy.delay(attempt - 1, wait);
        tracing::debug!(%service, attempt, ?delay, error = %err, "retrying");
        cancellable(cancel, async {
            tokio::time::sleep(delay).await;
            Ok(())
        })
        .await?;
    }
}

/// The error for a non-success status.
pub(crate) fn status_error(service: Service, status: StatusCode, body: &str) -> ProviderError {
    let message = error_message(body);
    let code = status.as_u16();
    match code {
        401 => ProviderError::Rejected {
            service,
            message: format!("the API key was rejected ({message}). Check the key in Settings."),
        },
        402 => ProviderError::Rejected {
            service,
            message: format!("the account balance is empty ({message}). Top up the account, then retry."),
        },
        403 => ProviderError::Rejected {
            service,
            message: format!("access was refused ({message}). Check the API key or the server's access settings."),
        },
        429 | 500..=599 => ProviderError::Busy { service, status: code, message },
        _ => ProviderError::Refused { service, status: code, message },
    }
}

/// Joins a path onto a base URL, keeping the base's own path (`http://h/v1` + `models`).
pub(crate) fn join(base: &url::Url, path: &str) -> String {
    format!(
        "{}/{}",
        base.as_str().trim_end_matches('/'),
        path.trim_start_matches('/')
    )
}

#[cfg(test)]
mod tests {
    use super::plain_detail;

    #[test]
    fn transport_details_read_as_words() {
        assert_eq!(
            plain_detail("Connection refused (os error 111)"),
            "connection refused"
        );
        assert_eq!(
            plain_detail("failed to lookup address information: Name or service not known"),
            "failed to lookup address information: Name or service not known"
        );
        assert_eq!(plain_detail("DNS error"), "DNS error");
        assert_eq!(plain_detail(""), "");
    }
}

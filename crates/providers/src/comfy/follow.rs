//! Following one prompt to its end: WebSocket events for progress, `/history` for the
//! outcome, and polling whenever the socket is down (events sent then are lost).

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use tokio_util::sync::CancellationToken;

use super::ws::{Subscription, WsEvent};
use super::{outputs_of, ComfyClient, PromptOutcome};
use crate::error::{ProviderError, Result, Service};

/// How far a prompt has got.
#[derive(Clone, Debug, PartialEq)]
pub struct ComfyProgress {
    /// 0..1 over the prompt's nodes.
    pub fraction: f32,
    /// The node running now.
    pub node: Option<String>,
}

/// Receives progress; called from the following task, keep it quick.
pub type ProgressFn = Arc<dyn Fn(ComfyProgress) + Send + Sync>;

/// Poll interval while the socket is down.
const FAST_POLL: Duration = Duration::from_millis(200);

pub(super) async fn follow(
    client: &ComfyClient,
    mut sub: Subscription,
    prompt_id: &str,
    total_nodes: usize,
    progress: Option<ProgressFn>,
    cancel: &CancellationToken,
) -> Result<PromptOutcome> {
    let total = total_nodes.max(1) as f32;
    let mut done: HashSet<String> = HashSet::new();
    let mut current: Option<String> = None;
    let mut socket_up = true;
    let report = |done: &HashSet<String>, current: &Option<String>, within: f32| {
        if let Some(p) = &progress {
            let fraction = ((done.len() as f32 + within) / total).clamp(0.0, 1.0);
            p(ComfyProgress {
                fraction,
                node: current.clone(),
            });
        }
    };
    loop {
        let wait = if socket_up {
            client.poll_interval()
        } else {
            FAST_POLL
        };
        let check_now = tokio::select! {
            biased;
            _ = cancel.cancelled() => {
                if let Err(e) = client.cancel_prompt(prompt_id).await {
                    tracing::warn!(prompt_id, error = %e, "could not cancel the ComfyUI prompt");
                }
                return Err(ProviderError::Cancelled);
            }
            event = sub.rx.recv() => match event {
                Some(WsEvent::Progress { value, max }) => {
                    report(&done, &current, if max > 0.0 { (value / max) as f32 } else { 0.0 });
                    false
                }
                Some(WsEvent::Cached(nodes)) => {
                    done.extend(nodes);
                    report(&done, &current, 0.0);
                    false
                }
                Some(WsEvent::Executing(Some(node))) => {
                    if let Some(prev) = current.replace(node) {
                        done.insert(prev);
                    }
                    report(&done, &current, 0.0);
                    false
                }
                Some(WsEvent::Executing(None)) | Some(WsEvent::Success) => true,
                Some(WsEvent::Error { node_id, node_type, exception_type, exception_message }) => {
                    return Err(execution_error(&node_id, &node_type, &exception_type, &exception_message));
                }
                Some(WsEvent::Interrupted) => return Err(interrupted()),
                Some(WsEvent::Disconnected) => { socket_up = false; true }
                Some(WsEvent::Connected) => { socket_up = true; true }
                None => { socket_up = false; true }
            },
            _ = tokio::time::sleep(wait) => true,
        };
        if !check_now {
            continue;
        }
        if let Some(entry) = client.history(prompt_id, cancel).await? {
            let outcome = outcome_of(prompt_id, &entry)?;
            if let Some(p) = &progress {
                p(ComfyProgress {
                    fraction: 1.0,
                    node: None,
                });
            }
            return Ok(outcome);
        }
        if !client.is_queued(prompt_id, cancel).await? {
            // Neither finished nor queued: the history entry may be written a moment after
            // the queue entry is removed; look once more before calling it lost.
            if let Some(entry) = client.history(prompt_id, cancel).await? {
                return outcome_of(prompt_id, &entry);
            }
            return Err(ProviderError::Busy {
                service: Service::ComfyUi,
                status: 0,
                message: format!("the prompt {prompt_id} is gone from its queue (was the server restarted?); it will be queued again"),
            });
        }
    }
}

fn execution_error(
    node_id: &str,
    node_type: &str,
    exception_type: &str,
    message: &str,
) -> ProviderError {
    let advice = if message.contains("out of memory") || exception_type.contains("OutOfMemory") {
        " Lower the width, height or frame count, or free GPU memory."
    } else {
        ""
    };
    ProviderError::failed(
        Service::ComfyUi,
        format!(
            "node {node_id} ({node_type}) raised {exception_type}: {}.{advice}",
            message.trim_end()
        ),
    )
}

fn interrupted() -> ProviderError {
    ProviderError::failed(
        Service::ComfyUi,
        "the prompt was interrupted on the server (someone cancelled it there); render it again",
    )
}

/// The outcome recorded in a `/history` entry.
pub(super) fn outcome_of(prompt_id: &str, entry: &Value) -> Result<PromptOutcome> {
    let status = entry
        .pointer("/status/status_str")
        .and_then(|s| s.as_str())
        .unwrap_or("success");
    if status != "success" {
        let messages = entry
            .pointer("/status/messages")
            .and_then(|m| m.as_array())
            .cloned()
            .unwrap_or_default();
        for m in messages.iter().rev() {
            let kind = m.get(0).and_then(|k| k.as_str()).unwrap_or_default();
            let data = m.get(1).cloned().unwrap_or(Value::Null);
            let s = |k: &str| {
                data.get(k)
                    .and_then(|x| x.as_str())
                    .unwrap_or_default()
                    .to_string()
            };
            match kind {
                "execution_error" => {
                    return Err(execution_error(
                        &s("node_id"),
                        &s("node_type"),
                        &s("exception_type"),
                        &s("exception_message"),
                    ))
                }
                "execution_interrupted" => return Err(interrupted()),
                _ => {}
            }
        }
        return Err(ProviderError::failed(
            Service::ComfyUi,
            format!("the prompt ended with status '{status}'"),
        ));
    }
    let outputs = outputs_of(entry.get("outputs").unwrap_or(&Value::Null));
    Ok(PromptOutcome {
        prompt_id: prompt_id.to_string(),
        outputs,
    })
}

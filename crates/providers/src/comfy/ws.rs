//! One WebSocket per ComfyUI server and client id, shared by every prompt we follow
//! there: the server routes a prompt's events to the socket of its `client_id`, and a
//! second socket with the same id would replace the first (protocols/comfyui.md §3).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use futures_util::StreamExt;
use serde_json::Value;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

/// What the socket told us about one prompt.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum WsEvent {
    /// The socket is (re)connected; events sent while it was down are lost.
    Connected,
    /// The socket dropped.
    Disconnected,
    /// `execution_cached`: these nodes will not run.
    Cached(Vec<String>),
    /// `executing`: this node started; `None` = the prompt is finished.
    Executing(Option<String>),
    /// `progress` of the running node.
    Progress { value: f64, max: f64 },
    /// `execution_success`.
    Success,
    /// `execution_error`.
    Error {
        node_id: String,
        node_type: String,
        exception_type: String,
        exception_message: String,
    },
    /// `execution_interrupted`.
    Interrupted,
}

type Subscribers = Arc<Mutex<HashMap<String, mpsc::UnboundedSender<WsEvent>>>>;

/// The socket task and who listens to it.
#[derive(Debug)]
pub(crate) struct Hub {
    subscribers: Subscribers,
    started: std::sync::Once,
    url: String,
    shutdown: CancellationToken,
    connected: tokio::sync::watch::Sender<bool>,
}

impl Drop for Hub {
    fn drop(&mut self) {
        self.shutdown.cancel();
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A panic while holding this lock cannot leave the map inconsistent (single inserts/removes).
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Hub {
    /// A hub for `ws://host:port/ws?clientId=…`; the socket opens on first subscribe.
    pub(crate) fn new(url: String) -> Self {
        Self {
            subscribers: Arc::default(),
            started: std::sync::Once::new(),
            url,
            shutdown: CancellationToken::new(),
            connected: tokio::sync::watch::Sender::new(false),
        }
    }

    /// Events for `prompt_id` until the receiver is dropped. Subscribe before queueing.
    pub(crate) fn subscribe(&self, prompt_id: &str) -> Subscription {
        self.started.call_once(|| {
            tokio::spawn(run(
                self.url.clone(),
                self.subscribers.clone(),
                self.shutdown.clone(),
                self.connected.clone(),
            ));
        });
        let (tx, rx) = mpsc::unbounded_channel();
        lock(&self.subscribers).insert(prompt_id.to_string(), tx);
        Subscription {
            rx,
            prompt_id: prompt_id.to_string(),
            subscribers: self.subscribers.clone(),
        }
    }
}

impl Hub {
    /// Waits up to `limit` for the socket to be open, so that the first events of a prompt
    /// queued now are not lost (the server drops events for an absent socket). Past the
    /// limit the caller goes on: `/history` polling covers a socket that never opens.
    pub(crate) async fn wait_connected(&self, limit: Duration) {
        let mut rx = self.connected.subscribe();
        let _ = tokio::time::timeout(limit, rx.wait_for(|up| *up)).await;
    }
}

/// A prompt's event stream; unsubscribes on drop.
pub(crate) struct Subscription {
    pub(crate) rx: mpsc::UnboundedReceiver<WsEvent>,
    prompt_id: String,
    subscribers: Subscribers,
}

impl Drop for Subscription {
    fn drop(&mut self) {
        lock(&self.subscribers).remove(&self.prompt_id);
    }
}

fn broadcast(subscribers: &Subscribers, event: &WsEvent) {
    for tx in lock(subscribers).values() {
        let _ = tx.send(event.clone());
    }
}

fn parse(text: &str) -> Option<(String, WsEvent)> {
    let v: Value = serde_json::from_str(text).ok()?;
    let data = v.get("data")?;
    let id = data.get("prompt_id")?.as_str()?.to_string();
    let s = |k: &str| {
        data.get(k)
            .and_then(|x| x.as_str())
            .unwrap_or_default()
            .to_string()
    };
    let event = match v.get("type")?.as_str()? {
        "execution_cached" => WsEvent::Cached(
            data.get("nodes")
                .and_then(|n| n.as_array())
                .map(|n| {
                    n.iter()
                        .filter_map(|x| x.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default(),
        ),
        "executing" => {
            WsEvent::Executing(data.get("node").and_then(|n| n.as_str()).map(String::from))
        }
        "progress" => WsEvent::Progress {
            value: data.get("value").and_then(Value::as_f64).unwrap_or(0.0),
            max: data.get("max").and_then(Value::as_f64).unwrap_or(1.0),
        },
        "execution_success" => WsEvent::Success,
        "execution_error" => WsEvent::Error {
            node_id: s("node_id"),
            node_type: s("node_type"),
            exception_type: s("exception_type"),
            exception_message: s("exception_message"),
        },
        "execution_interrupted" => WsEvent::Interrupted,
        // status, execution_start, executed, progress_state and custom types carry nothing
        // the follower needs (outputs come from /history).
        _ => return None,
    };
    Some((id, event))
}

async fn run(
    url: String,
    subscribers: Subscribers,
    shutdown: CancellationToken,
    connected: tokio::sync::watch::Sender<bool>,
) {
    let mut delay = Duration::from_millis(100);
    loop {
        let connect = tokio::select! {
            _ = shutdown.cancelled() => return,
            c = tokio_tungstenite::connect_async(url.as_str()) => c,
        };
        match connect {
            Ok((mut stream, _)) => {
                delay = Duration::from_millis(100);
                connected.send_replace(true);
                broadcast(&subscribers, &WsEvent::Connected);
                loop {
                    let msg = tokio::select! {
                        _ = shutdown.cancelled() => return,
                        m = stream.next() => m,
                    };
                    match msg {
                        Some(Ok(msg)) if msg.is_text() => {
                            if let Some((id, event)) = msg.to_text().ok().and_then(parse) {
                                if let Some(tx) = lock(&subscribers).get(&id) {
                                    let _ = tx.send(event);
                                }
                            }
                        }
                        Some(Ok(_)) => {}
                        Some(Err(_)) | None => break,
                    }
                }
                tracing::debug!(%url, "ComfyUI socket dropped; reconnecting");
                connected.send_replace(false);
                broadcast(&subscribers, &WsEvent::Disconnected);
            }
            Err(e) => {
                tracing::debug!(%url, error = %e, "ComfyUI socket connect failed");
            }
        }
        tokio::select! {
            _ = shutdown.cancelled() => return,
            _ = tokio::time::sleep(delay) => {}
        }
        delay = (delay * 2).min(Duration::from_secs(5));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_messages_become_events_for_their_prompt() {
        let (id, e) =
            parse(r#"{"type":"progress","data":{"value":7,"max":20,"prompt_id":"p","node":"3"}}"#)
                .unwrap();
        assert_eq!(
            (id.as_str(), e),
            (
                "p",
                WsEvent::Progress {
                    value: 7.0,
                    max: 20.0
                }
            )
        );
        let (_, e) = parse(r#"{"type":"executing","data":{"node":null,"prompt_id":"p"}}"#).unwrap();
        assert_eq!(e, WsEvent::Executing(None));
        assert!(parse(
            r#"{"type":"status","data":{"status":{"exec_info":{"queue_remaining":0}},"sid":"x"}}"#
        )
        .is_none());
        assert!(parse(r#"{"type":"crystools.monitor","data":{}}"#).is_none());
    }
}

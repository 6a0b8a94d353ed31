//! Fake ComfyUI (protocols/comfyui.md): validates prompts against the real 0.3.64
//! `/object_info` (with model lists replaced by the configured files), runs them one at
//! a time with a configurable "GPU time", emits the documented WebSocket sequence to the
//! submitting client, writes real PNGs/MP4s, and can inject the documented faults.

mod exec;
mod routes;
mod validate;

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use axum::extract::ws::Message;
use serde_json::{json, Value};
use tokio::sync::{mpsc, Notify};

use crate::ServerHandle;

/// The real `/object_info` of a stock ComfyUI 0.3.64.
pub const OBJECT_INFO_0_3_64: &str = include_str!("../data/comfyui-object_info-0.3.64.json");

/// How the fake behaves.
#[derive(Clone, Debug)]
pub struct ComfyConfig {
    /// Time each prompt "renders" for.
    pub gpu_time: Duration,
    /// Progress messages per prompt.
    pub progress_steps: u32,
    /// Model files installed (offered in every model list).
    pub models: Vec<String>,
    /// Version reported by `/system_stats`.
    pub version: String,
    /// Append `prompt <id>` to this file for every `POST /prompt` that reaches the queue.
    pub request_log: Option<std::path::PathBuf>,
    /// Append one line per `progress` message to this file, written as it is handed to the
    /// socket: `progress <prompt id> <value> <max> <node index> <node count> <ns>`, where
    /// the node index and count say where the client's per-node fraction stands, and `ns`
    /// is CLOCK_MONOTONIC (the clock every process on the machine shares), so a benchmark
    /// can time how long the figure takes to reach a screen.
    pub progress_log: Option<std::path::PathBuf>,
}

impl Default for ComfyConfig {
    fn default() -> Self {
        Self {
            gpu_time: Duration::from_millis(20),
            progress_steps: 4,
            models: Vec::new(),
            version: "0.3.64".into(),
            request_log: None,
            progress_log: None,
        }
    }
}

/// Faults to inject; each `*_next` flag applies once.
#[derive(Clone, Debug, Default)]
pub struct ComfyFaults {
    /// Statuses for the next `POST /prompt` calls (500 = aiohttp's text body, 503, 429).
    pub prompt_statuses: VecDeque<u16>,
    /// Close the submitting client's WebSocket right after the next prompt starts.
    pub drop_ws_next: bool,
    /// The next prompt fails in its sampler with `execution_error`.
    pub execution_error_next: bool,
    /// The next `/history/{id}` reply is malformed JSON.
    pub malformed_history_next: bool,
    /// Delay before answering every HTTP request.
    pub slow_reply: Option<Duration>,
}

#[derive(Debug)]
pub(crate) struct Item {
    pub(crate) number: u64,
    pub(crate) id: String,
    pub(crate) prompt: Value,
    pub(crate) client_id: Option<String>,
    pub(crate) outputs: Vec<String>,
}

#[derive(Debug, Default)]
pub(crate) struct Inner {
    pub(crate) queue: VecDeque<Item>,
    pub(crate) running: Option<(u64, String, Value, Option<String>)>,
    pub(crate) interrupt: bool,
    pub(crate) history: BTreeMap<u64, (String, Value)>,
    pub(crate) counter: u64,
    pub(crate) sockets: HashMap<String, (u64, mpsc::UnboundedSender<Message>)>,
    pub(crate) socket_counter: u64,
    pub(crate) files: HashMap<(String, String, String), Vec<u8>>,
    pub(crate) name_counters: HashMap<String, u32>,
    pub(crate) faults: ComfyFaults,
    pub(crate) cache: HashMap<String, Value>,
    pub(crate) completed: u64,
}

/// Shared state of one fake ComfyUI.
#[derive(Debug)]
pub struct ComfyState {
    pub(crate) inner: Mutex<Inner>,
    pub(crate) wake: Notify,
    pub(crate) interrupt_wake: Notify,
    pub(crate) finished: Notify,
    pub(crate) queued: Notify,
    pub(crate) config: ComfyConfig,
    pub(crate) object_info: Value,
}

impl ComfyState {
    pub(crate) fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Sends a WS text frame to one client, or to every socket when `to` is `None`.
    pub(crate) fn send(&self, to: Option<&str>, kind: &str, data: Value) {
        let text = json!({"type": kind, "data": data}).to_string();
        let inner = self.lock();
        match to {
            Some(id) => {
                if let Some((_, tx)) = inner.sockets.get(id) {
                    let _ = tx.send(Message::Text(text.into()));
                }
            }
            None => {
                for (_, tx) in inner.sockets.values() {
                    let _ = tx.send(Message::Text(text.clone().into()));
                }
            }
        }
    }

    pub(crate) fn queue_remaining(&self) -> usize {
        let inner = self.lock();
        inner.queue.len() + usize::from(inner.running.is_some())
    }
}

/// A running fake ComfyUI.
#[derive(Debug)]
pub struct FakeComfy {
    handle: ServerHandle,
    state: Arc<ComfyState>,
}

fn with_models(config: &ComfyConfig) -> Value {
    let mut info: Value = serde_json::from_str(OBJECT_INFO_0_3_64).unwrap_or_else(|_| json!({}));
    let models: Vec<Value> = config
        .models
        .iter()
        .map(|m| Value::from(m.as_str()))
        .collect();
    if let Some(classes) = info.as_object_mut() {
        for class in classes.values_mut() {
            for group in ["required", "optional"] {
                let Some(inputs) = class
                    .pointer_mut(&format!("/input/{group}"))
                    .and_then(|g| g.as_object_mut())
                else {
                    continue;
                };
                for (name, spec) in inputs.iter_mut() {
                    let Some(list) = spec.get_mut(0).and_then(|l| l.as_array_mut()) else {
                        continue;
                    };
                    // Model-file combos: empty on a bare install, or VAE's pixel_space.
                    let model_list =
                        list.is_empty() || name == "vae_name" || name.ends_with("ckpt_name");
                    if model_list && name != "image" {
                        list.retain(|v| v.as_str() == Some("pixel_space"));
                        list.extend(models.iter().cloned());
                    }
                }
            }
        }
    }
    info
}

impl FakeComfy {
    /// Starts on a free port.
    pub fn start(config: ComfyConfig) -> std::io::Result<Self> {
        Self::start_on(0, config)
    }

    /// Starts on `port`.
    pub fn start_on(port: u16, config: ComfyConfig) -> std::io::Result<Self> {
        let state = Arc::new(ComfyState {
            object_info: with_models(&config),
            inner: Mutex::default(),
            wake: Notify::new(),
            interrupt_wake: Notify::new(),
            finished: Notify::new(),
            queued: Notify::new(),
            config,
        });
        let s = state.clone();
        let handle = ServerHandle::start(port, move || {
            tokio::spawn(exec::worker(s.clone()));
            routes::router(s)
        })?;
        Ok(Self { handle, state })
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        self.handle.url()
    }

    /// Kills the server: sockets and connections drop, the port closes.
    pub fn kill(&mut self) {
        self.handle.kill();
    }

    /// Changes the faults to inject.
    pub fn faults(&self, f: impl FnOnce(&mut ComfyFaults)) {
        f(&mut self.state.lock().faults);
    }

    /// Prompts finished (success, error or interrupt).
    pub fn completed(&self) -> u64 {
        self.state.lock().completed
    }

    /// Waits until `n` prompts have finished (success, error or interrupt).
    pub async fn wait_completed(&self, n: u64) {
        loop {
            let notified = self.state.finished.notified();
            if self.completed() >= n {
                return;
            }
            notified.await;
        }
    }

    /// Waits until `n` prompts are running or pending.
    pub async fn wait_queued(&self, n: usize) {
        loop {
            let notified = self.state.queued.notified();
            if self.queue_remaining() >= n {
                return;
            }
            notified.await;
        }
    }

    /// `status_str` of every finished prompt, oldest first.
    pub fn statuses(&self) -> Vec<String> {
        self.state
            .lock()
            .history
            .values()
            .map(|(_, e)| {
                e.pointer("/status/status_str")
                    .and_then(|s| s.as_str())
                    .unwrap_or_default()
                    .to_string()
            })
            .collect()
    }

    /// Prompts running or pending.
    pub fn queue_remaining(&self) -> usize {
        self.state.queue_remaining()
    }

    /// Names of the files uploaded to the input folder.
    pub fn inputs(&self) -> Vec<String> {
        self.state
            .lock()
            .files
            .keys()
            .filter(|(t, _, _)| t == "input")
            .map(|(_, s, n)| {
                if s.is_empty() {
                    n.clone()
                } else {
                    format!("{s}/{n}")
                }
            })
            .collect()
    }
}

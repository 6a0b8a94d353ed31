//! Fake ComfyUI, Chatterbox, Whisper and LLM servers that speak the real protocols
//! (`protocols/*.md`), for tests and benchmarks. Each runs on its own thread and tokio
//! runtime on `127.0.0.1:0`, so [`ServerHandle::kill`] drops every connection at once,
//! like a process dying. `videogen-fakes <service> --port N` runs one by hand.

pub mod author;
pub mod comfy;
pub mod llm;
pub mod media;
pub mod tts;
pub mod whisper;

use std::net::SocketAddr;
use std::thread::JoinHandle;

use axum::Router;
use tokio::sync::oneshot;

pub use comfy::{ComfyConfig, ComfyFaults, FakeComfy};
pub use llm::{FakeLlm, LlmConfig, LlmReply};
pub use tts::{FakeTts, TtsConfig, TtsFaults};
pub use whisper::{FakeWhisper, WhisperConfig, WhisperNoise};

/// A running fake server.
#[derive(Debug)]
pub struct ServerHandle {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl ServerHandle {
    /// Starts `make()`'s router on `127.0.0.1:port` (0 = any free port) on its own thread.
    /// `make` runs inside the server's runtime, so it may spawn background tasks.
    pub fn start<F>(port: u16, make: F) -> std::io::Result<Self>
    where
        F: FnOnce() -> Router + Send + 'static,
    {
        let listener = std::net::TcpListener::bind(("127.0.0.1", port))?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let (stop_tx, stop_rx) = oneshot::channel::<()>();
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()?;
        let thread = std::thread::Builder::new()
            .name(format!("fake-{addr}"))
            .spawn(move || {
                runtime.block_on(async move {
                    let router = make();
                    let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                        return;
                    };
                    let server = axum::serve(listener, router);
                    tokio::select! {
                        _ = server => {}
                        _ = stop_rx => {}
                    }
                });
                // Dropping the runtime without waiting kills every connection and task.
                runtime.shutdown_background();
            })?;
        Ok(Self {
            addr,
            stop: Some(stop_tx),
            thread: Some(thread),
        })
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops the server abruptly: open connections and sockets drop, the port closes.
    pub fn kill(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }

    /// Blocks until the server stops (for the binary).
    pub fn wait(mut self) {
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for ServerHandle {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A small seeded RNG (xorshift64*), so noise and faults repeat run to run.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// Seeded; a zero seed is replaced by a constant.
    pub fn new(seed: u64) -> Self {
        Self(if seed == 0 {
            0x9E37_79B9_7F4A_7C15
        } else {
            seed
        })
    }
    /// Next value.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Appends one line to a request log (`--log FILE`), so a test in another process can see
/// what a fake was asked. One `write` per line on an append-mode file: lines from
/// concurrent requests never interleave.
pub(crate) fn log_line(path: Option<&std::path::Path>, line: &str) {
    use std::io::Write;
    let Some(path) = path else { return };
    let written = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .and_then(|mut f| f.write_all(format!("{line}\n").as_bytes()));
    if let Err(e) = written {
        tracing::warn!("cannot append to the request log {}: {e}", path.display());
    }
}

/// A JSON response with a status.
pub(crate) fn json_status(status: u16, body: serde_json::Value) -> axum::response::Response {
    use axum::response::IntoResponse;
    let code = axum::http::StatusCode::from_u16(status)
        .unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR);
    (code, axum::Json(body)).into_response()
}

/// An empty-bodied response with a status (ComfyUI's upload/view/queue errors).
pub(crate) fn empty_status(status: u16) -> axum::response::Response {
    use axum::response::IntoResponse;
    axum::http::StatusCode::from_u16(status)
        .unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR)
        .into_response()
}

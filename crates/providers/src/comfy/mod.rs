//! ComfyUI: upload, queue, follow over the WebSocket with a `/history` fallback,
//! download outputs, cancel, and check a workflow against `/object_info`
//! (protocols/comfyui.md).

mod follow;
mod models;
mod outputs;
mod ws;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};
use tokio_util::sync::CancellationToken;
use url::Url;

use crate::error::{ProviderError, Result, Service};
use crate::http::{self, RetryPolicy};
use crate::Health;

pub use follow::{ComfyProgress, ProgressFn};
pub use models::{MissingModel, MissingNode, WorkflowCheck};
pub use outputs::{describe_prompt_error, outputs_of};

/// A file a prompt produced, as listed under an output node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputFile {
    /// The output node that made it.
    pub node_id: String,
    /// File name on the server.
    pub filename: String,
    /// Subfolder under the output folder.
    pub subfolder: String,
    /// `output`, `temp` or `input`.
    pub kind: String,
    /// A clip rather than a still: under `gifs`, flagged `animated`, or a video extension.
    pub is_video: bool,
}

/// The result of a finished prompt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PromptOutcome {
    /// Its id.
    pub prompt_id: String,
    /// Its files, in output-node order.
    pub outputs: Vec<OutputFile>,
}

#[derive(Debug)]
struct Inner {
    http: reqwest::Client,
    base: Url,
    client_id: String,
    hub: ws::Hub,
    request_timeout: Duration,
    poll_interval: Duration,
}

/// A client for one ComfyUI server. Cheap to clone; clones share the WebSocket.
#[derive(Clone, Debug)]
pub struct ComfyClient {
    inner: Arc<Inner>,
}

impl ComfyClient {
    /// A client for `http://host:8188` with a fresh client id.
    pub fn new(base: Url) -> Self {
        let client_id = uuid::Uuid::new_v4().simple().to_string();
        let mut ws_url = base.clone();
        // http -> ws, https -> wss; both set_scheme calls succeed for these special schemes.
        let _ = ws_url.set_scheme(if base.scheme() == "https" {
            "wss"
        } else {
            "ws"
        });
        let ws_url = format!(
            "{}/ws?clientId={client_id}",
            ws_url.as_str().trim_end_matches('/')
        );
        Self {
            inner: Arc::new(Inner {
                http: http::build_client(None),
                base,
                client_id,
                hub: ws::Hub::new(ws_url),
                request_timeout: Duration::from_secs(60),
                poll_interval: Duration::from_millis(1500),
            }),
        }
    }

    /// The server's base URL.
    pub fn base(&self) -> &Url {
        &self.inner.base
    }

    /// The client id sent with every prompt.
    pub fn client_id(&self) -> &str {
        &self.inner.client_id
    }

    fn url(&self, path: &str) -> String {
        http::join(&self.inner.base, path)
    }

    async fn get_json(&self, path: &str, cancel: &CancellationToken) -> Result<Value> {
        let url = self.url(path);
        let t = self.inner.request_timeout;
        let resp = http::send(
            Service::ComfyUi,
            &url,
            &RetryPolicy::none(),
            Some(t),
            cancel,
            || Ok(self.inner.http.get(&url).timeout(t)),
        )
        .await?;
        let text = resp
            .text()
            .await
            .map_err(|e| http::transport_error(Service::ComfyUi, &url, &e, Some(t)))?;
        serde_json::from_str(&text).map_err(|e| {
            ProviderError::failed(
                Service::ComfyUi,
                format!("{path} did not return JSON ({e}); is this a ComfyUI server?"),
            )
        })
    }

    async fn post_json(
        &self,
        path: &str,
        body: &Value,
        cancel: &CancellationToken,
    ) -> Result<reqwest::Response> {
        let url = self.url(path);
        let t = self.inner.request_timeout;
        http::send(
            Service::ComfyUi,
            &url,
            &RetryPolicy::none(),
            Some(t),
            cancel,
            || Ok(self.inner.http.post(&url).timeout(t).json(body)),
        )
        .await
    }

    /// `GET /system_stats`: reachable, and its version.
    pub async fn health(&self, cancel: &CancellationToken) -> Health {
        match self.get_json("system_stats", cancel).await {
            Ok(v) => Health::ok(
                v.pointer("/system/comfyui_version")
                    .and_then(|s| s.as_str())
                    .map(String::from),
            ),
            Err(e) => Health::from_error(&e),
        }
    }

    /// Uploads an image into the server's input folder; returns the name to put in
    /// `LoadImage.inputs.image` (the server may rename on a clash).
    pub async fn upload_image(&self, path: &Path, cancel: &CancellationToken) -> Result<String> {
        let bytes = tokio::fs::read(path)
            .await
            .map_err(|e| ProviderError::io("read", path, e))?;
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("input.png")
            .to_string();
        let url = self.url("upload/image");
        let t = self.inner.request_timeout;
        let resp = http::send(
            Service::ComfyUi,
            &url,
            &RetryPolicy::none(),
            Some(t),
            cancel,
            || {
                let part = reqwest::multipart::Part::bytes(bytes.clone()).file_name(name.clone());
                let form = reqwest::multipart::Form::new()
                    .part("image", part)
                    .text("type", "input");
                Ok(self.inner.http.post(&url).timeout(t).multipart(form))
            },
        )
        .await?;
        let v: Value = resp.json().await.map_err(|e| {
            ProviderError::failed(
                Service::ComfyUi,
                format!("the upload reply is not JSON ({e})"),
            )
        })?;
        let stored = v.get("name").and_then(|n| n.as_str()).ok_or_else(|| {
            ProviderError::failed(Service::ComfyUi, "the upload reply has no name")
        })?;
        let sub = v
            .get("subfolder")
            .and_then(|s| s.as_str())
            .unwrap_or_default();
        Ok(if sub.is_empty() {
            stored.to_string()
        } else {
            format!("{sub}/{stored}")
        })
    }

    /// Queues an API-format prompt under a new UUID; returns its id. A refused workflow
    /// becomes an error naming each bad node, input and problem.
    pub async fn queue(&self, prompt: &Value, cancel: &CancellationToken) -> Result<String> {
        let prompt_id = uuid::Uuid::new_v4().to_string();
        self.queue_with_id(prompt, &prompt_id, cancel).await?;
        Ok(prompt_id)
    }

    async fn queue_with_id(
        &self,
        prompt: &Value,
        prompt_id: &str,
        cancel: &CancellationToken,
    ) -> Result<()> {
        let body =
            json!({"prompt": prompt, "client_id": self.inner.client_id, "prompt_id": prompt_id});
        let url = self.url("prompt");
        let t = self.inner.request_timeout;
        let request = self.inner.http.post(&url).timeout(t).json(&body);
        let resp = http::cancellable(cancel, async {
            request
                .send()
                .await
                .map_err(|e| http::transport_error(Service::ComfyUi, &url, &e, Some(t)))
        })
        .await?;
        let status = resp.status();
        let text = http::cancellable(cancel, async {
            resp.text()
                .await
                .map_err(|e| http::transport_error(Service::ComfyUi, &url, &e, Some(t)))
        })
        .await?;
        if status.as_u16() == 400 {
            // The /prompt 400 body carries node_errors; keep all of it in the message.
            return Err(ProviderError::Refused {
                service: Service::ComfyUi,
                status: 400,
                message: describe_prompt_error(&text),
            });
        }
        if !status.is_success() {
            return Err(http::status_error(Service::ComfyUi, status, &text));
        }
        let v: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        if let Some(errors) = v
            .get("node_errors")
            .and_then(|n| n.as_object())
            .filter(|n| !n.is_empty())
        {
            // Some outputs validated and run; the rest were dropped. Worth a log line.
            let listed = Value::Object(errors.clone()).to_string();
            tracing::warn!(prompt_id, node_errors = %listed, "ComfyUI skipped invalid output nodes");
        }
        Ok(())
    }

    /// Queues a prompt and follows it to the end: progress from the WebSocket, outcome
    /// from `/history`. Cancelling deletes or interrupts the prompt on the server.
    pub async fn run_prompt(
        &self,
        prompt: &Value,
        progress: Option<ProgressFn>,
        cancel: &CancellationToken,
    ) -> Result<PromptOutcome> {
        self.run_prompt_as(prompt, &uuid::Uuid::new_v4().to_string(), progress, cancel)
            .await
    }

    /// [`ComfyClient::run_prompt`] under a prompt id chosen by the caller (a lowercase
    /// hyphenated UUID), so a job can record it before queueing and follow it on resume.
    pub async fn run_prompt_as(
        &self,
        prompt: &Value,
        prompt_id: &str,
        progress: Option<ProgressFn>,
        cancel: &CancellationToken,
    ) -> Result<PromptOutcome> {
        let prompt_id = prompt_id.to_string();
        // Subscribe first: events may arrive before POST /prompt returns.
        let sub = self.inner.hub.subscribe(&prompt_id);
        self.inner.hub.wait_connected(Duration::from_secs(2)).await;
        match self.queue_with_id(prompt, &prompt_id, cancel).await {
            Ok(()) => {}
            Err(ProviderError::Cancelled) => {
                // The server may have queued it before we stopped listening; the id is
                // ours, so remove it either way.
                if let Err(e) = self.cancel_prompt(&prompt_id).await {
                    tracing::warn!(prompt_id, error = %e, "could not cancel the ComfyUI prompt");
                }
                return Err(ProviderError::Cancelled);
            }
            Err(e) => return Err(e),
        }
        let total = prompt.as_object().map(|o| o.len()).unwrap_or(1);
        follow::follow(self, sub, &prompt_id, total, progress, cancel).await
    }

    /// Follows a prompt queued earlier (e.g. by a previous run of the app), without its
    /// WebSocket progress: polls `/history` and `/queue`.
    pub async fn resume(
        &self,
        prompt_id: &str,
        cancel: &CancellationToken,
    ) -> Result<PromptOutcome> {
        let sub = self.inner.hub.subscribe(prompt_id);
        follow::follow(self, sub, prompt_id, 1, None, cancel).await
    }

    /// `GET /history/{id}`: `None` until the prompt has finished.
    pub async fn history(
        &self,
        prompt_id: &str,
        cancel: &CancellationToken,
    ) -> Result<Option<Value>> {
        let v = self
            .get_json(&format!("history/{prompt_id}"), cancel)
            .await?;
        Ok(v.get(prompt_id).cloned())
    }

    /// Whether the prompt is still running or pending.
    pub async fn is_queued(&self, prompt_id: &str, cancel: &CancellationToken) -> Result<bool> {
        let v = self.get_json("queue", cancel).await?;
        let has = |key: &str| {
            v.get(key).and_then(|l| l.as_array()).is_some_and(|l| {
                l.iter()
                    .any(|item| item.get(1).and_then(|i| i.as_str()) == Some(prompt_id))
            })
        };
        Ok(has("queue_running") || has("queue_pending"))
    }

    /// Stops a prompt: removes it from the queue if pending and interrupts it if running
    /// (the server ignores an interrupt for a prompt that is not running).
    pub async fn cancel_prompt(&self, prompt_id: &str) -> Result<()> {
        let token = CancellationToken::new();
        self.post_json("queue", &json!({"delete": [prompt_id]}), &token)
            .await?;
        self.post_json("interrupt", &json!({"prompt_id": prompt_id}), &token)
            .await?;
        Ok(())
    }

    /// Downloads an output to `out` (written to a temporary name, then renamed).
    pub async fn download(
        &self,
        file: &OutputFile,
        out: &Path,
        cancel: &CancellationToken,
    ) -> Result<PathBuf> {
        let url = self.url("view");
        let t = Duration::from_secs(600);
        let resp = http::send(
            Service::ComfyUi,
            &url,
            &RetryPolicy::default(),
            Some(t),
            cancel,
            || {
                Ok(self.inner.http.get(&url).timeout(t).query(&[
                    ("filename", &file.filename),
                    ("subfolder", &file.subfolder),
                    ("type", &file.kind),
                ]))
            },
        )
        .await
        .map_err(|e| match e {
            ProviderError::Refused { status: 404, .. } => ProviderError::failed(
                Service::ComfyUi,
                format!(
                    "the output {} is no longer on the server; render it again",
                    file.filename
                ),
            ),
            other => other,
        })?;
        let bytes = http::cancellable(cancel, async {
            resp.bytes()
                .await
                .map_err(|e| http::transport_error(Service::ComfyUi, &url, &e, Some(t)))
        })
        .await?;
        let tmp = crate::temp_path(out);
        tokio::fs::write(&tmp, &bytes)
            .await
            .map_err(|e| ProviderError::io("write", &tmp, e))?;
        tokio::fs::rename(&tmp, out)
            .await
            .map_err(|e| ProviderError::io("rename into", out, e))?;
        Ok(out.to_path_buf())
    }

    /// `GET /object_info`: every node class with its inputs.
    pub async fn object_info(&self, cancel: &CancellationToken) -> Result<Value> {
        self.get_json("object_info", cancel).await
    }

    /// Which node classes and model files a workflow needs that this server lacks.
    pub async fn check_workflow(
        &self,
        workflow: &serde_json::Map<String, Value>,
        cancel: &CancellationToken,
    ) -> Result<WorkflowCheck> {
        let info = self.object_info(cancel).await?;
        Ok(models::check(workflow, &info))
    }

    /// Sets how often `/history` is polled while the WebSocket is up (a safety net).
    pub fn with_poll_interval(self, interval: Duration) -> Self {
        match Arc::try_unwrap(self.inner) {
            Ok(mut inner) => {
                inner.poll_interval = interval;
                Self {
                    inner: Arc::new(inner),
                }
            }
            Err(inner) => Self { inner },
        }
    }

    pub(crate) fn poll_interval(&self) -> Duration {
        self.inner.poll_interval
    }
}

/// Checks a workflow graph against an `/object_info` reply.
pub fn check_against(
    workflow: &serde_json::Map<String, Value>,
    object_info: &Value,
) -> WorkflowCheck {
    models::check(workflow, object_info)
}

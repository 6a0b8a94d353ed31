//! A pool of ComfyUI servers. Each render goes to the least busy healthy server; each
//! server holds up to two of our prompts (one rendering, the next queued, so its GPU never
//! waits on our uploads or downloads); a render whose server dies is run again elsewhere.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;
use url::Url;

use crate::comfy::{ComfyClient, OutputFile, ProgressFn, PromptOutcome};
use crate::error::{ProviderError, Result, Service};
use crate::workflow::{ParamValue, Params, Template};

/// Prompts of ours a server holds at once.
pub const DEFAULT_PER_SERVER: usize = 2;
/// How long a server that failed is left alone before it is probed again.
const DOWN_BACKOFF: Duration = Duration::from_secs(2);

/// One render: a template, its values, and local images to upload for
/// `{{input_image}}` / `{{reference_image}}`.
#[derive(Clone, Debug)]
pub struct RenderJob {
    /// The workflow template.
    pub template: Template,
    /// Values for its placeholders.
    pub params: Params,
    /// Uploaded, then bound to `{{input_image}}`.
    pub input_image: Option<PathBuf>,
    /// Uploaded, then bound to `{{reference_image}}`.
    pub reference_image: Option<PathBuf>,
}

/// A finished render.
#[derive(Clone, Debug)]
pub struct Rendered {
    /// The server that rendered it (its files are there).
    pub client: ComfyClient,
    /// Prompt id and files.
    pub outcome: PromptOutcome,
}

impl Rendered {
    /// The first output file.
    pub fn first_output(&self) -> Result<&OutputFile> {
        self.outcome.outputs.first().ok_or_else(|| {
            ProviderError::failed(Service::ComfyUi, "the workflow finished without an output file; make sure it ends in SaveImage or SaveVideo")
        })
    }

    /// Downloads the first output to `out`.
    pub async fn save_first(&self, out: &Path, cancel: &CancellationToken) -> Result<PathBuf> {
        let file = self.first_output()?.clone();
        self.client.download(&file, out, cancel).await
    }
}

#[derive(Debug)]
struct Server {
    client: ComfyClient,
    in_flight: AtomicUsize,
    down_until: Mutex<Option<Instant>>,
}

impl Server {
    fn down_until(&self) -> Option<Instant> {
        *self
            .down_until
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
    fn set_down(&self, until: Option<Instant>) {
        *self
            .down_until
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = until;
    }
}

/// A slot on a server; frees itself on drop.
struct Slot<'a> {
    pool: &'a ComfyPool,
    index: usize,
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        self.pool.servers[self.index]
            .in_flight
            .fetch_sub(1, Ordering::AcqRel);
        self.pool.freed.notify_waiters();
    }
}

/// Several ComfyUI servers used as one.
#[derive(Debug)]
pub struct ComfyPool {
    servers: Vec<Server>,
    per_server: usize,
    freed: Notify,
}

impl ComfyPool {
    /// A pool over these servers.
    pub fn new(urls: &[Url]) -> Self {
        Self::with_clients(urls.iter().cloned().map(ComfyClient::new).collect())
    }

    /// A pool over existing clients.
    pub fn with_clients(clients: Vec<ComfyClient>) -> Self {
        let servers = clients
            .into_iter()
            .map(|client| Server {
                client,
                in_flight: AtomicUsize::new(0),
                down_until: Mutex::new(None),
            })
            .collect();
        Self {
            servers,
            per_server: DEFAULT_PER_SERVER,
            freed: Notify::new(),
        }
    }

    /// Sets how many prompts each server holds at once (at least 1).
    pub fn with_per_server(mut self, n: usize) -> Self {
        self.per_server = n.max(1);
        self
    }

    /// The servers' clients.
    pub fn clients(&self) -> impl Iterator<Item = &ComfyClient> {
        self.servers.iter().map(|s| &s.client)
    }

    /// Prompts in flight per server, in pool order.
    pub fn in_flight(&self) -> Vec<usize> {
        self.servers
            .iter()
            .map(|s| s.in_flight.load(Ordering::Acquire))
            .collect()
    }

    /// Waits for a free slot on the least busy healthy server.
    async fn acquire(&self, cancel: &CancellationToken) -> Result<Slot<'_>> {
        if self.servers.is_empty() {
            return Err(ProviderError::InvalidInput(
                "no ComfyUI server is configured: set its address in Settings or with `videogen config set comfyui.url http://127.0.0.1:8188`".into(),
            ));
        }
        loop {
            let freed = self.freed.notified();
            tokio::pin!(freed);
            freed.as_mut().enable();
            let now = Instant::now();
            let mut order: Vec<usize> = (0..self.servers.len()).collect();
            order.sort_by_key(|&i| self.servers[i].in_flight.load(Ordering::Acquire));
            let mut all_down = true;
            let mut next_probe: Option<Instant> = None;
            for i in order {
                let server = &self.servers[i];
                if let Some(until) = server.down_until() {
                    if until > now {
                        next_probe = Some(next_probe.map_or(until, |p| p.min(until)));
                        continue;
                    }
                    // Its back-off has passed: probe before trusting it with a render.
                    if !server.client.health(cancel).await.ok {
                        if cancel.is_cancelled() {
                            return Err(ProviderError::Cancelled);
                        }
                        server.set_down(Some(Instant::now() + DOWN_BACKOFF));
                        continue;
                    }
                    server.set_down(None);
                }
                all_down = false;
                let taken =
                    server
                        .in_flight
                        .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                            (n < self.per_server).then_some(n + 1)
                        });
                if taken.is_ok() {
                    return Ok(Slot {
                        pool: self,
                        index: i,
                    });
                }
            }
            if all_down && self.in_flight().iter().all(|&n| n == 0) {
                return Err(ProviderError::Unreachable {
                    service: Service::ComfyUi,
                    url: self
                        .servers
                        .iter()
                        .map(|s| s.client.base().to_string())
                        .collect::<Vec<_>>()
                        .join(", "),
                    detail: "no server in the pool answers".into(),
                });
            }
            let wake = next_probe
                .map(|p| p.saturating_duration_since(Instant::now()))
                .unwrap_or(DOWN_BACKOFF);
            tokio::select! {
                _ = cancel.cancelled() => return Err(ProviderError::Cancelled),
                _ = freed => {}
                _ = tokio::time::sleep(wake) => {}
            }
        }
    }

    /// Renders a job on the pool and waits for it. A server that fails with an
    /// "unavailable" error is set aside and the job runs again on another one.
    pub async fn render(
        &self,
        job: &RenderJob,
        progress: Option<ProgressFn>,
        cancel: &CancellationToken,
    ) -> Result<Rendered> {
        self.render_tracked(job, |_, _| {}, progress, cancel).await
    }

    /// [`ComfyPool::render`], telling `on_queued` the server and prompt id just before each
    /// prompt is queued, so a job can record them and [`ComfyPool::resume`] after a crash.
    pub async fn render_tracked(
        &self,
        job: &RenderJob,
        on_queued: impl Fn(&Url, &str) + Send + Sync,
        progress: Option<ProgressFn>,
        cancel: &CancellationToken,
    ) -> Result<Rendered> {
        let max_attempts = self.servers.len() * 2 + 1;
        let mut last_error = None;
        for _ in 0..max_attempts {
            let slot = match self.acquire(cancel).await {
                Ok(slot) => slot,
                Err(e) => return Err(last_error.unwrap_or(e)),
            };
            let server = &self.servers[slot.index];
            match self
                .render_on(&server.client, job, &on_queued, progress.clone(), cancel)
                .await
            {
                Ok(outcome) => {
                    return Ok(Rendered {
                        client: server.client.clone(),
                        outcome,
                    })
                }
                Err(e) if e.is_transient() => {
                    tracing::warn!(server = %server.client.base(), error = %e, "ComfyUI server failed; moving the render to another server");
                    server.set_down(Some(Instant::now() + DOWN_BACKOFF));
                    last_error = Some(e);
                }
                Err(e) => return Err(e),
            }
        }
        Err(last_error
            .unwrap_or_else(|| ProviderError::failed(Service::ComfyUi, "the render did not run")))
    }

    async fn render_on(
        &self,
        client: &ComfyClient,
        job: &RenderJob,
        on_queued: &(impl Fn(&Url, &str) + Send + Sync),
        progress: Option<ProgressFn>,
        cancel: &CancellationToken,
    ) -> Result<PromptOutcome> {
        let mut params = job.params.clone();
        for (name, path) in [
            ("input_image", &job.input_image),
            ("reference_image", &job.reference_image),
        ] {
            if let Some(path) = path {
                let stored = client.upload_image(path, cancel).await?;
                params.insert(name.to_string(), ParamValue::Text(stored));
            }
        }
        let prompt = job.template.bind(&params)?;
        let prompt_id = uuid::Uuid::new_v4().to_string();
        on_queued(client.base(), &prompt_id);
        client
            .run_prompt_as(&prompt, &prompt_id, progress, cancel)
            .await
    }

    /// Follows a prompt queued before a restart on `server` (recorded by
    /// [`ComfyPool::render_tracked`]). A prompt the server no longer knows fails as
    /// unavailable, and the job should render again.
    pub async fn resume(
        &self,
        server: &Url,
        prompt_id: &str,
        cancel: &CancellationToken,
    ) -> Result<Rendered> {
        let client = self
            .servers
            .iter()
            .map(|s| s.client.clone())
            .find(|c| c.base() == server)
            .unwrap_or_else(|| ComfyClient::new(server.clone()));
        let outcome = client.resume(prompt_id, cancel).await?;
        Ok(Rendered { client, outcome })
    }
}

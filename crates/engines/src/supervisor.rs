//! Runs the draft engines as local HTTP services: started on demand on a free loopback
//! port, health-checked, restarted with backoff when they die, stopped on shutdown.
//!
//! Each engine runs `venv/bin/python run/launch.py <engine> --port P` with a pipe on its
//! standard input that we never write to. The launcher's watchdog thread exits the
//! process when that pipe reaches end-of-file, which the kernel delivers however we end
//! (a clean quit, a panic, SIGKILL), so no engine outlives the process that started it.

use std::collections::HashMap;
use std::fmt;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::process::{ExitStatus, Stdio};
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::process::{Child, ChildStdin, Command};
use tokio::sync::{broadcast, watch};
use tokio::task::JoinHandle;
use url::Url;

use crate::install::{self, InstallState};
use crate::EngineError;

const LAUNCH_PY: &str = include_str!("../python/launch.py");
const WHISPER_SERVER_PY: &str = include_str!("../python/whisper_server.py");

/// Loading the voice takes 1–2 s and the Whisper model a few; a cold disk after an
/// install can take much longer, so allow a minute before calling a start failed.
const START_TIMEOUT: Duration = Duration::from_secs(60);
/// How often the health check is tried while an engine starts.
const HEALTH_POLL: Duration = Duration::from_millis(100);
/// First restart delay; doubled for each death in a row, up to [`MAX_BACKOFF`].
const FIRST_BACKOFF: Duration = Duration::from_millis(250);
const MAX_BACKOFF: Duration = Duration::from_secs(30);
/// An engine that stayed up this long starts its backoff over when it next dies.
const STABLE_AFTER: Duration = Duration::from_secs(60);
/// Starts that fail in a row (never healthy) before the supervisor gives up.
const MAX_FAILED_STARTS: u32 = 3;
/// How long a stopped engine gets to exit after its stdin closes before SIGKILL.
const STOP_GRACE: Duration = Duration::from_secs(3);
/// A log file past this size is started afresh at the next start.
const MAX_LOG_BYTES: u64 = 5 << 20;

/// One of the draft engines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Engine {
    /// Piper's HTTP server with the joe voice (protocols/piper.md).
    Piper,
    /// Our OpenAI-compatible transcription server over faster-whisper.
    Whisper,
}

impl Engine {
    /// Every engine.
    pub const ALL: [Engine; 2] = [Engine::Piper, Engine::Whisper];

    /// `piper`, `whisper`: the launcher's argument and the log file's name.
    pub fn name(self) -> &'static str {
        match self {
            Engine::Piper => "piper",
            Engine::Whisper => "whisper",
        }
    }

    /// The path that answers 200 once the engine is ready.
    fn health_path(self) -> &'static str {
        match self {
            Engine::Piper => "/info",
            Engine::Whisper => "/health",
        }
    }
}

impl fmt::Display for Engine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Engine::Piper => "draft voice",
            Engine::Whisper => "draft timings",
        })
    }
}

/// What happened to an engine; `Display` is a sentence for a status line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EngineEvent {
    /// It answers at `url`.
    Started {
        /// Which.
        engine: Engine,
        /// Its base URL.
        url: Url,
    },
    /// It exited without being asked to.
    Died {
        /// Which.
        engine: Engine,
        /// How it exited.
        detail: String,
    },
    /// It answers again after dying.
    Restarted {
        /// Which.
        engine: Engine,
        /// Its base URL (the old port when it was still free).
        url: Url,
        /// Restarts since it was first started.
        restarts: u32,
    },
    /// It failed to start [`MAX_FAILED_STARTS`] times in a row; the next `ensure` tries again.
    Failed {
        /// Which.
        engine: Engine,
        /// Why, with the end of its log.
        message: String,
    },
}

impl fmt::Display for EngineEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EngineEvent::Started { engine, url } => write!(f, "{engine} started at {url}"),
            EngineEvent::Died { engine, detail } => write!(f, "{engine} stopped ({detail})"),
            EngineEvent::Restarted { engine, .. } => write!(f, "{engine} restarted"),
            EngineEvent::Failed { engine, message } => write!(f, "{engine} failed: {message}"),
        }
    }
}

#[derive(Clone, Debug)]
enum Phase {
    Starting,
    Ready(Url),
    Failed(String),
    Stopped,
}

struct Slot {
    phase: watch::Receiver<Phase>,
    task: JoinHandle<()>,
    pid: Arc<AtomicU32>,
}

/// What each engine's task needs (not the supervisor itself, so that dropping the last
/// [`Supervisor`] stops the engines).
#[derive(Clone)]
struct Shared {
    dir: PathBuf,
    owner: String,
    events: broadcast::Sender<EngineEvent>,
    stop: watch::Receiver<bool>,
}

struct Inner {
    shared: Shared,
    stop: watch::Sender<bool>,
    slots: Mutex<HashMap<Engine, Slot>>,
}

impl Drop for Inner {
    fn drop(&mut self) {
        // The engines' tasks stop them; if the runtime is gone too, kill_on_drop and the
        // closed stdin do.
        let _ = self.stop.send(true);
    }
}

/// Starts, watches and stops the draft engines of one engines folder. Cheap to clone.
#[derive(Clone)]
pub struct Supervisor {
    inner: Arc<Inner>,
}

impl fmt::Debug for Supervisor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Supervisor")
            .field("dir", &self.inner.shared.dir)
            .finish_non_exhaustive()
    }
}

impl Supervisor {
    /// A supervisor for the engines installed in `dir`. Starts nothing yet.
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        let (stop, stop_rx) = watch::channel(false);
        let (events, _) = broadcast::channel(64);
        let owner = format!(
            "{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        Supervisor {
            inner: Arc::new(Inner {
                shared: Shared {
                    dir: dir.into(),
                    owner,
                    events,
                    stop: stop_rx,
                },
                stop,
                slots: Mutex::default(),
            }),
        }
    }

    /// The engines folder.
    pub fn dir(&self) -> &Path {
        &self.inner.shared.dir
    }

    /// The value of `VIDEOGEN_ENGINES_OWNER` in every engine process this supervisor
    /// starts, so that a leak check can find them in `/proc/<pid>/environ`.
    pub fn owner_tag(&self) -> &str {
        &self.inner.shared.owner
    }

    /// Engine events (started, died, restarted, failed). A listener that falls more than
    /// 64 events behind misses the oldest: the supervisor never waits for it.
    pub fn subscribe(&self) -> broadcast::Receiver<EngineEvent> {
        self.inner.shared.events.subscribe()
    }

    /// The running engine's process id, if it runs.
    pub fn pid(&self, engine: Engine) -> Option<u32> {
        let slots = self
            .inner
            .slots
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let pid = slots.get(&engine)?.pid.load(Ordering::SeqCst);
        (pid != 0).then_some(pid)
    }

    /// The engine's base URL once it answers its health check, starting it first if
    /// needed (or waiting for a restart under way).
    pub async fn ensure(&self, engine: Engine) -> Result<Url, EngineError> {
        if *self.inner.stop.borrow() {
            return Err(EngineError::ShutDown);
        }
        let mut phase = {
            let mut slots = self
                .inner
                .slots
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            match slots.get(&engine) {
                Some(slot) if !slot.task.is_finished() => slot.phase.clone(),
                _ => {
                    let state = install::status(&self.inner.shared.dir).state;
                    if state != InstallState::Installed {
                        return Err(EngineError::NotInstalled {
                            why: match state {
                                InstallState::Outdated => {
                                    ": the installed version is out of date".into()
                                }
                                InstallState::Interrupted => {
                                    ": an earlier install was interrupted".into()
                                }
                                _ => format!(" in {}", self.inner.shared.dir.display()),
                            },
                        });
                    }
                    let (tx, rx) = watch::channel(Phase::Starting);
                    let pid = Arc::new(AtomicU32::new(0));
                    let task =
                        tokio::spawn(manage(self.inner.shared.clone(), engine, tx, pid.clone()));
                    slots.insert(
                        engine,
                        Slot {
                            phase: rx.clone(),
                            task,
                            pid,
                        },
                    );
                    rx
                }
            }
        };
        let waited = phase
            .wait_for(|p| !matches!(p, Phase::Starting))
            .await
            .map(|p| p.clone());
        match waited {
            Ok(Phase::Ready(url)) => Ok(url),
            Ok(Phase::Failed(detail)) => Err(EngineError::Start { engine, detail }),
            Ok(Phase::Stopped) | Err(_) => Err(EngineError::ShutDown),
            Ok(Phase::Starting) => unreachable!("wait_for returns a phase past Starting"),
        }
    }

    /// Stops every engine and waits until each process has exited.
    pub async fn shutdown(&self) {
        let _ = self.inner.stop.send(true);
        let tasks: Vec<JoinHandle<()>> = {
            let mut slots = self
                .inner
                .slots
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            slots.drain().map(|(_, s)| s.task).collect()
        };
        for task in tasks {
            let _ = task.await;
        }
    }
}

/// One engine's life: start, wait healthy, watch, restart with backoff, stop.
async fn manage(shared: Shared, engine: Engine, phase: watch::Sender<Phase>, pid: Arc<AtomicU32>) {
    let mut stop = shared.stop.clone();
    let mut port: Option<u16> = None;
    let mut failed_starts = 0u32;
    let mut deaths_in_a_row = 0u32;
    let mut restarts = 0u32;
    loop {
        if *stop.borrow() {
            break;
        }
        let p = match port.filter(|p| port_is_free(*p)).map_or_else(free_port, Ok) {
            Ok(p) => p,
            Err(e) => {
                let _ = phase.send(Phase::Failed(format!("no free local port ({e})")));
                return;
            }
        };
        let started = match spawn(&shared, engine, p) {
            Ok(s) => s,
            Err(e) => {
                fail(&shared, engine, &phase, e.to_string());
                return;
            }
        };
        let (mut child, stdin) = started;
        pid.store(child.id().unwrap_or(0), Ordering::SeqCst);
        let url = local_url(p);
        let outcome = tokio::select! {
            ready = wait_healthy(engine, p, &mut child) => ready,
            _ = stop.wait_for(|s| *s) => Err("stopping".to_string()),
        };
        match outcome {
            Ok(()) => {
                failed_starts = 0;
                port = Some(p);
                let _ = phase.send(Phase::Ready(url.clone()));
                let event = if restarts == 0 {
                    EngineEvent::Started { engine, url }
                } else {
                    EngineEvent::Restarted {
                        engine,
                        url,
                        restarts,
                    }
                };
                tracing::info!(engine = engine.name(), port = p, "{event}");
                let _ = shared.events.send(event);
                let up_since = Instant::now();
                let exit = tokio::select! {
                    status = child.wait() => Some(status),
                    _ = stop.wait_for(|s| *s) => None,
                };
                let Some(Ok(status)) = exit else {
                    let _ = break_stop(child, stdin, &pid).await;
                    break;
                };
                drop(stdin);
                if *stop.borrow() {
                    break;
                }
                pid.store(0, Ordering::SeqCst);
                let _ = phase.send(Phase::Starting);
                let detail = describe(status);
                tracing::warn!(engine = engine.name(), %detail, "engine died; restarting");
                let _ = shared.events.send(EngineEvent::Died { engine, detail });
                if up_since.elapsed() >= STABLE_AFTER {
                    deaths_in_a_row = 0;
                }
            }
            Err(why) => {
                let _ = break_stop(child, stdin, &pid).await;
                if *stop.borrow() {
                    break;
                }
                failed_starts += 1;
                if failed_starts >= MAX_FAILED_STARTS {
                    let log = log_tail(&shared.dir, engine);
                    fail(
                        &shared,
                        engine,
                        &phase,
                        format!("{why}; its log ends: {log}"),
                    );
                    return;
                }
                // The port may be what failed (taken between our check and its bind).
                port = None;
            }
        }
        let delay = FIRST_BACKOFF
            .saturating_mul(1 << deaths_in_a_row.min(10))
            .min(MAX_BACKOFF);
        deaths_in_a_row += 1;
        restarts += 1;
        tokio::select! {
            _ = tokio::time::sleep(delay) => {}
            _ = stop.wait_for(|s| *s) => break,
        }
    }
    pid.store(0, Ordering::SeqCst);
    let _ = phase.send(Phase::Stopped);
}

fn fail(shared: &Shared, engine: Engine, phase: &watch::Sender<Phase>, message: String) {
    tracing::error!(engine = engine.name(), %message, "engine failed to start");
    let _ = phase.send(Phase::Failed(message.clone()));
    let _ = shared.events.send(EngineEvent::Failed { engine, message });
}

/// Stops a child: closing its stdin makes it exit by itself; SIGKILL if it lingers.
async fn break_stop(
    mut child: Child,
    stdin: ChildStdin,
    pid: &AtomicU32,
) -> std::io::Result<ExitStatus> {
    drop(stdin);
    let status = match tokio::time::timeout(STOP_GRACE, child.wait()).await {
        Ok(status) => status,
        Err(_) => {
            let _ = child.start_kill();
            child.wait().await
        }
    };
    pid.store(0, Ordering::SeqCst);
    status
}

fn describe(status: ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (Some(code), _) => format!("exit code {code}"),
        (_, Some(signal)) => format!("killed by signal {signal}"),
        _ => status.to_string(),
    }
}

fn local_url(port: u16) -> Url {
    // A loopback address with a port always parses.
    Url::parse(&format!("http://127.0.0.1:{port}")).expect("a valid loopback URL")
}

fn free_port() -> std::io::Result<u16> {
    Ok(std::net::TcpListener::bind(("127.0.0.1", 0))?
        .local_addr()?
        .port())
}

fn port_is_free(port: u16) -> bool {
    std::net::TcpListener::bind(("127.0.0.1", port)).is_ok()
}

/// Writes `content` to `path` unless it is already there (atomically: temp + rename).
fn write_if_changed(path: &Path, content: &str) -> Result<(), EngineError> {
    if std::fs::read_to_string(path).is_ok_and(|c| c == content) {
        return Ok(());
    }
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    std::fs::write(&tmp, content).map_err(|e| EngineError::io("write", &tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| EngineError::io("rename", &tmp, e))
}

fn log_path(dir: &Path, engine: Engine) -> PathBuf {
    dir.join("logs").join(format!("{}.log", engine.name()))
}

fn spawn(shared: &Shared, engine: Engine, port: u16) -> Result<(Child, ChildStdin), EngineError> {
    let run = shared.dir.join("run");
    let logs = shared.dir.join("logs");
    for dir in [&run, &logs] {
        std::fs::create_dir_all(dir).map_err(|e| EngineError::io("create", dir, e))?;
    }
    write_if_changed(&run.join("launch.py"), LAUNCH_PY)?;
    write_if_changed(&run.join("whisper_server.py"), WHISPER_SERVER_PY)?;
    let log_file = log_path(&shared.dir, engine);
    let too_big = std::fs::metadata(&log_file).is_ok_and(|m| m.len() > MAX_LOG_BYTES);
    let log = std::fs::OpenOptions::new()
        .create(true)
        .append(!too_big)
        .write(true)
        .truncate(too_big)
        .open(&log_file)
        .map_err(|e| EngineError::io("open", &log_file, e))?;
    let log_err = log
        .try_clone()
        .map_err(|e| EngineError::io("open", &log_file, e))?;
    let python = install::venv_python(&shared.dir);
    let mut child = Command::new(&python)
        .arg("-u")
        .arg(run.join("launch.py"))
        .arg(engine.name())
        .arg("--port")
        .arg(port.to_string())
        // Piper lists every *.onnx in its working directory as a voice: keep it ours.
        .current_dir(&run)
        .env("HF_HUB_OFFLINE", "1")
        .env("PYTHONNOUSERSITE", "1")
        .env("VIDEOGEN_ENGINES_OWNER", &shared.owner)
        .stdin(Stdio::piped())
        .stdout(log)
        .stderr(log_err)
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| EngineError::Start {
            engine,
            detail: format!("cannot run {} ({e})", python.display()),
        })?;
    let stdin = child.stdin.take().ok_or_else(|| EngineError::Start {
        engine,
        detail: "its standard input was not piped".into(),
    })?;
    tracing::debug!(
        engine = engine.name(),
        port,
        pid = child.id(),
        "engine spawned"
    );
    Ok((child, stdin))
}

/// Polls the health path until it answers 200; fails if the process exits or time runs out.
async fn wait_healthy(engine: Engine, port: u16, child: &mut Child) -> Result<(), String> {
    let deadline = Instant::now() + START_TIMEOUT;
    loop {
        if let Ok(Some(status)) = child.try_wait() {
            return Err(format!("it exited during start-up ({})", describe(status)));
        }
        if get_status(port, engine.health_path()).await == Some(200) {
            return Ok(());
        }
        if Instant::now() >= deadline {
            return Err(format!(
                "it did not answer {} within {} s",
                engine.health_path(),
                START_TIMEOUT.as_secs()
            ));
        }
        tokio::time::sleep(HEALTH_POLL).await;
    }
}

/// The status code of `GET path` on the loopback port, or `None` if nothing answers.
/// A few lines of HTTP/1.0 rather than a client library: this is the whole need.
async fn get_status(port: u16, path: &str) -> Option<u16> {
    let exchange = async {
        let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .ok()?;
        let request = format!("GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n");
        stream.write_all(request.as_bytes()).await.ok()?;
        let mut head = [0u8; 64];
        let mut len = 0;
        while len < 12 {
            let n = stream.read(&mut head[len..]).await.ok()?;
            if n == 0 {
                break;
            }
            len += n;
        }
        let line = std::str::from_utf8(&head[..len]).ok()?;
        line.split_whitespace().nth(1)?.parse().ok()
    };
    tokio::time::timeout(Duration::from_secs(2), exchange)
        .await
        .ok()
        .flatten()
}

/// The last lines of an engine's log, for an error message.
fn log_tail(dir: &Path, engine: Engine) -> String {
    let path = log_path(dir, engine);
    let Ok(mut file) = std::fs::File::open(&path) else {
        return "(no log)".into();
    };
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let _ = file.seek(SeekFrom::Start(len.saturating_sub(2000)));
    let mut text = String::new();
    let _ = file.read_to_string(&mut text);
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let tail = lines[lines.len().saturating_sub(3)..].join(" | ");
    format!("{tail} (full log: {})", path.display())
}

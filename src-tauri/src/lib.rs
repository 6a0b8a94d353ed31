//! VideoGen Studio's desktop shell: the Tauri window over [`Studio`]. It registers the
//! commands (a few lines each over `videogen-app`), bridges domain events to typed window
//! events, runs the tray and the window lifecycle, and nothing else: every behaviour lives
//! in `videogen-app`.

pub mod bindings;
pub mod bridge;
pub mod commands;
pub mod events;
pub mod lifecycle;
mod logging;
pub mod tray;

use tauri::{Manager, RunEvent};
use tauri_plugin_window_state::StateFlags;
use tauri_specta::Event;

pub use videogen_app::Studio;

/// How often writes by other processes are looked for (DESIGN.md: ~0.5 s).
const OTHER_PROCESS_POLL: std::time::Duration = std::time::Duration::from_millis(500);

/// Opens the data directory and runs the app until it quits. Returns the process exit code.
pub fn run() -> i32 {
    let data_dir = Studio::default_data_dir();
    let logs_dir = videogen_app::DataLayout::new(&data_dir).logs_dir();
    videogen_app::crash::install_panic_hook(&logs_dir, "VideoGen Studio");
    videogen_app::crash::panic_if_asked();
    if let Some(message) = missing_display() {
        eprintln!("{message}");
        return 2;
    }
    // Before any thread starts: the environment is read by WebKit when GTK starts.
    configure_webkit();
    let _log_guard = logging::init(&data_dir);
    tracing::info!(data_dir = %data_dir.display(), "starting VideoGen Studio");
    let crashes = videogen_app::crash::take_untold(&logs_dir);
    for report in &crashes {
        tracing::warn!(
            "VideoGen Studio crashed earlier ({}); the crash report is {}",
            report.message,
            report.path.display()
        );
    }

    let studio = match Studio::open(&data_dir) {
        Ok(studio) => studio,
        Err(error) => {
            tracing::error!(%error, code = ?error.code, "cannot open the data directory");
            eprintln!("VideoGen Studio cannot start: {error}");
            return 1;
        }
    };

    let specta = bindings::builder::<tauri::Wry>();
    let app = tauri::Builder::default()
        // First, so a second launch hands over before anything else starts.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            lifecycle::show_main_window(app);
        }))
        .plugin(
            tauri_plugin_window_state::Builder::default()
                // A window hidden to the tray must not come back hidden next time.
                .with_state_flags(StateFlags::all() - StateFlags::VISIBLE)
                .build(),
        )
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_notification::init())
        .manage(studio)
        .manage(lifecycle::Lifecycle::default())
        .manage(commands::EarlierCrashes(crashes))
        .invoke_handler(specta.invoke_handler())
        .on_window_event(lifecycle::on_window_event)
        .setup(move |app| {
            specta.mount_events(app);
            let handle = app.handle().clone();
            app.state::<lifecycle::Lifecycle>()
                .set_exit(move || handle.exit(0));
            setup(app.handle())?;
            Ok(())
        })
        .build(tauri::generate_context!());

    match app {
        Ok(app) => {
            app.run(|app, event| {
                if let RunEvent::Exit = event {
                    tracing::info!("VideoGen Studio quits");
                    if let Some(runner) = app.try_state::<JobRunner>() {
                        runner.stop();
                    }
                }
            });
            0
        }
        Err(error) => {
            tracing::error!(%error, "the window could not start");
            eprintln!("VideoGen Studio cannot open its window: {error}");
            1
        }
    }
}

/// Grants media from the data dir, builds the tray and starts the event bridge.
fn setup(app: &tauri::AppHandle) -> Result<(), Box<dyn std::error::Error>> {
    let studio = app.state::<Studio>().inner().clone();
    // The data dir can be moved, so the asset scope is granted here, not in the config.
    app.asset_protocol_scope()
        .allow_directory(studio.data_dir(), true)?;

    let counts = studio.job_counts().unwrap_or_default();
    let paused = studio.queue_paused().unwrap_or(false);
    match tray::Tray::build(app, &counts, paused) {
        Ok(tray) => {
            app.manage(tray);
        }
        // A desktop without a tray host still gets a working window.
        Err(error) => tracing::warn!(%error, "no system tray"),
    }

    limit_webkit_caches(app);
    app.manage(JobRunner::start(&studio));
    // Notifications at the end of a batch; the system kept awake while jobs run.
    commands::studio_tools::follow_jobs(app);

    // Follow writes made by other processes (the CLI) while the window is open.
    let watcher = studio.clone();
    tauri::async_runtime::spawn(async move {
        watcher.watch_other_processes(OTHER_PROCESS_POLL);
    });

    let handle = app.clone();
    let events = studio.subscribe();
    tauri::async_runtime::spawn(bridge::run(events, bridge::COALESCE_WINDOW, move |out| {
        emit(&handle, out);
    }));
    Ok(())
}

/// The in-process job runner (it waits while a `videogen worker` holds the runner lock).
struct JobRunner {
    stop: videogen_app::CancellationToken,
    task: std::sync::Mutex<Option<tauri::async_runtime::JoinHandle<()>>>,
}

/// How long quitting waits for running jobs to be put back in the queue.
const RUNNER_STOP_GRACE: std::time::Duration = std::time::Duration::from_secs(3);

impl JobRunner {
    fn start(studio: &Studio) -> Self {
        let stop = videogen_app::CancellationToken::new();
        let runner = studio.clone();
        let token = stop.clone();
        let task = tauri::async_runtime::spawn(async move {
            if let Err(error) = runner.run_background_jobs(token).await {
                tracing::error!(%error, code = ?error.code, "the job runner stopped");
            }
        });
        Self {
            stop,
            task: std::sync::Mutex::new(Some(task)),
        }
    }

    /// Stops the runner and waits briefly, so running jobs go back to the queue without
    /// being charged an attempt.
    fn stop(&self) {
        self.stop.cancel();
        let task = self.task.lock().ok().and_then(|mut task| task.take());
        if let Some(task) = task {
            // The timer is made inside the runtime: quitting runs on the main thread, outside
            // it, where `tokio::time::timeout` panics ("no reactor running").
            let waited = tauri::async_runtime::block_on(async move {
                tokio::time::timeout(RUNNER_STOP_GRACE, task).await
            });
            if waited.is_err() {
                tracing::warn!("the job runner did not stop in time; its jobs will be rescued at the next start");
            }
        }
    }
}

/// Sends one folded burst to the window and the tray.
fn emit(app: &tauri::AppHandle, out: events::Outgoing) {
    let mut results = Vec::new();
    if let Some(store) = out.store {
        results.push(store.emit(app));
    }
    if let Some(counts) = out.counts {
        if let Some(tray) = app.try_state::<tray::Tray>() {
            tray.show_counts(&counts.counts, counts.paused);
        }
        results.push(counts.emit(app));
    }
    if let Some(runner) = out.runner {
        results.push(runner.emit(app));
    }
    results.extend(out.jobs.into_iter().map(|job| job.emit(app)));
    results.extend(out.progress.into_iter().map(|p| p.emit(app)));
    for error in results.into_iter().filter_map(Result::err) {
        tracing::warn!(%error, "could not send an event to the window");
    }
}

/// On Linux a window needs an X11 or Wayland display; say so plainly instead of letting
/// GTK abort with a cryptic message.
fn missing_display() -> Option<&'static str> {
    let has = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    (cfg!(target_os = "linux") && !has("DISPLAY") && !has("WAYLAND_DISPLAY")).then_some(
        "VideoGen Studio needs a desktop to open its window, and no display was found \
         (neither DISPLAY nor WAYLAND_DISPLAY is set).\n\
         Run it from a desktop session, or use the headless `videogen` command line.",
    )
}

/// WebKit sizes its memory cache (decoded images among it) from the machine's RAM under its
/// default "web browser" cache model. The window only shows local files, which load again
/// in a moment from the asset protocol, so the "document viewer" model (a small memory
/// cache, no page cache) fits it; with thumbnails that let go of their file when their row
/// unmounts (ui SceneBits `releaseOnUnmount`), scrolling through a 2,700-scene storyboard
/// grows the web process by ~50 MB instead of ~180 MB (tests/e2e/storyboard-bench.mjs).
fn limit_webkit_caches(app: &tauri::AppHandle) {
    #[cfg(target_os = "linux")]
    for window in app.webview_windows().values() {
        let set = window.with_webview(|webview| {
            use webkit2gtk::{CacheModel, WebContextExt, WebViewExt};
            if let Some(context) = webview.inner().context() {
                context.set_cache_model(CacheModel::DocumentViewer);
            }
        });
        if let Err(error) = set {
            tracing::warn!(%error, "could not limit the webview's caches");
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = app;
}

/// WebKitGTK's GPU compositing costs about 120 MB more with a big project open (measured PSS
/// 385 MB against 266 MB, bench-results/shell.md) and falls back to slow software GL where
/// there is no GPU (VMs, Xvfb). The UI is lists and forms, which draw well without it.
/// `VIDEOGEN_GPU_COMPOSITING=1` (or setting `WEBKIT_DISABLE_COMPOSITING_MODE` yourself)
/// keeps WebKit's own choice.
///
/// The page's JavaScript runs without JavaScriptCore's optimising (DFG/FTL) tiers: opening a
/// 2,700-sentence script had it compile some 330 functions, and the web process kept ~20 MB
/// more for it (PSS with that script open 296 MB median / 308 max, against 280 / 282 without;
/// the storyboard 320 against 300 MB). The UI's work is short bursts (a window of rows), which
/// the baseline JIT runs as fast: opening the project, first rows and frame gaps stayed within
/// their budgets, and CPU per storyboard frame went down (BENCHMARKS.md, desktop).
/// `VIDEOGEN_JS_OPTIMIZING_JIT=1` (or setting `JSC_useDFGJIT` yourself) keeps them.
fn configure_webkit() {
    let set = |name: &str| std::env::var_os(name).is_some();
    if !cfg!(target_os = "linux") {
        return;
    }
    if !set("VIDEOGEN_GPU_COMPOSITING") && !set("WEBKIT_DISABLE_COMPOSITING_MODE") {
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
    // The web process inherits this environment; JavaScriptCore reads its options from it.
    if !set("VIDEOGEN_JS_OPTIMIZING_JIT") && !set("JSC_useDFGJIT") {
        std::env::set_var("JSC_useDFGJIT", "0");
    }
}

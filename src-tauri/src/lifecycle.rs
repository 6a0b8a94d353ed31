//! Showing, hiding and quitting: closing the window while jobs run hides it to the tray;
//! quitting first asks the UI to save its pending (debounced) edits.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;
use std::time::Duration;

use tauri::{AppHandle, Manager, State, WindowEvent};
use tauri_plugin_dialog::{DialogExt, MessageDialogButtons, MessageDialogKind};
use tauri_plugin_notification::NotificationExt;
use tauri_specta::Event;

use crate::events::FlushRequested;
use crate::Studio;

/// How long the UI gets to save its pending edits before the app quits anyway.
const FLUSH_GRACE: Duration = Duration::from_secs(2);

/// Quit state shared by the window, the tray and the `edits_flushed` command.
#[derive(Default)]
pub struct Lifecycle {
    quitting: AtomicBool,
    told_about_tray: AtomicBool,
    exit: OnceLock<Box<dyn Fn() + Send + Sync>>,
}

impl Lifecycle {
    /// Sets how the app exits (kept here so the `edits_flushed` command needs no app handle
    /// of a particular runtime).
    pub fn set_exit(&self, exit: impl Fn() + Send + Sync + 'static) {
        let _ = self.exit.set(Box::new(exit));
    }

    fn exit(&self) {
        if let Some(exit) = self.exit.get() {
            exit();
        }
    }
}

/// Whether jobs are queued or running (the reason to stay in the tray).
fn jobs_active(app: &AppHandle) -> bool {
    app.state::<Studio>()
        .job_counts()
        .map(|c| c.running + c.queued > 0)
        .unwrap_or(false)
}

/// Shows, unminimises and focuses the main window (tray item, second launch).
pub fn show_main_window(app: &AppHandle) {
    if let Some(window) = app.get_webview_window("main") {
        let results = [window.show(), window.unminimize(), window.set_focus()];
        for error in results.into_iter().filter_map(Result::err) {
            tracing::warn!(%error, "could not show the main window");
        }
    }
}

/// The main window's close button: hide to the tray while jobs run, else quit.
pub fn on_window_event(window: &tauri::Window, event: &WindowEvent) {
    let WindowEvent::CloseRequested { api, .. } = event else {
        return;
    };
    let app = window.app_handle();
    let state = app.state::<Lifecycle>();
    if state.quitting.load(Ordering::SeqCst) {
        return;
    }
    api.prevent_close();
    if jobs_active(app) {
        if let Err(error) = window.hide() {
            tracing::warn!(%error, "could not hide the window to the tray");
        }
        if !state.told_about_tray.swap(true, Ordering::SeqCst) {
            let shown = app
                .notification()
                .builder()
                .title("VideoGen Studio is still working")
                .body("Jobs keep running in the background. Use the tray icon to open the window or quit.")
                .show();
            if let Err(error) = shown {
                tracing::info!(%error, "no notification service; the window went to the tray");
            }
        }
    } else {
        begin_quit(app);
    }
}

/// Quit from the tray: asks first when jobs are running.
pub fn quit_from_tray(app: &AppHandle) {
    if !jobs_active(app) {
        begin_quit(app);
        return;
    }
    let handle = app.clone();
    app.dialog()
        .message(
            "Jobs are still running. They will continue the next time you open VideoGen Studio.",
        )
        .title("Quit VideoGen Studio?")
        .kind(MessageDialogKind::Warning)
        .buttons(MessageDialogButtons::OkCancelCustom(
            "Quit".into(),
            "Keep running".into(),
        ))
        .show(move |quit| {
            if quit {
                begin_quit(&handle);
            }
        });
}

/// Asks the UI to save pending edits; quits when it answers or after a short grace.
pub fn begin_quit(app: &AppHandle) {
    let state = app.state::<Lifecycle>();
    if state.quitting.swap(true, Ordering::SeqCst) {
        return;
    }
    if let Err(error) = FlushRequested.emit(app) {
        tracing::warn!(%error, "could not ask the window to save; quitting");
        app.exit(0);
        return;
    }
    let handle = app.clone();
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(FLUSH_GRACE).await;
        tracing::warn!("the window did not confirm its edits were saved; quitting anyway");
        handle.exit(0);
    });
}

/// The UI saved its pending edits: quit if a quit is under way.
#[tauri::command]
#[specta::specta]
pub async fn edits_flushed(
    lifecycle: State<'_, Lifecycle>,
) -> Result<(), videogen_model::AppError> {
    if lifecycle.quitting.load(Ordering::SeqCst) {
        lifecycle.exit();
    }
    Ok(())
}

//! The system-tray icon and its menu: job counts (a disabled first item and the tray title,
//! since tray tooltips do not exist on Linux), Show window, Pause/Resume queue, Quit.

use tauri::image::Image;
use tauri::menu::{Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::{TrayIcon, TrayIconBuilder};
use tauri::{AppHandle, Manager, Wry};
use videogen_model::JobCounts;

use crate::lifecycle;
use crate::Studio;

/// Menu item ids.
const SHOW: &str = "show";
const PAUSE: &str = "pause";
const QUIT: &str = "quit";

/// The counts line, e.g. "2 running · 14 queued", or "No jobs" when idle.
pub fn status_line(counts: &JobCounts, paused: bool) -> String {
    let mut line = if counts.running == 0 && counts.queued == 0 {
        "No jobs".to_owned()
    } else {
        format!("{} running · {} queued", counts.running, counts.queued)
    };
    if paused {
        line.push_str(" · paused");
    }
    line
}

/// The tray title: the counts while jobs are active, nothing when idle (a quiet panel).
pub fn title(counts: &JobCounts) -> Option<String> {
    (counts.running > 0 || counts.queued > 0)
        .then(|| format!("{} running · {} queued", counts.running, counts.queued))
}

/// The pause item's label for the queue's current state.
pub fn pause_label(paused: bool) -> &'static str {
    if paused {
        "Resume queue"
    } else {
        "Pause queue"
    }
}

/// The tray icon with handles on the menu items that change.
pub struct Tray {
    icon: TrayIcon<Wry>,
    status: MenuItem<Wry>,
    pause: MenuItem<Wry>,
}

impl Tray {
    /// Builds the tray icon and its menu with the current counts.
    pub fn build(app: &AppHandle, counts: &JobCounts, paused: bool) -> tauri::Result<Self> {
        let status = MenuItem::with_id(
            app,
            "status",
            status_line(counts, paused),
            false,
            None::<&str>,
        )?;
        let show = MenuItem::with_id(app, SHOW, "Show window", true, None::<&str>)?;
        let pause = MenuItem::with_id(app, PAUSE, pause_label(paused), true, None::<&str>)?;
        let quit = MenuItem::with_id(app, QUIT, "Quit VideoGen Studio", true, None::<&str>)?;
        let menu = Menu::with_items(
            app,
            &[
                &status,
                &PredefinedMenuItem::separator(app)?,
                &show,
                &pause,
                &PredefinedMenuItem::separator(app)?,
                &quit,
            ],
        )?;
        let icon = TrayIconBuilder::with_id("main")
            .icon(Image::from_bytes(include_bytes!("../../icons/tray.png"))?)
            .menu(&menu)
            .title(title(counts).unwrap_or_default())
            .on_menu_event(|app, event| on_menu(app, event.id().as_ref()))
            .build(app)?;
        Ok(Self {
            icon,
            status,
            pause,
        })
    }

    /// Shows new counts in the menu and the title.
    pub fn show_counts(&self, counts: &JobCounts, paused: bool) {
        let results = [
            self.status.set_text(status_line(counts, paused)),
            self.pause.set_text(pause_label(paused)),
            self.icon.set_title(title(counts)),
        ];
        for result in results {
            if let Err(error) = result {
                tracing::warn!(%error, "could not update the tray");
            }
        }
    }
}

fn on_menu(app: &AppHandle, id: &str) {
    match id {
        SHOW => lifecycle::show_main_window(app),
        PAUSE => toggle_pause(app),
        QUIT => lifecycle::quit_from_tray(app),
        _ => {}
    }
}

fn toggle_pause(app: &AppHandle) {
    let studio = app.state::<Studio>();
    let result = studio
        .queue_paused()
        .and_then(|paused| studio.set_queue_paused(!paused).map(|()| !paused));
    match result {
        // The store's JobCounts event updates the menu too; this answers the click at once.
        Ok(paused) => {
            if let Some(tray) = app.try_state::<Tray>() {
                let counts = studio.job_counts().unwrap_or_default();
                tray.show_counts(&counts, paused);
            }
        }
        Err(error) => tracing::error!(%error, "could not pause or resume the queue"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_menu_says_how_many_jobs_run_and_wait() {
        let counts = JobCounts {
            running: 2,
            queued: 14,
            ..JobCounts::default()
        };
        assert_eq!(status_line(&counts, false), "2 running · 14 queued");
        assert_eq!(status_line(&counts, true), "2 running · 14 queued · paused");
        assert_eq!(title(&counts).as_deref(), Some("2 running · 14 queued"));
    }

    #[test]
    fn an_idle_queue_shows_no_title_and_says_no_jobs() {
        let counts = JobCounts {
            succeeded: 40,
            ..JobCounts::default()
        };
        assert_eq!(status_line(&counts, false), "No jobs");
        assert_eq!(title(&counts), None);
    }

    #[test]
    fn the_pause_item_offers_the_opposite_of_the_current_state() {
        assert_eq!(pause_label(false), "Pause queue");
        assert_eq!(pause_label(true), "Resume queue");
    }
}

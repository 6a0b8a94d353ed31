//! Tests of the application surface, without a window, on a temp data directory.

mod attach;
mod backup_progress;
mod character_refs;
mod events;
mod export;
mod faults;
mod firstrun;
mod generate;
mod import;
mod job_watch;
mod location;
mod manage;
mod projects;
mod runner;
mod section_takes;
mod settings;
mod storyboard;
mod test_render;
mod topic;
mod voices;
mod waveform;

pub fn studio() -> (tempfile::TempDir, videogen_app::Studio) {
    let dir = tempfile::tempdir().expect("temp dir");
    let studio = videogen_app::Studio::open(dir.path().join("data")).expect("open studio");
    (dir, studio)
}

/// Media makers shared by the tests.
pub mod attach_fixtures {
    pub use crate::attach::wav;
}

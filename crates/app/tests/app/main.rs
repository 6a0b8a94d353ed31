//! Tests of the application surface, without a window, on a temp data directory.

mod attach;
mod events;
mod export;
mod faults;
mod generate;
mod import;
mod projects;
mod runner;
mod settings;

pub fn studio() -> (tempfile::TempDir, videogen_app::Studio) {
    let dir = tempfile::tempdir().expect("temp dir");
    let studio = videogen_app::Studio::open(dir.path().join("data")).expect("open studio");
    (dir, studio)
}

/// Media makers shared by the tests.
pub mod attach_fixtures {
    pub use crate::attach::wav;
}

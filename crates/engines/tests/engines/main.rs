//! The draft engines for real: installed from the Python registry into a shared folder
//! (`VIDEOGEN_ENGINES_DIR`, else `target/engines`), so only the first run of the suite
//! pays for the install. One binary with modules so the suite links once.

mod engines;
mod install;

use std::path::PathBuf;
use std::sync::Mutex;

use videogen_engines::{install, InstallProgress, InstallReport, InstallStep};

/// The engines folder shared by every test run.
pub fn engines_dir() -> PathBuf {
    let dir = std::env::var_os("VIDEOGEN_ENGINES_DIR")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/engines"));
    // Canonical, so that it reads the same as in the engines' command lines.
    std::fs::create_dir_all(&dir).expect("the engines folder can be created");
    dir.canonicalize().expect("the engines folder exists")
}

/// Records the steps of an install.
#[derive(Default)]
pub struct Recorder(pub Mutex<Vec<String>>);

impl InstallProgress for Recorder {
    fn step(&self, step: &InstallStep<'_>) -> bool {
        let line = match step {
            InstallStep::Package { name, .. } => format!("package {name}"),
            other => format!("{other:?}"),
        };
        self.0.lock().unwrap().push(line);
        true
    }
}

static INSTALL: Mutex<Option<(InstallReport, Vec<String>)>> = Mutex::new(None);

/// Installs the engines once per test binary (and once per folder: later runs find them
/// installed); returns the folder, the first install's report and its steps.
pub fn installed() -> (PathBuf, InstallReport, Vec<String>) {
    let dir = engines_dir();
    let mut guard = INSTALL.lock().unwrap_or_else(|p| p.into_inner());
    let (report, steps) = guard.get_or_insert_with(|| {
        let recorder = Recorder::default();
        let report = install(&dir, &recorder)
            .unwrap_or_else(|e| panic!("installing the engines into {}: {e}", dir.display()));
        (report, recorder.0.into_inner().unwrap())
    });
    (dir, report.clone(), steps.clone())
}

use std::time::Instant;

use videogen_engines::{install, locked_packages, status, InstallState, NoProgress};

use crate::installed;

#[test]
fn the_engines_install_from_the_registry_and_a_second_run_does_nothing() {
    let (dir, first, steps) = installed();
    if !first.already_installed {
        // A real install: every locked package was reported as pip collected it.
        let packages = steps.iter().filter(|s| s.starts_with("package ")).count();
        assert_eq!(packages, locked_packages().len(), "{steps:?}");
        assert!(steps.iter().any(|s| s == "package piper-tts"), "{steps:?}");
        assert_eq!(steps.last().map(String::as_str), Some("Verifying"));
    }
    let s = status(&dir);
    assert_eq!(s.state, InstallState::Installed);
    assert!(s.python.unwrap().starts_with("3.11."));
    assert!(!dir.join("venv.partial").exists());

    let started = Instant::now();
    let again = install(&dir, &NoProgress).unwrap();
    assert!(again.already_installed);
    assert_eq!(again.packages, 0);
    assert!(
        started.elapsed().as_millis() < 500,
        "{:?}",
        started.elapsed()
    );
}

//! A real panic in the `videogen` process leaves a crash report in `<data dir>/logs`, and
//! the next start says where it is, once.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use videogen_app::crash::{TEST_PANIC_AT_START, TEST_PANIC_ENV};

fn videogen(data: &Path, panic: bool) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_videogen"));
    command.arg("--data-dir").arg(data).arg("list");
    if panic {
        command.env(TEST_PANIC_ENV, TEST_PANIC_AT_START);
    } else {
        command.env_remove(TEST_PANIC_ENV);
    }
    command.output().expect("run videogen")
}

fn reports(logs: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(logs)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| {
                    p.file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with("crash-"))
                        && p.extension().is_some_and(|e| e == "txt")
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn a_panic_writes_a_report_that_the_next_start_names_once() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("data");
    let logs = data.join("logs");

    let crashed = videogen(&data, true);
    assert!(!crashed.status.success(), "the panic ends the process");
    let found = reports(&logs);
    assert_eq!(found.len(), 1, "one report in {}", logs.display());
    let report = std::fs::read_to_string(&found[0]).expect("read the report");
    assert!(report.contains("message: crash test:"), "{report}");
    assert!(report.contains("backtrace:"), "{report}");
    assert!(
        report.contains("location: crates/app/src/crash.rs"),
        "{report}"
    );
    let stderr = String::from_utf8_lossy(&crashed.stderr);
    assert!(
        stderr.contains(&found[0].display().to_string()),
        "the crash itself says where the report is: {stderr}"
    );

    let next = videogen(&data, false);
    assert!(next.status.success());
    let stderr = String::from_utf8_lossy(&next.stderr);
    assert!(
        stderr.contains("crashed earlier") && stderr.contains(&found[0].display().to_string()),
        "the next start names the report: {stderr}"
    );

    let after = videogen(&data, false);
    assert!(
        !String::from_utf8_lossy(&after.stderr).contains("crashed earlier"),
        "a report is named once"
    );
}

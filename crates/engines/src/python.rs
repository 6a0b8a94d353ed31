//! Finding a Python the locked requirements fit: CPython 3.11 on x86_64 Linux.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::EngineError;

/// An interpreter that passed the checks.
#[derive(Clone, Debug)]
pub(crate) struct Python {
    pub path: PathBuf,
    /// `3.11.2`.
    pub version: String,
}

/// Prints what the lock depends on: implementation, version, machine, OS.
const PROBE: &str = "import platform, sys; print(sys.implementation.name, platform.python_version(), platform.machine(), sys.platform)";

/// The venv module and pip's bootstrap; Debian splits them into python3-venv.
const VENV_PROBE: &str = "import venv, ensurepip";

/// The first of `python3.11`, `python3` on the PATH that is CPython 3.11 on x86_64 Linux
/// with a working venv module.
pub(crate) fn find() -> Result<Python, EngineError> {
    let mut seen = Vec::new();
    for name in ["python3.11", "python3"] {
        let Some(path) = on_path(name) else { continue };
        let out = match Command::new(&path).args(["-c", PROBE]).output() {
            Ok(out) if out.status.success() => out,
            // A pyenv shim for a version that is not selected fails here: try the next.
            _ => continue,
        };
        let line = String::from_utf8_lossy(&out.stdout).trim().to_string();
        let fields: Vec<&str> = line.split_whitespace().collect();
        let [implementation, version, machine, os] = fields[..] else {
            continue;
        };
        if implementation == "cpython"
            && version.starts_with("3.11.")
            && machine == "x86_64"
            && os == "linux"
        {
            check_venv(&path)?;
            return Ok(Python {
                path,
                version: version.to_string(),
            });
        }
        seen.push(format!(
            "{implementation} {version} on {machine} {os} ({})",
            path.display()
        ));
    }
    if seen.is_empty() {
        return Err(EngineError::PythonMissing {
            detail: "neither python3.11 nor python3 is on the PATH".into(),
        });
    }
    Err(EngineError::UnsupportedPlatform {
        found: seen.join("; "),
    })
}

fn check_venv(python: &Path) -> Result<(), EngineError> {
    let out = Command::new(python)
        .args(["-c", VENV_PROBE])
        .output()
        .map_err(|e| EngineError::VenvMissing {
            python: python.display().to_string(),
            detail: e.to_string(),
        })?;
    if out.status.success() {
        return Ok(());
    }
    Err(EngineError::VenvMissing {
        python: python.display().to_string(),
        detail: last_line(&String::from_utf8_lossy(&out.stderr)),
    })
}

fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

/// The last non-empty line of a tool's output: usually the error itself.
pub(crate) fn last_line(text: &str) -> String {
    text.lines()
        .rev()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("no output")
        .to_string()
}

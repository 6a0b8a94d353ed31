//! Shapes for the window of reports whose crates (`providers`, `engines`) do not derive
//! `specta::Type`. Each is filled from its source with an exhaustive conversion, so a field
//! or variant added there fails to compile here instead of silently not reaching the UI.
//! When those crates derive the type, the view goes.

use serde::{Deserialize, Serialize};
use tauri::ipc::Channel;
use videogen_app::engines::{
    EngineStatus, InstallProgress, InstallReport, InstallState, InstallStep,
};
use videogen_app::DoctorReport;

/// The doctor's findings.
#[derive(Clone, Debug, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DoctorView {
    /// Everything is configured, reachable and complete.
    pub ok: bool,
    /// Each configured service.
    pub services: Vec<ServiceView>,
    /// Each active workflow on each reachable ComfyUI server.
    pub workflows: Vec<WorkflowView>,
    /// Services not configured at all ("TTS").
    pub not_configured: Vec<String>,
    /// Findings that are no one service's, each a sentence saying what to do.
    pub notes: Vec<String>,
}

/// One service's health.
#[derive(Clone, Debug, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ServiceView {
    /// "ComfyUI", "TTS", "Whisper" or "LLM".
    pub service: String,
    /// The address checked.
    pub url: String,
    /// It answers and is ready.
    pub ok: bool,
    /// Its version or model, when it says.
    pub version: Option<String>,
    /// Why it is not ready (empty when ok).
    pub message: String,
    /// Voices offered (TTS only).
    pub voices: Vec<String>,
}

/// What one ComfyUI server lacks for one workflow.
#[derive(Clone, Debug, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct WorkflowView {
    /// The template, e.g. `image/flux-2`.
    pub template: String,
    /// The server.
    pub server: String,
    /// Node classes the server lacks.
    pub missing_nodes: Vec<String>,
    /// Model files the server lacks, e.g. `flux2_dev_fp8mixed.safetensors`.
    pub missing_models: Vec<String>,
    /// The template could not be loaded or checked.
    pub error: Option<String>,
}

impl From<DoctorReport> for DoctorView {
    fn from(r: DoctorReport) -> Self {
        DoctorView {
            ok: r.ok,
            services: r
                .services
                .into_iter()
                .map(|s| ServiceView {
                    service: s.service,
                    url: s.url,
                    ok: s.health.ok,
                    version: s.health.version,
                    message: s.health.message,
                    voices: s.voices,
                })
                .collect(),
            workflows: r
                .workflows
                .into_iter()
                .map(|w| WorkflowView {
                    template: w.template,
                    server: w.server,
                    missing_nodes: w.missing_nodes.into_iter().map(|n| n.class_type).collect(),
                    missing_models: w.missing_models.into_iter().map(|m| m.file).collect(),
                    error: w.error,
                })
                .collect(),
            not_configured: r.not_configured,
            notes: r.notes,
        }
    }
}

/// Whether the draft engines are ready to run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum EnginesState {
    /// Complete and verified against the current lock.
    Installed,
    /// Nothing there.
    NotInstalled,
    /// Installed from another lock: installing replaces it.
    Outdated,
    /// Only an interrupted install is there: installing starts again.
    Interrupted,
}

/// The draft engines' status.
#[derive(Clone, Debug, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct EnginesView {
    /// The engines folder.
    pub dir: String,
    /// Installed or not, and why not.
    pub state: EnginesState,
    /// Python version of the installed venv.
    pub python: Option<String>,
    /// Packages in the lock.
    pub packages: u32,
    /// When the install finished, ms since the Unix epoch.
    pub installed_at: Option<i64>,
}

impl From<EngineStatus> for EnginesView {
    fn from(s: EngineStatus) -> Self {
        EnginesView {
            dir: s.dir.display().to_string(),
            state: match s.state {
                InstallState::Installed => EnginesState::Installed,
                InstallState::NotInstalled => EnginesState::NotInstalled,
                InstallState::Outdated => EnginesState::Outdated,
                InstallState::Interrupted => EnginesState::Interrupted,
            },
            python: s.python,
            packages: u32::try_from(s.packages).unwrap_or(u32::MAX),
            installed_at: s
                .installed_at
                .and_then(|secs| i64::try_from(secs.saturating_mul(1000)).ok()),
        }
    }
}

/// What an install did.
#[derive(Clone, Debug, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct InstallDone {
    /// Nothing to do: the same lock was already installed.
    pub already_installed: bool,
    /// Packages installed (0 when already installed).
    pub packages: u32,
    /// Python version of the venv.
    pub python: String,
    /// Wall time, seconds.
    pub seconds: f64,
}

impl From<InstallReport> for InstallDone {
    fn from(r: InstallReport) -> Self {
        InstallDone {
            already_installed: r.already_installed,
            packages: u32::try_from(r.packages).unwrap_or(u32::MAX),
            python: r.python,
            seconds: r.seconds,
        }
    }
}

/// One step of an install, as the progress channel carries it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "step", rename_all = "camelCase")]
pub enum InstallUpdate {
    /// Looking for CPython 3.11.
    FindingPython,
    /// Creating the venv with this interpreter (its version, e.g. `3.11.2`).
    CreatingVenv { python: String },
    /// pip is fetching and checking package `index` (1-based) of `total`.
    Package {
        index: u32,
        total: u32,
        name: String,
        version: String,
    },
    /// Every package is fetched; pip is unpacking them.
    Unpacking,
    /// Importing the engines and finding their models.
    Verifying,
}

impl From<&InstallStep<'_>> for InstallUpdate {
    fn from(step: &InstallStep<'_>) -> Self {
        let n = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
        match step {
            InstallStep::FindingPython => InstallUpdate::FindingPython,
            InstallStep::CreatingVenv { python } => InstallUpdate::CreatingVenv {
                python: (*python).to_owned(),
            },
            InstallStep::Package {
                index,
                total,
                name,
                version,
            } => InstallUpdate::Package {
                index: n(*index),
                total: n(*total),
                name: (*name).to_owned(),
                version: (*version).to_owned(),
            },
            InstallStep::Unpacking => InstallUpdate::Unpacking,
            InstallStep::Verifying => InstallUpdate::Verifying,
        }
    }
}

/// Install progress sent to the window; a window that stopped listening cancels the
/// install (the partial venv is never used).
pub struct ChannelProgress(pub Channel<InstallUpdate>);

impl InstallProgress for ChannelProgress {
    fn step(&self, step: &InstallStep<'_>) -> bool {
        self.0.send(InstallUpdate::from(step)).is_ok()
    }
}

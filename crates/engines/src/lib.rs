//! The offline draft engines of VideoGen Studio (DESIGN.md, "Draft engines (offline) and
//! the rough cut"): a Python venv with Piper (the draft voice) and faster-whisper (the
//! draft timings), installed from a hash-locked requirements file, and a [`Supervisor`]
//! that runs them as local HTTP services. The rest of the studio talks to them over HTTP
//! like any other service (protocols/piper.md, protocols/whisper.md).
//!
//! The engines folder is chosen by the caller (the app: `VIDEOGEN_ENGINES_DIR`, else
//! `<data dir>/engines`); nothing here reads the environment.

mod error;
mod install;
mod python;
mod supervisor;

pub use error::EngineError;
pub use install::{
    install, lock_hash, locked_packages, remove, status, EngineStatus, InstallProgress,
    InstallReport, InstallState, InstallStep, NoProgress, REQUIREMENTS_LOCK,
};
pub use supervisor::{Engine, EngineEvent, Supervisor};

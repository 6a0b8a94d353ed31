//! The application surface of VideoGen Studio.
//!
//! [`Studio::open`] opens a data directory; every operation the desktop shell and the CLI
//! offer is a method of [`Studio`], tested here without a window. Methods are synchronous
//! (SQLite answers in milliseconds) and return [`AppError`]s the UI can switch on.

mod attach;
mod catalog;
mod character_refs;
mod characters;
pub mod crash;
pub mod demo;
mod desktop;
pub mod engines;
mod events;
mod export;
mod export_estimate;
mod firstrun;
mod generation;
mod import;
mod job_watch;
mod jobs;
pub mod keep_awake;
mod layout;
mod location;
mod manage;
mod projects;
mod retry;
pub mod roughcut;
mod script;
mod services;
mod settings;
mod storyboard;
mod takes;
mod test_render;
pub mod testing;
mod topic;
mod voices;
mod waveform;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use tokio::sync::broadcast;
use videogen_model::{AppError, DomainEvent, ErrorCode};
use videogen_store::Store;

pub use desktop::open_folder_with;
pub use export_estimate::{export_choices, ExportChoices, ExportEstimate, ExportFormatChoice};
pub use firstrun::FirstRun;
pub use generation::{Generated, KindEstimate, PlanPreview, Stage};
pub use job_watch::{BatchNotifier, BatchSummary, BatchTracker, KEEP_AWAKE_KEY, NOTIFY_KEY};
pub use jobs::WorkerSummary;
pub use layout::DataLayout;
pub use location::{DataDirStatus, DataLocation};
pub use manage::{
    BackupReport, DiskUse, FileProgress, FileProgressSink, FileTask, NoFileProgress, PruneReport,
    TrashedProject, BACKUP_FORMAT_VERSION,
};
pub use settings::{ServiceSettings, SettingSource, SettingValue};
pub use storyboard::{PieceState, SceneRow, Storyboard, StoryboardSection};
pub use takes::{SectionTakeView, TakeView};
pub use test_render::{
    style_params as test_render_params, TestRender, TestRenderRequest, DEFAULT_SUBJECT,
};
pub use topic::{ScriptWriter, TopicProject};
pub use videogen_export::{ExportProgress, ExportReport};
pub use videogen_jobs::CancellationToken;
pub use videogen_model::{FrameRate, FrameSize};
pub use videogen_pipeline::export::ExportRequest;
pub use videogen_pipeline::Scope;
pub use videogen_providers::{DoctorReport, ServiceEndpoints};
pub use videogen_text::{parse_script, ParsedScript, ParsedSection};
pub use voices::{VoiceOption, VoicePreview, PREVIEW_MAX_CHARS};
pub use waveform::{peaks_of_files, NarrationSource, Peaks, SectionWaveform, SentenceSpan};

/// How many events a slow listener may fall behind before it misses some.
const EVENT_BUFFER: usize = 1024;

/// An open data directory: the database, the files, the job runner's handle, the events.
#[derive(Clone)]
pub struct Studio {
    inner: Arc<Inner>,
}

struct Inner {
    layout: DataLayout,
    store: Store,
    events: broadcast::Sender<DomainEvent>,
    jobs: jobs::JobsState,
    /// Starts the offline engines on demand and stops them when this process stops.
    supervisor: Arc<videogen_engines::Supervisor>,
    /// Backups and restores under way, by the id their caller gave (for cancel).
    file_tasks: Arc<manage::FileTasks>,
}

impl Studio {
    /// Opens (creating if needed) the data directory: its folders, `studio.db` with pending
    /// migrations applied, and the default catalog on first open.
    pub fn open(data_dir: impl AsRef<Path>) -> Result<Studio, AppError> {
        let layout = DataLayout::new(data_dir.as_ref());
        layout.create_dirs()?;
        let store = Store::open(layout.database())?;
        let (events, _) = broadcast::channel(EVENT_BUFFER);
        events::forward_store_changes(&store, events.clone());
        let jobs = jobs::JobsState::new(&store, events.clone());
        let supervisor = Arc::new(videogen_engines::Supervisor::new(engines::engines_dir(
            layout.root(),
        )));
        Ok(Studio {
            inner: Arc::new(Inner {
                layout,
                store,
                events,
                jobs,
                supervisor,
                file_tasks: Arc::default(),
            }),
        })
    }

    /// The data directory to use: `VIDEOGEN_DATA_DIR`, else the one remembered in the
    /// user's config folder (where a move asked for in Settings is carried out first, see
    /// [`DataLocation`]), else the platform data dir + `videogen-studio`
    /// (`~/.local/share/videogen-studio` on Linux).
    pub fn default_data_dir() -> PathBuf {
        if let Some(dir) = std::env::var_os("VIDEOGEN_DATA_DIR").filter(|d| !d.is_empty()) {
            return PathBuf::from(dir);
        }
        let platform = directories::BaseDirs::new()
            .map(|d| d.data_dir().join("videogen-studio"))
            .unwrap_or_else(|| PathBuf::from(".videogen-studio"));
        match DataLocation::user() {
            Some(location) => location.resolve(platform),
            None => platform,
        }
    }

    /// The data directory.
    pub fn data_dir(&self) -> &Path {
        self.inner.layout.root()
    }

    /// Where things live in the data directory.
    pub fn layout(&self) -> &DataLayout {
        &self.inner.layout
    }

    /// Events after each commit (ours, and, once [`Studio::watch_other_processes`] runs,
    /// those of other processes), and job events.
    pub fn subscribe(&self) -> broadcast::Receiver<DomainEvent> {
        self.inner.events.subscribe()
    }

    pub(crate) fn store(&self) -> &Store {
        &self.inner.store
    }

    pub(crate) fn events(&self) -> &broadcast::Sender<DomainEvent> {
        &self.inner.events
    }

    /// This process's supervisor of the offline engines.
    pub fn supervisor(&self) -> &Arc<videogen_engines::Supervisor> {
        &self.inner.supervisor
    }

    pub(crate) fn jobs_state(&self) -> &jobs::JobsState {
        &self.inner.jobs
    }

    pub(crate) fn file_tasks(&self) -> &Arc<manage::FileTasks> {
        &self.inner.file_tasks
    }
}

/// Shorthand for an I/O failure with what we were doing.
pub(crate) fn io_error(context: impl std::fmt::Display, err: std::io::Error) -> AppError {
    let code = if err.kind() == std::io::ErrorKind::StorageFull {
        ErrorCode::DiskFull
    } else {
        ErrorCode::Io
    };
    AppError::new(code, format!("{context}: {err}"))
}

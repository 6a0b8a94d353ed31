//! Export for editors: numbered media, script, metadata, timelines, captions, ZIP.
//!
//! [`export_project`] turns a [`videogen_model::ProjectTree`] (media paths relative to the
//! data dir) into a folder that opens as a ready edit: every clip placed at its
//! sentence's narration in FCPXML 1.10, FCP7 XML, CMX 3600 EDL, OpenTimelineIO and MLT,
//! with SRT/WebVTT captions, `script.txt` and `metadata.json` (schema: `METADATA.md`).
//! [`media`] holds the probes used to validate a user's own files.

pub mod captions;
pub mod docs;
mod error;
mod export;
pub mod media;
pub mod naming;
pub mod plan;
pub mod roughcut;
pub mod timeline;
pub mod timing;
mod zip;

pub use error::ExportError;
pub use export::{
    export_project, text_files, text_files_for, warm_conform_cache, zip_folder, zip_path,
    ExportProgress, ExportReport, NoProgress,
};
pub use media::MediaError;
pub use plan::{build_plan, ExportOptions, ExportPlan, ExportWarning, WarningKind};
pub use roughcut::{render_roughcut, RoughcutOptions, RoughcutReport};
pub use timing::FrameRate;

//! Domain types of VideoGen Studio: ids, projects and their script, the catalog of models
//! and styles, characters, jobs, the error codes the UI switches on, and domain events.
//!
//! This crate does no I/O and depends on nothing of ours; every other crate speaks its types.

pub mod cast;
pub mod catalog;
pub mod character;
pub mod error;
pub mod event;
pub mod export;
pub mod ids;
pub mod job;
pub mod media;
pub mod patch;
pub mod project;
pub mod script;

pub use catalog::*;
pub use character::*;
pub use error::*;
pub use event::*;
pub use export::*;
pub use ids::*;
pub use job::*;
pub use media::*;
pub use project::*;
pub use script::*;

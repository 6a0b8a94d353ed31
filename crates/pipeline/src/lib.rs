//! The generation pipeline of VideoGen Studio: the planner, `generate`, and one job handler
//! per kind. Each handler reads its inputs from the store, does its work through an engine
//! crate (providers, render, export), records the result through the store's revision
//! check, and queues what became ready; it reports progress and notices cancellation
//! through its [`videogen_jobs::JobContext`].

pub mod align;
pub mod budget;
mod context;
pub mod export;
pub mod files;
pub mod generate;
mod llm;
pub mod narration;
mod offline;
pub mod plan;
pub mod plan_preview;
pub mod prompts;
mod registry;
pub mod render_jobs;
pub mod roughcut;
pub mod script;
mod section_split;
pub mod services;
mod thumbs;

pub use context::{Pipeline, ProjectRows};
pub use generate::{generate, settle, Generated};
pub use plan::{Scope, Stage};
pub use registry::{register, resource_limits};
pub use services::{DraftEngines, LlmPrices, Services};

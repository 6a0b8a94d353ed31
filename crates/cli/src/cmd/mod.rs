//! One module per group of subcommands.

pub mod config;
pub mod jobs;
pub mod projects;

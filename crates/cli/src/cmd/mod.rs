//! One module per group of subcommands.

pub mod config;
pub mod demo;
pub mod engines;
pub mod export;
pub mod generate;
pub mod jobs;
pub mod manage;
pub mod media;
pub mod projects;
pub mod render;
pub mod services;

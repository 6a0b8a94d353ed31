//! Repositories: plain functions over a connection, one module per table family, with
//! their SQL next to them. Reads take a `&Connection`; writes take a [`crate::WriteTx`] so
//! that they run in the writer's transaction and record what they changed.

pub mod catalog;
pub mod characters;
pub mod copy;
pub mod outlines;
pub mod projects;
pub mod resolve;
pub mod sections;
pub mod sentences;
pub mod settings;
pub mod takes;

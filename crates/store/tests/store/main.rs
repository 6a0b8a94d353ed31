//! Integration tests of the store: one binary, modules by subject.

mod bad_input;
mod clip_source;
mod dirty_rules;
mod fixture;
mod migrations;
mod repos;

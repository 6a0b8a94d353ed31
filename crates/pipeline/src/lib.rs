//! Job handlers: one module per job kind. Each handler reads its inputs from the store,
//! does its work through an engine crate (providers, export) and records the result; it
//! reports progress and notices cancellation through its [`videogen_jobs::JobContext`].

pub mod export;

//! The runner's semantics (DESIGN.md, Jobs), one module per family, one binary.

mod support;

mod cancel;
mod concurrency;
mod queue;
mod recovery;
mod retries;
mod steps;

//! The SQLite store of VideoGen Studio.
//!
//! One [`Store`] owns the database file: a single writer connection (every write in
//! `BEGIN IMMEDIATE`) and a few reader connections, with the pragmas of DESIGN.md read back
//! and asserted on each. Repositories are plain functions over a connection, one module per
//! table family, with their SQL next to them. Every write also appends to the `changes`
//! table in the same transaction, so another process (the app) can follow what the CLI did.

mod db;
pub mod dirty;
mod error;
mod migrate;
pub mod repo;
mod row;
pub mod seed;
pub mod validate;

pub use db::{Store, WriteTx};
pub use error::StoreError;
pub use migrate::{LATEST_VERSION, MIGRATIONS};
/// The connection a [`Store::read`] closure gets, so that helpers called inside one read can
/// name it without depending on rusqlite.
pub use rusqlite::Connection;

/// Milliseconds since the Unix epoch, the unit of every stored time.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// A new id: UUID v7 (time-ordered), lower-case hyphenated. The bits after the timestamp
/// are random rather than a counter, so ids made in the same millisecond differ early and
/// the CLI's short prefixes stay short.
pub fn new_id() -> String {
    let now = uuid::Timestamp::now(uuid::NoContext);
    uuid::Uuid::new_v7(now).to_string()
}

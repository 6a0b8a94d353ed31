//! The durable job runner of VideoGen Studio: a tokio runner whose state lives in SQLite.

//! The application surface of VideoGen Studio: every operation the shells call.

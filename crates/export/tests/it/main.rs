//! Integration tests of videogen-export (one binary; modules by area).

mod captions;
mod export;
mod media;
mod naming;
mod roughcut;
mod support;
mod timelines;
mod timing;

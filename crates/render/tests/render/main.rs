//! Integration tests of videogen-render through its public API, with the real ffmpeg.
//! One binary (modules below) so the suite links once.

mod ken_burns;
mod support;

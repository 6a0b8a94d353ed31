//! Offline pictures for a machine with no GPU and no ComfyUI: the "Title card" image model
//! and the "Ken Burns" video model (DESIGN.md, "Draft engines (offline) and the rough cut").
//!
//! - [`render_title_card`] sets a sentence (and a section's title) on a style's colours as a
//!   PNG, laid out with cosmic-text in the bundled Noto Sans (OFL, `fonts/`), never a system
//!   font. The legibility rules it keeps are in [`title_card`]'s module doc.
//! - [`render_ken_burns`] moves a camera over a still picture and encodes the clip with
//!   ffmpeg: every [`videogen_model::CameraMovement`] preset, sub-pixel smooth, exactly
//!   [`videogen_model::FrameRate::frames_covering_ms`] frames long.
//!
//! Both write their output atomically: a hidden temporary name in the same folder, renamed
//! into place only when complete, so a crash or a cancel never leaves a half file under the
//! final name.

mod atomic;
pub mod colour;
mod error;
mod fonts;
pub mod ken_burns;
pub mod title_card;

pub use error::RenderError;
pub use ken_burns::{render_ken_burns, KenBurnsClip};
pub use title_card::{layout_title_card, render_title_card, TitleCard, TitleCardLayout};

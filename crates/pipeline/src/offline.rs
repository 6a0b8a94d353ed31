//! The offline renderers behind the "Title card" and "Ken Burns" models (DESIGN.md, Draft
//! engines): run on the blocking pool, since they are CPU work.

use std::path::{Path, PathBuf};

use videogen_jobs::{HandlerError, JobContext};
use videogen_model::{AppError, Sentence};
use videogen_render::TitleCard;
use videogen_store::repo::sections;

use crate::context::ProjectRows;
use crate::Pipeline;

/// A title card for the sentence: its text, under the section's title when it opens the
/// section, in the style's colours.
pub async fn title_card(
    p: &Pipeline,
    rows: &ProjectRows,
    s: &Sentence,
    out: &Path,
) -> Result<(), HandlerError> {
    let heading = if s.order == 0 {
        let section = p.store().read(|c| sections::get(c, &s.section_id))?;
        Some(section.title).filter(|t| !t.trim().is_empty())
    } else {
        None
    };
    let card = TitleCard {
        heading,
        text: s.text.clone(),
        colours: rows
            .style
            .as_ref()
            .map(|st| st.colours.clone())
            .unwrap_or_default(),
    };
    let size = rows.project.frame_size();
    let out: PathBuf = out.to_path_buf();
    tokio::task::spawn_blocking(move || videogen_render::render_title_card(&card, size, &out))
        .await
        .map_err(|e| HandlerError::retry(format!("the title card stopped: {e}")))?
        .map_err(|e| HandlerError::from(AppError::from(e)))
}

/// A Ken Burns clip over the sentence's image, exactly its narration's length at the
/// project's rate, following its camera movement and motion strength.
pub async fn ken_burns(
    _p: &Pipeline,
    rows: &ProjectRows,
    s: &Sentence,
    image: &Path,
    narration_ms: i64,
    out: &Path,
    ctx: &JobContext,
) -> Result<(), HandlerError> {
    let (image, out) = (image.to_path_buf(), out.to_path_buf());
    let (camera, strength) = (s.camera_movement, s.motion_strength);
    let (rate, size) = (rows.project.frame_rate(), rows.project.frame_size());
    let token = ctx.cancellation().clone();
    let result = tokio::task::spawn_blocking(move || {
        let cancelled = move || token.is_cancelled();
        videogen_render::render_ken_burns(
            &image,
            camera,
            strength,
            narration_ms,
            rate,
            size,
            &out,
            &cancelled,
        )
    })
    .await
    .map_err(|e| HandlerError::retry(format!("the Ken Burns clip stopped: {e}")))?;
    if ctx.is_cancelled() {
        return Err(HandlerError::cancelled());
    }
    result
        .map(|_| ())
        .map_err(|e| HandlerError::from(AppError::from(e)))
}

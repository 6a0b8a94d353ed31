//! `videogen attach`: bring your own narration, image or clip for a sentence.

use std::path::PathBuf;

use clap::Args;
use videogen_app::Studio;
use videogen_model::{AppError, AssetKind};

use crate::output;

/// Arguments of `videogen attach`.
#[derive(Args)]
pub struct AttachArgs {
    /// Sentence id or id prefix (as `show` prints it).
    sentence: String,
    /// A PCM .wav narration.
    #[arg(long)]
    audio: Option<PathBuf>,
    /// A .png or .jpg image (makes the clip dirty).
    #[arg(long)]
    image: Option<PathBuf>,
    /// An .mp4 clip.
    #[arg(long)]
    video: Option<PathBuf>,
}

/// `videogen attach`.
pub fn attach(studio: &Studio, args: AttachArgs) -> Result<(), AppError> {
    let id = studio.resolve_sentence(&args.sentence)?;
    let files = [
        (AssetKind::Audio, args.audio),
        (AssetKind::Image, args.image),
        (AssetKind::Video, args.video),
    ];
    if files.iter().all(|(_, f)| f.is_none()) {
        return Err(AppError::invalid(
            "Nothing to attach: give --audio FILE.wav, --image FILE.png or --video FILE.mp4.",
        ));
    }
    // Check every file first, so a bad one attaches nothing.
    for (kind, file) in &files {
        if let Some(file) = file {
            studio.check_media(*kind, file)?;
        }
    }
    for (kind, file) in files {
        let Some(file) = file else { continue };
        let s = studio.attach_media(&id, kind, &file)?;
        let stored = match kind {
            AssetKind::Audio => &s.audio,
            AssetKind::Image => &s.image,
            AssetKind::Video => &s.video,
        };
        println!(
            "Attached {} as the {} of {}: {}  [{}]",
            file.display(),
            kind.as_str(),
            s.id,
            stored.file.as_deref().unwrap_or("?"),
            output::dirty_flags(&s)
        );
    }
    Ok(())
}

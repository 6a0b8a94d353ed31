//! Where generated files go: `projects/{project}/{kind}/{sentence}_r{rev}.{ext}`, a new file
//! per revision so a late result never overwrites a newer one and the window never shows a
//! stale cached image (DESIGN.md, Data). Paths are relative to the data dir.

use std::path::{Path, PathBuf};

use videogen_model::{ProjectId, SectionId, SentenceId};

/// A sentence's narration of revision `rev`.
pub fn audio(project: &ProjectId, sentence: &SentenceId, rev: i64) -> String {
    format!("projects/{project}/audio/{sentence}_r{rev}.wav")
}

/// A section's one-take narration of revision `rev`.
pub fn section_audio(project: &ProjectId, section: &SectionId, rev: i64) -> String {
    format!("projects/{project}/sections/{section}_r{rev}.wav")
}

/// A sentence's image of revision `rev` (`ext` from what the renderer made).
pub fn image(project: &ProjectId, sentence: &SentenceId, rev: i64, ext: &str) -> String {
    format!("projects/{project}/images/{sentence}_r{rev}.{ext}")
}

/// The image's 320-pixel-wide thumbnail, beside it (lists never decode a full image).
pub fn thumbnail(project: &ProjectId, sentence: &SentenceId, rev: i64) -> String {
    format!("projects/{project}/thumbs/{sentence}_r{rev}.webp")
}

/// A sentence's clip of revision `rev`.
pub fn video(project: &ProjectId, sentence: &SentenceId, rev: i64) -> String {
    format!("projects/{project}/videos/{sentence}_r{rev}.mp4")
}

/// `rel` under the data dir, with its folder created.
pub fn prepare(data_dir: &Path, rel: &str) -> std::io::Result<PathBuf> {
    let path = data_dir.join(rel);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    Ok(path)
}

/// A temporary name beside `path`, for writing then renaming into place.
pub fn temp_beside(path: &Path) -> PathBuf {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    path.with_file_name(format!(".{name}.{}.part", std::process::id()))
}

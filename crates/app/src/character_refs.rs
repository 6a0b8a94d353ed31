//! A character's reference images: copied into the data dir
//! (`characters/{characterId}/ref_{n}.<ext>`, DESIGN.md, Data) so that a project keeps
//! working when the picked file is moved or deleted, and the window may show them.

use std::path::Path;

use videogen_model::{AppError, Character, CharacterId, CharacterPatch, ErrorCode};
use videogen_store::repo::characters;

use crate::{io_error, Studio};

/// Image types a reference may be, by extension, with their first bytes.
const KINDS: &[(&str, &[u8])] = &[
    ("png", b"\x89PNG\r\n\x1a\n"),
    ("jpg", b"\xff\xd8\xff"),
    ("jpeg", b"\xff\xd8\xff"),
    ("webp", b"RIFF"),
];

impl Studio {
    /// Copies `source` into the character's folder and adds it to its reference images
    /// (which makes the images of every project that casts it stale).
    pub fn add_character_reference(
        &self,
        id: &CharacterId,
        source: &Path,
    ) -> Result<Character, AppError> {
        let character = self.store().read(|c| characters::get(c, id))?;
        let ext = checked_image(source)?;
        let folder = Path::new("characters").join(id.as_str());
        let dir = self.data_dir().join(&folder);
        std::fs::create_dir_all(&dir)
            .map_err(|e| io_error(format_args!("Cannot create {}", dir.display()), e))?;
        let n = next_number(&character.reference_images, &dir);
        let name = format!("ref_{n}.{ext}");
        let target = dir.join(&name);
        let tmp = dir.join(format!(".{name}.part"));
        std::fs::copy(source, &tmp)
            .and_then(|_| std::fs::rename(&tmp, &target))
            .map_err(|e| {
                let _ = std::fs::remove_file(&tmp);
                io_error(
                    format_args!("Cannot copy {} into the data folder", source.display()),
                    e,
                )
            })?;
        let rel = format!("characters/{}/{name}", id.as_str());
        let mut refs = character.reference_images;
        refs.push(rel);
        let patch = CharacterPatch {
            reference_images: Some(refs),
            ..CharacterPatch::default()
        };
        self.update_character(id, patch).inspect_err(|_| {
            let _ = std::fs::remove_file(&target);
        })
    }

    /// Takes `file` (as listed in the character's reference images) off the list and
    /// deletes the copy in the data dir.
    pub fn remove_character_reference(
        &self,
        id: &CharacterId,
        file: &str,
    ) -> Result<Character, AppError> {
        let character = self.store().read(|c| characters::get(c, id))?;
        if !character.reference_images.iter().any(|r| r == file) {
            return Err(AppError::not_found(format!(
                "{file} is not one of {}'s reference images.",
                character.name
            )));
        }
        let refs: Vec<String> = character
            .reference_images
            .into_iter()
            .filter(|r| r != file)
            .collect();
        let updated = self.update_character(
            id,
            CharacterPatch {
                reference_images: Some(refs),
                ..CharacterPatch::default()
            },
        )?;
        // Only our own copies are deleted, never a file elsewhere that an old row named.
        let ours = format!("characters/{}/", id.as_str());
        if file.starts_with(&ours) && !file.contains("..") {
            let path = self.data_dir().join(file);
            if let Err(e) = std::fs::remove_file(&path) {
                tracing::warn!(path = %path.display(), "could not delete a reference image: {e}");
            }
        }
        Ok(updated)
    }
}

/// The source's lower-case extension, once its first bytes show it is that kind of image.
fn checked_image(source: &Path) -> Result<&'static str, AppError> {
    let ext = source
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let Some((kind, magic)) = KINDS.iter().find(|(k, _)| *k == ext) else {
        return Err(AppError::new(
            ErrorCode::InvalidFile,
            format!(
                "{} is not a PNG, JPEG or WebP image: choose one of those as a reference.",
                source.display()
            ),
        ));
    };
    let mut head = [0u8; 12];
    let read = std::fs::File::open(source)
        .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
        .map_err(|e| io_error(format_args!("Cannot read {}", source.display()), e))?;
    let webp_ok = *kind != "webp" || (read >= 12 && &head[8..12] == b"WEBP");
    if read < magic.len() || !head.starts_with(magic) || !webp_ok {
        return Err(AppError::new(
            ErrorCode::InvalidFile,
            format!(
                "{} is named .{ext} but is not a {ext} image: choose another file.",
                source.display()
            ),
        ));
    }
    Ok(kind)
}

/// One more than the highest `ref_{n}` listed or present, so a number is never reused
/// (the window may have an older picture of that name cached).
fn next_number(listed: &[String], dir: &Path) -> u32 {
    let number = |name: &str| -> Option<u32> {
        let file = name.rsplit('/').next()?;
        file.strip_prefix("ref_")?.split('.').next()?.parse().ok()
    };
    let on_disk = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.file_name().to_str().and_then(number));
    listed
        .iter()
        .filter_map(|r| number(r))
        .chain(on_disk)
        .max()
        .map_or(1, |n| n + 1)
}

//! The character library.

use videogen_model::{AppError, Character, CharacterId, CharacterPatch, NewCharacter};
use videogen_store::repo::characters;

use crate::{io_error, Studio};

impl Studio {
    /// Every character, by name.
    pub fn list_characters(&self) -> Result<Vec<Character>, AppError> {
        Ok(self.store().read(characters::list)?)
    }

    /// Creates a character.
    pub fn create_character(&self, input: NewCharacter) -> Result<Character, AppError> {
        Ok(self.store().write(|tx| characters::create(tx, &input))?)
    }

    /// Edits a character; changes to its looks make casting projects' images dirty.
    pub fn update_character(
        &self,
        id: &CharacterId,
        patch: CharacterPatch,
    ) -> Result<Character, AppError> {
        Ok(self
            .store()
            .write(|tx| characters::update(tx, id, &patch))?)
    }

    /// Deletes a character with the reference images copied for it (`characters/{id}/`);
    /// projects that cast it lose it from their cast. Characters have no trash: the window
    /// asks first, and files the user picked elsewhere are never touched.
    pub fn delete_character(&self, id: &CharacterId) -> Result<(), AppError> {
        // Known first: the folder is only touched for a character that exists.
        self.store().read(|c| characters::get(c, id))?;
        let folder = self.layout().character_dir(id);
        // The folder is moved aside before the row goes, so that a failed delete can put it
        // back: the character and its files go together or not at all.
        let aside = folder
            .as_ref()
            .map(|f| f.with_file_name(format!(".{}.deleting", id.as_str())));
        let moved = match (&folder, &aside) {
            (Some(folder), Some(aside)) => match std::fs::rename(folder, aside) {
                Ok(()) => true,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
                Err(e) => {
                    return Err(io_error(
                        format_args!(
                            "Cannot remove the reference images in {} (nothing was deleted)",
                            folder.display()
                        ),
                        e,
                    ))
                }
            },
            _ => false,
        };
        if let Err(e) = self.store().write(|tx| characters::delete(tx, id)) {
            if let (true, Some(folder), Some(aside)) = (moved, &folder, &aside) {
                let _ = std::fs::rename(aside, folder);
            }
            return Err(e.into());
        }
        if let (true, Some(aside)) = (moved, &aside) {
            if let Err(e) = std::fs::remove_dir_all(aside) {
                // The character is gone; what is left is only disk space, so say it in the log.
                tracing::warn!(path = %aside.display(), "could not remove a deleted character's images: {e}");
            }
        }
        Ok(())
    }
}

//! The character library.

use videogen_model::{AppError, Character, CharacterId, CharacterPatch, NewCharacter};
use videogen_store::repo::characters;

use crate::Studio;

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

    /// Deletes a character.
    pub fn delete_character(&self, id: &CharacterId) -> Result<(), AppError> {
        Ok(self.store().write(|tx| characters::delete(tx, id))?)
    }
}

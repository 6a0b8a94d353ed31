//! Sections and sentences: every edit of the script, with the dirty rules applied.

use videogen_model::{
    AppError, ProjectId, Section, SectionId, Sentence, SentenceId, SentencePatch,
};
use videogen_store::repo::{sections, sentences};

use crate::Studio;

impl Studio {
    /// Adds a section at `position` (default: last).
    pub fn create_section(
        &self,
        project: &ProjectId,
        title: &str,
        position: Option<u32>,
    ) -> Result<Section, AppError> {
        Ok(self
            .store()
            .write(|tx| sections::create(tx, project, title, position))?)
    }

    /// Renames a section (regenerates nothing).
    pub fn rename_section(&self, id: &SectionId, title: &str) -> Result<Section, AppError> {
        Ok(self.store().write(|tx| sections::rename(tx, id, title))?)
    }

    /// Deletes a section and its sentences.
    pub fn delete_section(&self, id: &SectionId) -> Result<(), AppError> {
        Ok(self.store().write(|tx| sections::delete(tx, id))?)
    }

    /// Puts a project's sections in the given order (every section exactly once).
    pub fn reorder_sections(
        &self,
        project: &ProjectId,
        order: &[SectionId],
    ) -> Result<(), AppError> {
        Ok(self
            .store()
            .write(|tx| sections::reorder(tx, project, order))?)
    }

    /// Reads a sentence.
    pub fn get_sentence(&self, id: &SentenceId) -> Result<Sentence, AppError> {
        Ok(self.store().read(|c| sentences::get(c, id))?)
    }

    /// Finds a sentence by id or unique id prefix (4+ characters).
    pub fn resolve_sentence(&self, key: &str) -> Result<SentenceId, AppError> {
        Ok(self.store().read(|c| sentences::resolve(c, key))?)
    }

    /// Adds a sentence to a section at `position` (default: last).
    pub fn create_sentence(
        &self,
        section: &SectionId,
        text: &str,
        position: Option<u32>,
    ) -> Result<Sentence, AppError> {
        Ok(self
            .store()
            .write(|tx| sentences::create(tx, section, text, position))?)
    }

    /// Edits a sentence; what the edit made stale becomes dirty.
    pub fn update_sentence(
        &self,
        id: &SentenceId,
        patch: SentencePatch,
    ) -> Result<Sentence, AppError> {
        Ok(self.store().write(|tx| sentences::update(tx, id, &patch))?)
    }

    /// Deletes a sentence.
    pub fn delete_sentence(&self, id: &SentenceId) -> Result<(), AppError> {
        Ok(self.store().write(|tx| sentences::delete(tx, id))?)
    }

    /// Puts a section's sentences in the given order (every sentence exactly once).
    pub fn reorder_sentences(
        &self,
        section: &SectionId,
        order: &[SentenceId],
    ) -> Result<(), AppError> {
        Ok(self
            .store()
            .write(|tx| sentences::reorder(tx, section, order))?)
    }

    /// Moves a sentence to `position` in a section of the same project.
    pub fn move_sentence(
        &self,
        id: &SentenceId,
        to: &SectionId,
        position: u32,
    ) -> Result<Sentence, AppError> {
        Ok(self
            .store()
            .write(|tx| sentences::move_to(tx, id, to, position))?)
    }

    /// Splits a sentence in two at a character position.
    pub fn split_sentence(
        &self,
        id: &SentenceId,
        at_char: u32,
    ) -> Result<(Sentence, Sentence), AppError> {
        Ok(self.store().write(|tx| sentences::split(tx, id, at_char))?)
    }

    /// Merges a sentence with the one right after it.
    pub fn merge_sentences(
        &self,
        first: &SentenceId,
        second: &SentenceId,
    ) -> Result<Sentence, AppError> {
        Ok(self
            .store()
            .write(|tx| sentences::merge(tx, first, second))?)
    }
}

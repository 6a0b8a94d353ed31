//! Generation models and visual styles.

use videogen_model::{
    AppError, GenerationModel, GenerationModelId, GenerationModelInput, StyleId, VisualStyle,
    VisualStyleInput,
};
use videogen_store::repo::catalog;

use crate::Studio;

impl Studio {
    /// Every generation model.
    pub fn list_models(&self) -> Result<Vec<GenerationModel>, AppError> {
        Ok(self.store().read(catalog::list_models)?)
    }

    /// Adds a generation model (a workflow template name and defaults).
    pub fn create_model(&self, input: GenerationModelInput) -> Result<GenerationModel, AppError> {
        Ok(self.store().write(|tx| catalog::create_model(tx, &input))?)
    }

    /// Replaces a generation model's fields.
    pub fn update_model(
        &self,
        id: &GenerationModelId,
        input: GenerationModelInput,
    ) -> Result<GenerationModel, AppError> {
        Ok(self
            .store()
            .write(|tx| catalog::update_model(tx, id, &input))?)
    }

    /// Deletes a generation model.
    pub fn delete_model(&self, id: &GenerationModelId) -> Result<(), AppError> {
        Ok(self.store().write(|tx| catalog::delete_model(tx, id))?)
    }

    /// Every visual style.
    pub fn list_styles(&self) -> Result<Vec<VisualStyle>, AppError> {
        Ok(self.store().read(catalog::list_styles)?)
    }

    /// Adds a visual style.
    pub fn create_style(&self, input: VisualStyleInput) -> Result<VisualStyle, AppError> {
        Ok(self.store().write(|tx| catalog::create_style(tx, &input))?)
    }

    /// Replaces a visual style's fields.
    pub fn update_style(
        &self,
        id: &StyleId,
        input: VisualStyleInput,
    ) -> Result<VisualStyle, AppError> {
        Ok(self
            .store()
            .write(|tx| catalog::update_style(tx, id, &input))?)
    }

    /// Deletes a visual style.
    pub fn delete_style(&self, id: &StyleId) -> Result<(), AppError> {
        Ok(self.store().write(|tx| catalog::delete_style(tx, id))?)
    }

    /// The model a person names: its id, or its exact name (ignoring case).
    pub fn resolve_model(&self, key: &str) -> Result<GenerationModelId, AppError> {
        let key = key.trim();
        let models = self.list_models()?;
        models
            .iter()
            .find(|m| m.id.as_str() == key)
            .or_else(|| models.iter().find(|m| m.name.eq_ignore_ascii_case(key)))
            .map(|m| m.id.clone())
            .ok_or_else(|| {
                let names: Vec<&str> = models.iter().map(|m| m.name.as_str()).collect();
                AppError::not_found(format!(
                    "No model is called {key:?}: choose one of {}.",
                    names.join(", ")
                ))
            })
    }

    /// The style a person names: its id, or its exact name (ignoring case).
    pub fn resolve_style(&self, key: &str) -> Result<StyleId, AppError> {
        let key = key.trim();
        let styles = self.list_styles()?;
        styles
            .iter()
            .find(|s| s.id.as_str() == key)
            .or_else(|| styles.iter().find(|s| s.name.eq_ignore_ascii_case(key)))
            .map(|s| s.id.clone())
            .ok_or_else(|| {
                let names: Vec<&str> = styles.iter().map(|s| s.name.as_str()).collect();
                AppError::not_found(format!(
                    "No style is called {key:?}: choose one of {}.",
                    names.join(", ")
                ))
            })
    }
}

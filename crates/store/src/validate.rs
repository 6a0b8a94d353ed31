//! Checks on text a user typed, shared by every repository, so bad input is refused with a
//! message that names the problem before anything is written.

use crate::StoreError;

/// Longest name (project, section title, character, model, style), in characters.
pub const MAX_NAME_CHARS: usize = 200;
/// Longest sentence, in characters: longer text is a paragraph, not a narration unit.
pub const MAX_SENTENCE_CHARS: usize = 5_000;
/// Longest free text (topic, description, prompt), in characters.
pub const MAX_TEXT_CHARS: usize = 20_000;

/// A required name: trimmed, not empty, no control characters, not too long.
pub fn name(label: &str, value: &str) -> Result<String, StoreError> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(StoreError::Invalid(format!(
            "The {label} is empty: type a {label} with at least one visible character."
        )));
    }
    no_control(label, trimmed)?;
    max_chars(label, trimmed, MAX_NAME_CHARS)?;
    Ok(trimmed.to_owned())
}

/// A section title: may be empty, otherwise like a name.
pub fn title(value: &str) -> Result<String, StoreError> {
    let trimmed = value.trim();
    no_control("section title", trimmed)?;
    max_chars("section title", trimmed, MAX_NAME_CHARS)?;
    Ok(trimmed.to_owned())
}

/// A sentence's text: trimmed, not empty, no NUL, at most [`MAX_SENTENCE_CHARS`].
pub fn sentence_text(value: &str) -> Result<String, StoreError> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(StoreError::Invalid(
            "The sentence is empty: type its text, or delete the sentence instead.".into(),
        ));
    }
    if trimmed.contains('\0') {
        return Err(StoreError::Invalid(
            "The sentence contains a NUL character (often from pasting binary data): remove it and try again.".into(),
        ));
    }
    max_chars("sentence", trimmed, MAX_SENTENCE_CHARS)?;
    Ok(trimmed.to_owned())
}

/// Optional free text: trimmed; empty becomes `None`.
pub fn optional_text(label: &str, value: Option<&str>) -> Result<Option<String>, StoreError> {
    let Some(trimmed) = value.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    if trimmed.contains('\0') {
        return Err(StoreError::Invalid(format!(
            "The {label} contains a NUL character: remove it and try again."
        )));
    }
    max_chars(label, trimmed, MAX_TEXT_CHARS)?;
    Ok(Some(trimmed.to_owned()))
}

fn no_control(label: &str, value: &str) -> Result<(), StoreError> {
    if value.chars().any(|c| c.is_control()) {
        return Err(StoreError::Invalid(format!(
            "The {label} contains a control character (NUL, tab or line break): use plain text on one line."
        )));
    }
    Ok(())
}

fn max_chars(label: &str, value: &str, max: usize) -> Result<(), StoreError> {
    let count = value.chars().count();
    if count > max {
        return Err(StoreError::Invalid(format!(
            "The {label} is {count} characters long; the limit is {max}. Shorten it{}.",
            if label == "sentence" {
                " or split it into several sentences"
            } else {
                ""
            }
        )));
    }
    Ok(())
}

/// A reorder list must name every current id exactly once.
pub fn permutation(label: &str, current: &[String], wanted: &[String]) -> Result<(), StoreError> {
    let mut seen = std::collections::HashSet::new();
    for id in wanted {
        if !seen.insert(id.as_str()) {
            return Err(StoreError::Invalid(format!(
                "The new {label} order names {id} twice: list each one exactly once."
            )));
        }
        if !current.contains(id) {
            return Err(StoreError::Invalid(format!(
                "The new {label} order names {id}, which is not one of them: refresh and try again."
            )));
        }
    }
    if let Some(missing) = current.iter().find(|id| !seen.contains(id.as_str())) {
        return Err(StoreError::Invalid(format!(
            "The new {label} order leaves out {missing}: list every one exactly once."
        )));
    }
    Ok(())
}

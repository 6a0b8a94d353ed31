//! Script import (FR-102, FR-103): a text or Markdown file becomes a project whose headings
//! are sections and whose paragraphs are split into sentences.

use std::path::Path;

use videogen_model::{AppError, ErrorCode, NewProject, Project};
use videogen_store::repo::{projects, sections, sentences};
use videogen_store::StoreError;
use videogen_text::{ParsedScript, ScriptTextError};

use crate::{io_error, Studio};

/// Largest script file accepted: a three-hour script is about 300 KB.
const MAX_SCRIPT_BYTES: u64 = 20 * 1024 * 1024;

impl Studio {
    /// Imports a `.txt` or `.md` file as a new project, named `name` or after the file.
    pub fn import_script_file(
        &self,
        path: &Path,
        name: Option<String>,
    ) -> Result<Project, AppError> {
        let shown = path.display();
        let meta = std::fs::metadata(path)
            .map_err(|e| io_error(format_args!("Cannot read the script file {shown}"), e))?;
        if meta.is_dir() {
            return Err(AppError::new(
                ErrorCode::InvalidFile,
                format!("{shown} is a folder: choose a .txt or .md file."),
            ));
        }
        if meta.len() > MAX_SCRIPT_BYTES {
            return Err(AppError::new(
                ErrorCode::InvalidFile,
                format!(
                    "The script file {shown} is {} MB; scripts are at most 20 MB of text. Choose the script itself, not a media file.",
                    meta.len() / (1024 * 1024)
                ),
            ));
        }
        let bytes = std::fs::read(path)
            .map_err(|e| io_error(format_args!("Cannot read the script file {shown}"), e))?;
        if videogen_text::looks_binary(&bytes) {
            return Err(file_error(ScriptTextError::Binary));
        }
        let text = String::from_utf8(bytes).map_err(|_| file_error(ScriptTextError::Binary))?;
        let name = name.unwrap_or_else(|| {
            path.file_stem()
                .map(|s| s.to_string_lossy().replace(['_', '-'], " "))
                .filter(|s| !s.trim().is_empty())
                .unwrap_or_else(|| "Imported script".to_owned())
        });
        self.import_script_text(&name, &text)
    }

    /// Imports script text as a new project called `name`.
    pub fn import_script_text(&self, name: &str, text: &str) -> Result<Project, AppError> {
        let parsed = videogen_text::parse_script(text).map_err(file_error)?;
        Ok(self.store().write(|tx| {
            let project = projects::create(
                tx,
                &NewProject {
                    name: name.to_owned(),
                    ..NewProject::default()
                },
            )?;
            write_script(tx, &project, &parsed)?;
            projects::get(tx, &project.id)
        })?)
    }
}

fn write_script(
    tx: &mut videogen_store::WriteTx<'_>,
    project: &Project,
    parsed: &ParsedScript,
) -> Result<(), StoreError> {
    for (i, part) in parsed.sections.iter().enumerate() {
        let section = sections::create(tx, &project.id, &part.title, None)?;
        sentences::append_many(tx, &section.id, &part.sentences).map_err(|e| match e {
            StoreError::Invalid(msg) => StoreError::Invalid(format!(
                "Section {} ({:?}) of the script: {msg}",
                i + 1,
                part.title
            )),
            other => other,
        })?;
    }
    Ok(())
}

fn file_error(err: ScriptTextError) -> AppError {
    AppError::new(ErrorCode::InvalidFile, err.to_string())
}

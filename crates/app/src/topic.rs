//! A new project from a topic, as the window starts one: the project with its settings in
//! one write, then the outline alone, for review before the script is written.

use serde::{Deserialize, Serialize};
use videogen_model::{AppError, ErrorCode, NewProject, Project, ProjectPatch, StyleId, TtsEngine};
use videogen_store::repo::projects;

use crate::Studio;

/// What the New project screen asks before a script is planned from a topic.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TopicProject {
    /// Project name; must not be empty.
    pub name: String,
    /// What the video is about; must not be empty.
    pub topic: String,
    /// Target length in minutes, 1..=600 (the store checks it).
    pub target_minutes: u32,
    /// Visual style of the images and clips; `None`: none.
    pub style_id: Option<StyleId>,
    /// Voice engine; `None`: the project default.
    pub tts_engine: Option<TtsEngine>,
    /// Chatterbox voice name; `None`: the server's default voice.
    pub voice_id: Option<String>,
    /// Facts the script must use (no web search is done); blank: none.
    pub source_notes: Option<String>,
}

/// Whether scripts can be written here, and if not, why, for the window to say.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ScriptWriter {
    /// An LLM is configured: a remote one with an API key, or a local one.
    pub ready: bool,
    /// What is missing when not ready, in words; empty when ready.
    pub missing: String,
}

/// The window's words for a missing LLM (the CLI names its own commands instead).
const NO_LLM: &str = "No LLM API key is set, so no script can be written from a topic: add the \
     key in Settings (it is kept in the OS keychain), or import a script you wrote. No LLM runs \
     offline.";

impl Studio {
    /// Whether an LLM can write scripts and prompts with the settings in effect now (a
    /// local LLM needs no key, so the key alone does not say).
    pub fn script_writer(&self) -> Result<ScriptWriter, AppError> {
        match self.pipeline() {
            Ok(pipeline) => {
                let services = pipeline.services();
                Ok(ScriptWriter {
                    ready: services.llm.is_some(),
                    missing: if services.llm.is_some() {
                        String::new()
                    } else {
                        NO_LLM.to_owned()
                    },
                })
            }
            Err(err) => Ok(ScriptWriter {
                ready: false,
                missing: err.message,
            }),
        }
    }

    /// Creates a project from a topic with its style, voice and notes, and queues its
    /// outline for review ([`Studio::outline`], [`Studio::set_outline_sections`]); the script
    /// is written by a later `generate`. Without an LLM nothing is created: the error says
    /// what is missing.
    pub fn start_topic_project(&self, input: &TopicProject) -> Result<Project, AppError> {
        if input.topic.trim().is_empty() {
            return Err(AppError::invalid(
                "Say what the video is about: the topic is empty.",
            ));
        }
        let writer = self.script_writer()?;
        if !writer.ready {
            return Err(AppError::new(ErrorCode::InvalidInput, writer.missing));
        }
        let new = NewProject {
            name: input.name.clone(),
            topic: Some(input.topic.trim().to_owned()),
            target_duration_min: Some(input.target_minutes),
        };
        let notes = input
            .source_notes
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_owned);
        let patch = ProjectPatch {
            style_id: input.style_id.clone().map(Some),
            tts_engine: input.tts_engine,
            voice_id: input
                .voice_id
                .as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(|v| Some(v.to_owned())),
            source_notes: notes.map(Some),
            ..Default::default()
        };
        // One write: a failed setting leaves no half-made project behind.
        let project = self.store().write(|tx| {
            let created = projects::create(tx, &new)?;
            projects::update(tx, &created.id, &patch)
        })?;
        self.generate_outline(&project.id)?;
        Ok(project)
    }
}

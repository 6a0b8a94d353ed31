//! The planner: what to generate next, as a pure function of the stored rows (dirty flags,
//! revisions, files present, user overrides). Never a second stored graph that can drift:
//! `generate` asks it for a project, and every job, when it ends, asks it again for its own
//! section and queues what became ready (DESIGN.md, Generation pipeline).
//!
//! Per sentence the order is: text → narration and image prompt (independent) → word
//! timings → image → clip (needs the image, the narration's length and the video prompt).

use serde::{Deserialize, Serialize};
use videogen_model::{
    Character, ClipChoice, GenerationModel, JobKind, JobTarget, ModelBackend, NarrationMode,
    Project, Section, SectionId, Sentence, SentenceId, TtsEngine, VisualStyle,
};

/// The stages a user can ask `generate` for (`--script`, `--prompts`, …).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, specta::Type,
)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Outline and script from the topic.
    Script,
    /// Image and video prompts.
    Prompts,
    /// Narration.
    Audio,
    /// Word timings (and sentence ranges in section narration).
    Align,
    /// Images.
    Images,
    /// Clips.
    Videos,
}

impl Stage {
    /// Every stage, in pipeline order.
    pub const ALL: [Stage; 6] = [
        Stage::Script,
        Stage::Prompts,
        Stage::Audio,
        Stage::Align,
        Stage::Images,
        Stage::Videos,
    ];

    /// The stage a job kind belongs to.
    pub fn of(kind: JobKind) -> Option<Stage> {
        Some(match kind {
            JobKind::ScriptOutline | JobKind::ScriptShort | JobKind::ScriptLong => Stage::Script,
            JobKind::PromptsImage | JobKind::PromptsVideo => Stage::Prompts,
            JobKind::AudioSentence | JobKind::AudioSection => Stage::Audio,
            JobKind::AudioAlign => Stage::Align,
            JobKind::Image => Stage::Images,
            JobKind::Video => Stage::Videos,
            _ => return None,
        })
    }
}

/// Which stages and which part of the project a generate covers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Scope {
    /// Only these stages; `None`: all.
    pub stages: Option<Vec<Stage>>,
    /// Only these sections; `None`: all.
    pub sections: Option<Vec<SectionId>>,
    /// Only these sentences; `None`: all of the sections in scope.
    pub sentences: Option<Vec<SentenceId>>,
}

impl Scope {
    /// Whether `stage` is asked for.
    pub fn wants(&self, stage: Stage) -> bool {
        self.stages.as_ref().is_none_or(|s| s.contains(&stage))
    }

    fn covers_section(&self, id: &SectionId) -> bool {
        self.sections.as_ref().is_none_or(|s| s.contains(id))
    }

    fn covers_sentence(&self, s: &Sentence) -> bool {
        self.covers_section(&s.section_id)
            && self
                .sentences
                .as_ref()
                .is_none_or(|ids| ids.contains(&s.id))
    }

    /// A scope asking only for some sentences also covers the section-level steps they need
    /// (prompt batches, section narration) when it names no sections.
    fn covers_section_steps(&self, section: &Section) -> bool {
        match &self.sentences {
            None => self.covers_section(&section.id),
            Some(ids) => section.sentences.iter().any(|s| ids.contains(&s.id)),
        }
    }
}

/// What a project renders with: the rows the planner needs besides the script.
#[derive(Clone, Debug)]
pub struct Inputs<'a> {
    /// The project.
    pub project: &'a Project,
    /// Its image model, if chosen.
    pub image_model: Option<&'a GenerationModel>,
    /// Its video model, if chosen.
    pub video_model: Option<&'a GenerationModel>,
    /// Its style, if chosen.
    pub style: Option<&'a VisualStyle>,
    /// Its cast.
    pub cast: &'a [Character],
}

/// One job the planner wants.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// What to run.
    pub kind: JobKind,
    /// On what.
    pub target: JobTarget,
    /// The service endpoint group it needs.
    pub resource: &'static str,
    /// Its inputs are there: it may be queued now. Not ready: it waits for an earlier step.
    pub ready: bool,
}

/// The resource a job of `kind` needs in this project.
pub fn resource_of(
    kind: JobKind,
    inputs: &Inputs<'_>,
    sentence: Option<&Sentence>,
) -> &'static str {
    match kind {
        JobKind::ScriptOutline
        | JobKind::ScriptShort
        | JobKind::ScriptLong
        | JobKind::PromptsImage
        | JobKind::PromptsVideo => "llm",
        JobKind::AudioSentence | JobKind::AudioSection => match inputs.project.tts_engine {
            TtsEngine::Chatterbox => "tts:chatterbox",
            TtsEngine::Piper => "tts:piper",
        },
        // The draft voice is aligned by the draft timings engine, so a project with no
        // server at all runs end to end.
        JobKind::AudioAlign => match inputs.project.tts_engine {
            TtsEngine::Chatterbox => "whisper",
            TtsEngine::Piper => "whisper:draft",
        },
        JobKind::Image => match inputs.image_model.map(|m| m.backend) {
            Some(ModelBackend::Comfyui) => "comfyui",
            _ => "local",
        },
        JobKind::Video => match video_backend(inputs, sentence) {
            Some(ModelBackend::Comfyui) => "comfyui",
            _ => "local",
        },
        _ => "local",
    }
}

/// The engine that renders a sentence's clip: Ken Burns where the sentence (or a GPU budget)
/// chose it, else the project's video model; `None` when no clip is wanted.
pub fn video_backend(inputs: &Inputs<'_>, sentence: Option<&Sentence>) -> Option<ModelBackend> {
    match sentence.and_then(|s| s.clip_choice) {
        Some(ClipChoice::KenBurns) => Some(ModelBackend::KenBurns),
        _ => inputs.video_model.map(|m| m.backend),
    }
}

/// The sentence needs a generated image prompt (none, or one written for older text, and
/// no prompt of the user's).
pub fn needs_image_prompt(inputs: &Inputs<'_>, s: &Sentence) -> bool {
    inputs
        .image_model
        .is_some_and(|m| m.backend == ModelBackend::Comfyui)
        && s.image_prompt_user.is_none()
        && (s.image_prompt.is_none() || s.image_prompt_stale)
}

/// The sentence needs a generated video prompt.
pub fn needs_video_prompt(inputs: &Inputs<'_>, s: &Sentence) -> bool {
    video_backend(inputs, Some(s)) == Some(ModelBackend::Comfyui)
        && s.video_prompt_user.is_none()
        && (s.video_prompt.is_none() || s.video_prompt_stale)
}

/// The narration a sentence's clip and timeline slot are made for is there and current.
fn narration_ready(s: &Sentence) -> bool {
    !s.audio.dirty && s.audio.file.is_some() && s.audio_duration_ms.is_some_and(|d| d > 0)
}

/// Every step one section needs, in pipeline order, within `scope`.
pub fn plan_section(inputs: &Inputs<'_>, section: &Section, scope: &Scope) -> Vec<Step> {
    let mut steps = Vec::new();
    let mut push = |kind: JobKind, target: JobTarget, sentence: Option<&Sentence>, ready: bool| {
        let resource = resource_of(kind, inputs, sentence);
        steps.push(Step {
            kind,
            target,
            resource,
            ready,
        });
    };
    let section_target = || JobTarget::Section(section.id.clone());
    let in_scope: Vec<&Sentence> = section
        .sentences
        .iter()
        .filter(|s| scope.covers_sentence(s))
        .collect();
    let section_steps = scope.covers_section_steps(section);

    // Prompts, one batch job per section and kind.
    if scope.wants(Stage::Prompts) && section_steps {
        if in_scope.iter().any(|s| needs_image_prompt(inputs, s)) {
            push(JobKind::PromptsImage, section_target(), None, true);
        }
        if in_scope.iter().any(|s| needs_video_prompt(inputs, s)) {
            push(JobKind::PromptsVideo, section_target(), None, true);
        }
    }

    // Narration, per sentence or per section, never both.
    match inputs.project.narration_mode {
        NarrationMode::Sentence => {
            for s in &in_scope {
                if scope.wants(Stage::Audio) && s.audio.dirty {
                    push(
                        JobKind::AudioSentence,
                        JobTarget::Sentence(s.id.clone()),
                        Some(s),
                        true,
                    );
                }
                if scope.wants(Stage::Align)
                    && !s.audio.dirty
                    && s.audio.file.is_some()
                    && s.word_timings.is_none()
                {
                    push(
                        JobKind::AudioAlign,
                        JobTarget::Sentence(s.id.clone()),
                        Some(s),
                        true,
                    );
                }
            }
        }
        NarrationMode::Section => {
            if section_steps && !section.sentences.is_empty() {
                if section.narration.dirty {
                    if scope.wants(Stage::Audio) {
                        push(JobKind::AudioSection, section_target(), None, true);
                    }
                    if scope.wants(Stage::Align) {
                        push(JobKind::AudioAlign, section_target(), None, false);
                    }
                } else if scope.wants(Stage::Align)
                    && section
                        .sentences
                        .iter()
                        .any(|s| s.audio.dirty || s.word_timings.is_none())
                {
                    // The take is made; its sentence ranges and timings are not.
                    push(
                        JobKind::AudioAlign,
                        section_target(),
                        None,
                        section.narration.file.is_some(),
                    );
                }
            }
        }
    }

    for s in &in_scope {
        let target = || JobTarget::Sentence(s.id.clone());
        if scope.wants(Stage::Images) && s.image.dirty {
            if let Some(model) = inputs.image_model {
                let prompt_ready = model.backend != ModelBackend::Comfyui
                    || (s.effective_image_prompt().is_some() && !needs_image_prompt(inputs, s));
                push(JobKind::Image, target(), Some(s), prompt_ready);
            }
        }
        if scope.wants(Stage::Videos) && s.video.dirty {
            if let Some(backend) = video_backend(inputs, Some(s)) {
                let image_ready = !s.image.dirty && s.image.file.is_some();
                let prompt_ready = backend != ModelBackend::Comfyui
                    || (s.effective_video_prompt().is_some() && !needs_video_prompt(inputs, s));
                push(
                    JobKind::Video,
                    target(),
                    Some(s),
                    image_ready && narration_ready(s) && prompt_ready,
                );
            }
        }
    }
    steps
}

/// Every step the project needs within `scope`, section by section.
pub fn plan_project(inputs: &Inputs<'_>, sections: &[Section], scope: &Scope) -> Vec<Step> {
    sections
        .iter()
        .filter(|s| scope.covers_section_steps(s))
        .flat_map(|s| plan_section(inputs, s, scope))
        .collect()
}

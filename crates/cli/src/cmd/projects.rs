//! `new`, `import`, `list`, `show`, `edit`, `set`, `delete`.

use std::path::PathBuf;

use clap::Args;
use serde::Serialize;
use videogen_app::Studio;
use videogen_model::{
    AppError, CameraMovement, FrameRate, FrameSize, NarrationMode, NewProject, ProjectPatch,
    ProjectSummary, SentencePatch, TtsEngine,
};

use crate::output;

/// Arguments of `videogen new`.
#[derive(Args)]
pub struct NewArgs {
    /// Project name.
    name: String,
    /// What the video is about.
    #[arg(long)]
    topic: Option<String>,
    /// Target length in minutes.
    #[arg(long)]
    minutes: Option<u32>,
}

/// Arguments of `videogen import`.
#[derive(Args)]
pub struct ImportArgs {
    /// A .txt or .md script; headings become sections.
    file: PathBuf,
    /// Project name (default: the file name).
    #[arg(long)]
    name: Option<String>,
}

/// Arguments of `videogen list`.
#[derive(Args)]
pub struct ListArgs {
    /// Print `{"schemaVersion":1,"projects":[…]}` for scripts (see README).
    #[arg(long)]
    json: bool,
}

/// Arguments of `videogen show`.
#[derive(Args)]
pub struct ShowArgs {
    /// Project id, id prefix or exact name.
    project: String,
    /// Print the whole project as JSON for scripts: settings, every section and sentence
    /// with full ids and texts, prompts, asset states and word timings (see README).
    #[arg(long)]
    json: bool,
}

/// Arguments of `videogen edit`.
#[derive(Args)]
pub struct EditArgs {
    /// Sentence id or id prefix (as `show` prints it).
    sentence: String,
    /// New narrated text.
    #[arg(long)]
    text: Option<String>,
    /// Your own image prompt (an empty string goes back to the generated one).
    #[arg(long)]
    image_prompt: Option<String>,
    /// Your own video prompt (an empty string goes back to the generated one).
    #[arg(long)]
    video_prompt: Option<String>,
    /// Camera movement: static, pan-left, pan-right, tilt-up, tilt-down, zoom-in, zoom-out,
    /// dolly-in, dolly-out, orbit.
    #[arg(long)]
    camera: Option<String>,
    /// Motion strength from 0 to 1.
    #[arg(long)]
    motion: Option<f64>,
    /// What the voice reads instead of the text, to fix a pronunciation (an empty string
    /// reads the text again).
    #[arg(long)]
    spoken: Option<String>,
    /// The clip: `generated` (the video model), `ken-burns`, or `auto` (the project's model).
    #[arg(long)]
    clip: Option<String>,
    /// Render the next image with a new seed.
    #[arg(long)]
    new_seed: bool,
}

/// Arguments of `videogen set`.
#[derive(Args)]
pub struct SetArgs {
    /// Project id, id prefix or exact name.
    project: String,
    /// New name.
    #[arg(long)]
    name: Option<String>,
    /// New topic.
    #[arg(long)]
    topic: Option<String>,
    /// TTS voice (an empty string means the server's first voice).
    #[arg(long)]
    voice: Option<String>,
    /// Frame size, e.g. 1920x1080.
    #[arg(long)]
    size: Option<String>,
    /// Frame rate: 23.976, 24, 25, 29.97 or 30.
    #[arg(long)]
    fps: Option<String>,
    /// Image model, by name or id (`none` clears it).
    #[arg(long)]
    image_model: Option<String>,
    /// Video model, by name or id (`none` clears it).
    #[arg(long)]
    video_model: Option<String>,
    /// Visual style, by name or id (`none` clears it).
    #[arg(long)]
    style: Option<String>,
    /// Narration per `sentence` or per `section` (one take, split by alignment).
    #[arg(long)]
    narration: Option<String>,
    /// Voice engine: `chatterbox` (a TTS server) or `draft` (the offline voice).
    #[arg(long)]
    engine: Option<String>,
    /// Silence after each sentence on the timeline, ms.
    #[arg(long)]
    pause_ms: Option<u32>,
    /// LLM spending cap for this project, US dollars (`none` removes it).
    #[arg(long)]
    llm_cap: Option<String>,
    /// Notes and facts the script must use (no web search is done); `@file` reads a file.
    #[arg(long)]
    notes: Option<String>,
    /// Target length in minutes.
    #[arg(long)]
    minutes: Option<u32>,
}

/// Arguments of `videogen delete`.
#[derive(Args)]
pub struct DeleteArgs {
    /// Project id, id prefix or exact name.
    project: String,
    /// Cancel the project's queued and running jobs first.
    #[arg(long)]
    cancel_jobs: bool,
}

/// `videogen new`.
pub fn new(studio: &Studio, args: NewArgs) -> Result<(), AppError> {
    let project = studio.create_project(NewProject {
        name: args.name,
        topic: args.topic,
        target_duration_min: args.minutes,
    })?;
    println!("Created project {} ({})", project.name, project.id);
    if project.topic.is_some() {
        println!(
            "Next: `videogen plan \"{}\"` to see what generating costs, `videogen generate \"{}\"` to make it. No web search is done: the script uses the topic and the notes you give (`videogen set … --notes @facts.txt`).",
            project.name, project.name
        );
    }
    Ok(())
}

/// `videogen import`.
pub fn import(studio: &Studio, args: ImportArgs) -> Result<(), AppError> {
    let project = studio.import_script_file(&args.file, args.name)?;
    let tree = studio.load_project(&project.id)?;
    println!(
        "Imported {} as project {} ({}): {}, {}",
        args.file.display(),
        project.name,
        project.id,
        output::count(tree.sections.len(), "section"),
        output::count(tree.sentences().count(), "sentence")
    );
    Ok(())
}

/// `videogen list --json`.
#[derive(Serialize)]
struct ProjectList<'a> {
    projects: &'a [ProjectSummary],
}

/// `videogen list`.
pub fn list(studio: &Studio, args: ListArgs) -> Result<(), AppError> {
    let projects = studio.list_projects()?;
    if args.json {
        return output::print_json(&ProjectList {
            projects: &projects,
        });
    }
    if projects.is_empty() {
        println!("No projects yet. Create one with `videogen new NAME` or `videogen import FILE`.");
        return Ok(());
    }
    let width = output::unique_prefix_len(projects.iter().map(|p| p.id.as_str()));
    println!(
        "{:<width$}  {:<32}  {:>8}  {:>9}  {:>6}  {:>8}  STATUS",
        "ID", "NAME", "SECTIONS", "SENTENCES", "DIRTY", "AUDIO"
    );
    for p in projects {
        println!(
            "{:<width$}  {:<32}  {:>8}  {:>9}  {:>6}  {:>8}  {}",
            p.id.as_str().get(..width).unwrap_or(p.id.as_str()),
            output::clip(&p.name, 32),
            p.section_count,
            p.sentence_count,
            p.dirty_sentence_count,
            output::duration(p.audio_duration_ms),
            p.status.as_str()
        );
    }
    Ok(())
}

/// `videogen show`.
pub fn show(studio: &Studio, args: ShowArgs) -> Result<(), AppError> {
    let id = studio.resolve_project(&args.project)?;
    let tree = studio.load_project(&id)?;
    if args.json {
        // The tree's own fields, `project` and `sections`, next to `schemaVersion`.
        return output::print_json(&tree);
    }
    let p = &tree.project;
    println!("{} ({})", p.name, p.id);
    println!(
        "  {}x{} at {}/{} fps · voice {} · status {}",
        p.width,
        p.height,
        p.fps_num,
        p.fps_den,
        p.voice_id.as_deref().unwrap_or("(server default)"),
        p.status.as_str()
    );
    println!("  dirty flags: A = narration, I = image, V = clip need generating");
    let width = output::unique_prefix_len(
        tree.sections
            .iter()
            .map(|s| s.id.as_str())
            .chain(tree.sentences().map(|s| s.id.as_str())),
    );
    let short = |id: &str| id.get(..width).unwrap_or(id).to_owned();
    for (i, section) in tree.sections.iter().enumerate() {
        let title = if section.title.is_empty() {
            "(untitled)"
        } else {
            &section.title
        };
        println!("\n§{} {}  [{}]", i + 1, title, short(section.id.as_str()));
        for s in &section.sentences {
            println!(
                "  {}  {}  {}",
                short(s.id.as_str()),
                output::dirty_flags(s),
                output::clip(&s.text, 100)
            );
        }
    }
    Ok(())
}

/// `videogen edit`.
pub fn edit(studio: &Studio, args: EditArgs) -> Result<(), AppError> {
    let id = studio.resolve_sentence(&args.sentence)?;
    let camera = args
        .camera
        .as_deref()
        .map(|c| {
            CameraMovement::parse(c).ok_or_else(|| {
                AppError::invalid(format!(
                    "Unknown camera movement {c:?}: use one of {}.",
                    CameraMovement::ALL
                        .map(|c| c.as_str().replace('_', "-"))
                        .join(", ")
                ))
            })
        })
        .transpose()?;
    let clearable = |v: Option<String>| v.map(|t| Some(t).filter(|t| !t.trim().is_empty()));
    let clip = args
        .clip
        .as_deref()
        .map(|c| match c.trim() {
            "auto" => Ok(None),
            other => videogen_model::ClipChoice::parse(other)
                .map(Some)
                .ok_or_else(|| {
                    AppError::invalid(format!(
                        "{c:?} is not a clip choice: use generated, ken-burns or auto."
                    ))
                }),
        })
        .transpose()?;
    let patch = SentencePatch {
        text: args.text,
        image_prompt: clearable(args.image_prompt),
        video_prompt: clearable(args.video_prompt),
        camera_movement: camera,
        motion_strength: args.motion,
        spoken_text: clearable(args.spoken),
        clip_choice: clip,
        ..SentencePatch::default()
    };
    if args.new_seed {
        let seed = studio.new_image_seed(&id)?;
        println!("The next image of this sentence renders with seed {seed}.");
    }
    if patch == SentencePatch::default() {
        if args.new_seed {
            return Ok(());
        }
        return Err(AppError::invalid(
            "Nothing to change: give --text, --spoken, --image-prompt, --video-prompt, --camera, --motion, --clip or --new-seed.",
        ));
    }
    let s = studio.update_sentence(&id, patch)?;
    println!("{}  {}  {}", s.id, output::dirty_flags(&s), s.text);
    Ok(())
}

/// `videogen set`.
pub fn set(studio: &Studio, args: SetArgs) -> Result<(), AppError> {
    let id = studio.resolve_project(&args.project)?;
    let size = args.size.as_deref().map(FrameSize::parse).transpose()?;
    let fps = args.fps.as_deref().map(FrameRate::parse).transpose()?;
    let none = |v: &str| v.trim().is_empty() || v.trim().eq_ignore_ascii_case("none");
    let model_id = |key: Option<String>| -> Result<_, AppError> {
        key.map(|k| {
            if none(&k) {
                Ok(None)
            } else {
                studio.resolve_model(&k).map(Some)
            }
        })
        .transpose()
    };
    let narration = args
        .narration
        .as_deref()
        .map(|m| {
            NarrationMode::parse(m).ok_or_else(|| {
                AppError::invalid(format!(
                    "{m:?} is not a narration mode: use sentence or section."
                ))
            })
        })
        .transpose()?;
    let engine = args
        .engine
        .as_deref()
        .map(|e| {
            TtsEngine::parse(e).ok_or_else(|| {
                AppError::invalid(format!(
                    "{e:?} is not a voice engine: use chatterbox or draft."
                ))
            })
        })
        .transpose()?;
    let cap = args
        .llm_cap
        .as_deref()
        .map(|c| -> Result<Option<f64>, AppError> {
            if none(c) {
                return Ok(None);
            }
            c.trim_start_matches('$')
                .parse::<f64>()
                .map(Some)
                .map_err(|_| {
                    AppError::invalid(format!(
                        "{c:?} is not an amount of dollars: write e.g. 2.50, or none."
                    ))
                })
        })
        .transpose()?;
    let notes = args
        .notes
        .map(|n| -> Result<Option<String>, AppError> {
            let text = match n.strip_prefix('@') {
                Some(path) => std::fs::read_to_string(path).map_err(|e| {
                    AppError::new(
                        videogen_model::ErrorCode::InvalidFile,
                        format!("Cannot read the notes file {path}: {e}"),
                    )
                })?,
                None => n,
            };
            Ok(Some(text).filter(|t| !t.trim().is_empty()))
        })
        .transpose()?;
    let patch = ProjectPatch {
        name: args.name,
        topic: args.topic.map(|t| Some(t).filter(|t| !t.trim().is_empty())),
        voice_id: args.voice.map(|v| Some(v).filter(|v| !v.trim().is_empty())),
        size,
        fps,
        model_id: model_id(args.image_model)?,
        video_model_id: model_id(args.video_model)?,
        style_id: args
            .style
            .map(|k| {
                if none(&k) {
                    Ok(None)
                } else {
                    studio.resolve_style(&k).map(Some)
                }
            })
            .transpose()?,
        narration_mode: narration,
        tts_engine: engine,
        sentence_pause_ms: args.pause_ms,
        llm_spend_cap_usd: cap,
        source_notes: notes,
        target_duration_min: args.minutes,
        ..ProjectPatch::default()
    };
    let p = studio.update_project(&id, patch)?;
    println!(
        "{} ({}): {}x{} at {}/{} fps, voice {}",
        p.name,
        p.id.short(),
        p.width,
        p.height,
        p.fps_num,
        p.fps_den,
        p.voice_id.as_deref().unwrap_or("(server default)")
    );
    Ok(())
}

/// `videogen delete`.
pub fn delete(studio: &Studio, args: DeleteArgs) -> Result<(), AppError> {
    let id = studio.resolve_project(&args.project)?;
    let project = studio.get_project(&id)?;
    studio.delete_project_with(&id, args.cancel_jobs)?;
    println!(
        "Deleted project {} ({}); its files are in the trash folder.",
        project.name, id
    );
    Ok(())
}

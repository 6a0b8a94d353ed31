//! Writes the text files of a synthetic export (timelines, captions, metadata) to a folder,
//! for checking them with independent parsers (`tests/otio_check.py`).
//!
//! `cargo run -p videogen-export --example sample_timelines -- OUT_DIR [SENTENCES] [FPS] [nostills]`
//! No media are needed: the plan is built over placeholder files in a temp data dir.

use std::path::{Path, PathBuf};

use videogen_export::{build_plan, text_files, ExportOptions, FrameRate};
use videogen_model::*;

fn asset(file: Option<String>) -> AssetState {
    AssetState {
        file,
        dirty: false,
        rev: 1,
        file_rev: Some(1),
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let out = PathBuf::from(
        args.next()
            .ok_or("usage: sample_timelines OUT_DIR [SENTENCES] [FPS]")?,
    );
    let count: usize = args.next().map_or(Ok(1200), |a| a.parse())?;
    let rate = args
        .next()
        .map_or(Ok(FrameRate::FPS_24), |a| FrameRate::parse(&a))?;
    let stills = args.next().as_deref() != Some("nostills");
    let data = tempdir_path();
    let pid = "01900000-0000-7000-8000-0000000000aa";
    let titles = ["Intro: Café & <Friends>", "Middle", "The End"];
    let mut sections = Vec::new();
    let mut n = 0;
    for (k, title) in titles.iter().enumerate() {
        let sid = format!("01900000-0000-7000-9000-{k:012}");
        let per = if k == 2 {
            count - 2 * (count / 3)
        } else {
            count / 3
        };
        let mut sentences = Vec::new();
        for _ in 0..per {
            n += 1;
            let id = format!("00000000-0000-7000-8000-{n:012}");
            let path = |dir: &str, ext: &str| format!("projects/{pid}/{dir}/{id}_r1.{ext}");
            // Every 7th sentence has no clip, so stills are exercised too.
            let video = (!stills || n % 7 != 0).then(|| path("videos", "mp4"));
            for f in [
                Some(path("audio", "wav")),
                Some(path("images", "png")),
                video.clone(),
            ]
            .into_iter()
            .flatten()
            {
                touch(&data.join(f))?;
            }
            sentences.push(Sentence {
                id: SentenceId(id.clone()),
                section_id: SectionId(sid.clone()),
                text: format!("Sentence {n} says something worth hearing."),
                order: n as u32,
                image_prompt: None,
                image_prompt_user: None,
                image_prompt_stale: false,
                video_prompt: None,
                video_prompt_user: None,
                video_prompt_stale: false,
                camera_movement: CameraMovement::Static,
                motion_strength: 0.5,
                audio: asset(Some(path("audio", "wav"))),
                audio_duration_ms: Some(800 + (n as i64 * 389) % 5200),
                audio_start_ms: None,
                audio_end_ms: None,
                section_audio_file: None,
                word_timings: None,
                image: asset(Some(path("images", "png"))),
                video: asset(video),
                video_duration_ms: Some(6000),
                status: SentenceStatus::Complete,
                created_at: 0,
                updated_at: 0,
                spoken_text: None,
                cast_override: None,
                image_seed: None,
                clip_choice: None,
            });
        }
        sections.push(Section {
            id: SectionId(sid),
            project_id: ProjectId(pid.into()),
            title: title.to_string(),
            order: k as u32,
            narration: SectionNarration {
                file: None,
                duration_ms: None,
                dirty: false,
                rev: 0,
            },
            sentences,
            created_at: 0,
        });
    }
    let tree = ProjectTree {
        project: Project {
            id: ProjectId(pid.into()),
            name: "Sample Export".into(),
            topic: None,
            target_duration_min: 8,
            visual_style: String::new(),
            voice_id: None,
            model_id: None,
            video_model_id: None,
            style_id: None,
            status: ProjectStatus::Complete,
            width: 1920,
            height: 1080,
            fps_num: rate.num,
            fps_den: rate.den,
            llm_usage: TokenUsage::default(),
            cast: vec![],
            created_at: 0,
            updated_at: 0,
            llm_cost_usd: 0.0,
            llm_spend_cap_usd: None,
            narration_mode: videogen_model::NarrationMode::Sentence,
            tts_engine: videogen_model::TtsEngine::Chatterbox,
            tts_settings: Default::default(),
            language: "en".into(),
            sentence_pause_ms: 0,
            source_notes: None,
        },
        sections,
    };
    let options = ExportOptions {
        sentence_pause_ms: 150,
        section_pause_ms: 1000,
        ..Default::default()
    };
    let plan = build_plan(&tree, &data, &options)?;
    let root = std::fs::canonicalize(out.parent().unwrap_or(Path::new(".")))?
        .join(out.file_name().ok_or("bad OUT_DIR")?);
    for (rel, text) in text_files(&plan, &root) {
        let path = out.join(rel);
        std::fs::create_dir_all(path.parent().ok_or("bad path")?)?;
        std::fs::write(path, text)?;
    }
    let _ = std::fs::remove_dir_all(&data);
    println!("{}", out.display());
    Ok(())
}

fn tempdir_path() -> PathBuf {
    std::env::temp_dir().join(format!("videogen-sample-{}", std::process::id()))
}

fn touch(path: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(path.parent().unwrap_or(Path::new(".")))?;
    std::fs::write(path, b"x")
}

//! Generation end to end against the fakes (which speak the real protocols): a topic
//! becomes an outline, a script, prompts, narration, word timings, images and clips, and an
//! export that passes its own checks; per sentence and per section narration; edits while
//! generating regenerate exactly what they made stale.

use videogen_app::{Scope, Stage, Studio};
use videogen_fakes::{
    ComfyConfig, FakeComfy, FakeLlm, FakeTts, FakeWhisper, LlmConfig, TtsConfig, WhisperConfig,
};
use videogen_model::{
    GenerationModelInput, ModelBackend, NarrationMode, NewProject, ProjectId, ProjectPatch,
    ProjectStatus, SentencePatch, WorkflowCategory, WorkflowType,
};

pub struct Fakes {
    pub llm: FakeLlm,
    pub tts: FakeTts,
    pub whisper: FakeWhisper,
    pub comfy: FakeComfy,
}

pub fn fakes() -> Fakes {
    Fakes {
        llm: FakeLlm::start(LlmConfig {
            api_key: None,
            ..LlmConfig::default()
        })
        .expect("llm"),
        tts: FakeTts::start(TtsConfig::default()).expect("tts"),
        whisper: FakeWhisper::start(WhisperConfig::default()).expect("whisper"),
        comfy: FakeComfy::start(ComfyConfig {
            gpu_time: std::time::Duration::from_millis(5),
            ..ComfyConfig::default()
        })
        .expect("comfy"),
    }
}

/// Points the studio at the fakes and gives it test models (templates that need no model
/// files, as a bare ComfyUI runs them).
pub fn wire(
    studio: &Studio,
    f: &Fakes,
) -> (
    videogen_model::GenerationModelId,
    videogen_model::GenerationModelId,
) {
    studio.config_set("llm.url", &f.llm.url()).expect("llm url");
    studio.config_set("tts.url", &f.tts.url()).expect("tts url");
    studio
        .config_set("whisper.url", &f.whisper.url())
        .expect("whisper url");
    studio
        .config_set("comfyui.url", &f.comfy.url())
        .expect("comfy url");
    let model = |name: &str, file: &str, category, kind, step| GenerationModelInput {
        name: name.into(),
        description: None,
        workflow_file: file.into(),
        workflow_category: category,
        workflow_type: kind,
        default_steps: Some(4),
        default_cfg: Some(1.0),
        default_frames: Some(8),
        default_fps: Some(8),
        is_active: true,
        backend: ModelBackend::Comfyui,
        frame_step: step,
        // Long enough for any sentence of the fake's: clips cover their narration.
        max_frames: Some(161),
    };
    let image = studio
        .create_model(model(
            "Test image",
            "test/image",
            WorkflowCategory::Image,
            WorkflowType::TextToImage,
            None,
        ))
        .expect("image model");
    let video = studio
        .create_model(model(
            "Test video",
            "test/video",
            WorkflowCategory::Video,
            WorkflowType::ImageToVideo,
            Some(4),
        ))
        .expect("video model");
    (image.id, video.id)
}

pub fn topic_project(studio: &Studio, f: &Fakes, minutes: u32, mode: NarrationMode) -> ProjectId {
    let (image, video) = wire(studio, f);
    let p = studio
        .create_project(NewProject {
            name: format!("Film {minutes} {mode:?}"),
            topic: Some("How lighthouses kept ships safe".into()),
            target_duration_min: Some(minutes),
        })
        .expect("project");
    studio
        .update_project(
            &p.id,
            ProjectPatch {
                model_id: Some(Some(image)),
                video_model_id: Some(Some(video)),
                narration_mode: Some(mode),
                // Small frames keep the fake's ffmpeg quick.
                size: Some(videogen_model::FrameSize::new(320, 180)),
                ..Default::default()
            },
        )
        .expect("models");
    p.id
}

async fn run(studio: &Studio) {
    let t = std::time::Instant::now();
    studio
        .run_worker(true, std::future::pending())
        .await
        .expect("worker");
    if std::env::var_os("GEN_TIMING").is_some() {
        let jobs = studio.list_jobs(None, None).expect("jobs");
        let mut per: std::collections::BTreeMap<String, (u32, i64)> = Default::default();
        for j in &jobs {
            let e = per.entry(j.kind.to_string()).or_default();
            e.0 += 1;
            e.1 += j.completed_at.unwrap_or(0) - j.started_at.unwrap_or(0);
        }
        eprintln!("run took {:?}: {per:?}", t.elapsed());
    }
}

fn assert_all_generated(studio: &Studio, id: &ProjectId) {
    let tree = studio.load_project(id).expect("tree");
    let sentences: Vec<_> = tree.sentences().collect();
    let jobs: Vec<String> = studio
        .list_jobs(Some(id), None)
        .expect("jobs")
        .iter()
        .map(|j| format!("{} {} {:?}", j.kind, j.state, j.error))
        .collect();
    assert!(
        !sentences.is_empty(),
        "the script was written; jobs: {jobs:#?}"
    );
    for s in sentences {
        assert!(
            !s.audio.dirty && s.audio.file.is_some(),
            "narration of {:?}; jobs {jobs:#?}",
            s.text
        );
        assert!(
            s.word_timings.as_ref().is_some_and(|w| !w.is_empty()),
            "timings of {:?}",
            s.text
        );
        assert!(
            !s.image.dirty && s.image.file.is_some(),
            "image of {:?}",
            s.text
        );
        assert!(
            !s.video.dirty && s.video.file.is_some(),
            "clip of {:?}",
            s.text
        );
        assert!(
            s.image_prompt.is_some() && s.video_prompt.is_some(),
            "prompts of {:?}",
            s.text
        );
        for f in [&s.audio.file, &s.image.file, &s.video.file]
            .into_iter()
            .flatten()
        {
            assert!(studio.data_dir().join(f).is_file(), "{f} on disk");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_topic_becomes_a_finished_storyboard_and_an_export() {
    let f = fakes();
    let (dir, studio) = crate::studio();
    let id = topic_project(&studio, &f, 6, NarrationMode::Sentence);
    assert_eq!(
        studio.get_project(&id).expect("p").status,
        ProjectStatus::Draft
    );

    let plan = studio.plan(&id, &Scope::default()).expect("plan");
    assert!(!plan.up_to_date && plan.llm_tokens > 0, "{plan:?}");

    studio.generate(&id, &Scope::default()).expect("generate");
    assert_eq!(
        studio.get_project(&id).expect("p").status,
        ProjectStatus::Scripting
    );
    run(&studio).await;

    assert_all_generated(&studio, &id);
    let project = studio.get_project(&id).expect("p");
    assert_eq!(project.status, ProjectStatus::Complete);
    assert!(
        project.llm_usage.calls >= 3 && project.llm_cost_usd > 0.0,
        "{:?}",
        project.llm_usage
    );
    let tree = studio.load_project(&id).expect("tree");
    assert_eq!(tree.sections.len(), 2, "6 minutes: two sections of about 3");

    // Nothing is stale: generating again queues nothing.
    let again = studio.generate(&id, &Scope::default()).expect("again");
    assert!(again.up_to_date && again.queued.is_empty(), "{again:?}");

    let target = dir.path().join("export");
    let report = studio
        .export_now(
            &videogen_app::ExportRequest {
                project_id: id.clone(),
                target: target.clone(),
                zip: false,
                fps: None,
                size: None,
                sentence_pause_ms: 300,
                section_pause_ms: 800,
                strict: true,
                section: None,
                formats: videogen_model::ExportFormat::all(),
            },
            &NoProgress,
        )
        .expect("strict export: nothing missing, nothing stale");
    assert!(report.warnings.is_empty());
    assert!(
        target
            .join("timelines")
            .read_dir()
            .expect("timelines")
            .count()
            >= 5
    );
}

struct NoProgress;
impl videogen_app::ExportProgress for NoProgress {
    fn progress(&self, _: f64, _: &str) {}
    fn is_cancelled(&self) -> bool {
        false
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn section_narration_is_one_take_split_into_sentences() {
    let f = fakes();
    let (_dir, studio) = crate::studio();
    let id = topic_project(&studio, &f, 3, NarrationMode::Section);
    studio.generate(&id, &Scope::default()).expect("generate");
    run(&studio).await;
    assert_all_generated(&studio, &id);
    let tree = studio.load_project(&id).expect("tree");
    for section in &tree.sections {
        let take = section
            .narration
            .file
            .clone()
            .expect("one take per section");
        let mut last_end = 0;
        for s in &section.sentences {
            assert_eq!(s.section_audio_file.as_deref(), Some(take.as_str()));
            let (a, b) = (
                s.audio_start_ms.expect("start"),
                s.audio_end_ms.expect("end"),
            );
            assert!(
                a == last_end && b > a,
                "contiguous ranges: {a}..{b} after {last_end}"
            );
            last_end = b;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edit_regenerates_exactly_what_it_made_stale() {
    let f = fakes();
    let (_dir, studio) = crate::studio();
    let id = topic_project(&studio, &f, 3, NarrationMode::Sentence);
    studio.generate(&id, &Scope::default()).expect("generate");
    run(&studio).await;
    let before = studio.load_project(&id).expect("tree");
    let first = before.sentences().next().expect("a sentence").clone();
    let others: Vec<_> = before.sentences().skip(1).cloned().collect();

    // A new camera move: only this clip.
    studio
        .update_sentence(
            &first.id,
            SentencePatch {
                camera_movement: Some(videogen_model::CameraMovement::ZoomIn),
                ..Default::default()
            },
        )
        .expect("edit");
    let plan = studio.plan(&id, &Scope::default()).expect("plan");
    let kinds: Vec<_> = plan.kinds.iter().map(|k| (k.kind, k.count)).collect();
    assert_eq!(kinds, vec![(videogen_model::JobKind::Video, 1)]);
    studio.generate(&id, &Scope::default()).expect("generate");
    run(&studio).await;
    let after = studio.load_project(&id).expect("tree");
    let s = after.sentences().next().expect("first");
    assert!(s.video.rev > first.video.rev && !s.video.dirty);
    assert_eq!(s.image.file, first.image.file, "the image was kept");
    assert_eq!(s.audio.file, first.audio.file, "the narration was kept");
    for (a, b) in after.sentences().skip(1).zip(&others) {
        assert_eq!(
            (&a.audio.file, &a.image.file, &a.video.file),
            (&b.audio.file, &b.image.file, &b.video.file)
        );
    }

    // Only images, when only images are asked for: the clip waits for another generate.
    studio
        .update_sentence(
            &first.id,
            SentencePatch {
                image_prompt: Some(Some("a lighthouse at dusk".into())),
                ..Default::default()
            },
        )
        .expect("prompt");
    let images_only = Scope {
        stages: Some(vec![Stage::Images]),
        ..Scope::default()
    };
    studio.generate(&id, &images_only).expect("images");
    run(&studio).await;
    let s = studio.get_sentence(&first.id).expect("s");
    assert!(
        !s.image.dirty && s.video.dirty,
        "image made, clip left for later"
    );
    assert_eq!(
        studio.get_project(&id).expect("p").status,
        ProjectStatus::Draft
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn title_cards_and_ken_burns_make_a_storyboard_without_comfyui() {
    let f = fakes();
    let (_dir, studio) = crate::studio();
    wire(&studio, &f);
    let p = studio
        .import_script_text("Cards", "# Harbour\n\nThe light turned at dusk. Ships came home.\n\n# Night\n\nThe keeper slept at dawn.")
        .expect("import");
    let card = studio
        .resolve_model("Title card")
        .expect("seeded title card model");
    let ken = studio
        .resolve_model("Ken Burns")
        .expect("seeded Ken Burns model");
    studio
        .update_project(
            &p.id,
            ProjectPatch {
                model_id: Some(Some(card)),
                video_model_id: Some(Some(ken)),
                style_id: Some(Some(studio.resolve_style("Title cards").expect("style"))),
                size: Some(videogen_model::FrameSize::new(640, 360)),
                ..Default::default()
            },
        )
        .expect("offline models");
    let plan = studio.plan(&p.id, &Scope::default()).expect("plan");
    assert_eq!(plan.gpu_ms, 0, "nothing for the GPU: {plan:?}");
    assert!(
        plan.kinds.iter().all(|k| !matches!(
            k.kind,
            videogen_model::JobKind::PromptsImage | videogen_model::JobKind::PromptsVideo
        )),
        "no prompts needed: {plan:?}"
    );
    studio.generate(&p.id, &Scope::default()).expect("generate");
    run(&studio).await;
    let tree = studio.load_project(&p.id).expect("tree");
    let rate = tree.project.frame_rate();
    for s in tree.sentences() {
        let (Some(image), Some(video)) = (&s.image.file, &s.video.file) else {
            panic!("{:?} has no card or clip", s.text);
        };
        assert!(!s.image.dirty && !s.video.dirty);
        let info =
            videogen_export::media::probe_video(&studio.data_dir().join(video)).expect("clip");
        let frames = rate.frames_covering_ms(s.audio_duration_ms.expect("narration"));
        // The clip is exactly the narration's length at the project's rate.
        assert_eq!(rate.ms_to_frame(info.duration_ms), frames, "{video}");
        assert!(studio.data_dir().join(image).is_file());
    }
    assert_eq!(
        studio.get_project(&p.id).expect("p").status,
        ProjectStatus::Complete
    );
}

fn plan_counts(studio: &Studio, id: &ProjectId) -> Vec<(videogen_model::JobKind, u32)> {
    studio
        .plan(id, &Scope::default())
        .expect("plan")
        .kinds
        .iter()
        .map(|k| (k.kind, k.count))
        .collect()
}

/// A generated project whose first and last sentences name a cast character.
async fn generated_with_cast(
    f: &Fakes,
    studio: &Studio,
) -> (ProjectId, videogen_model::CharacterId) {
    let id = topic_project(studio, f, 3, NarrationMode::Sentence);
    studio.generate(&id, &Scope::default()).expect("generate");
    run(studio).await;
    let tree = studio.load_project(&id).expect("tree");
    let all: Vec<_> = tree.sentences().map(|s| s.id.clone()).collect();
    let ada = studio
        .create_character(videogen_model::NewCharacter {
            name: "Ada".into(),
            description: Some("a keeper in a grey coat".into()),
            ..Default::default()
        })
        .expect("character");
    studio.add_to_cast(&id, &ada.id).expect("cast");
    for i in [0, all.len() - 1] {
        studio
            .update_sentence(
                &all[i],
                SentencePatch {
                    text: Some(format!("Ada climbs the stairs, line {i}.")),
                    ..Default::default()
                },
            )
            .expect("mention");
    }
    studio.generate(&id, &Scope::default()).expect("regenerate");
    run(studio).await;
    assert!(
        plan_counts(studio, &id).is_empty(),
        "all clean before the edit"
    );
    (id, ada.id)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn editing_a_character_regenerates_exactly_the_images_that_show_it() {
    let f = fakes();
    let (_dir, studio) = crate::studio();
    let (id, ada) = generated_with_cast(&f, &studio).await;
    studio
        .update_character(
            &ada,
            videogen_model::CharacterPatch {
                description: Some(Some("a keeper in a red coat".into())),
                ..Default::default()
            },
        )
        .expect("edit");
    use videogen_model::JobKind::{Image, Video};
    assert_eq!(plan_counts(&studio, &id), vec![(Image, 2), (Video, 2)]);
    studio.generate(&id, &Scope::default()).expect("generate");
    run(&studio).await;
    assert!(plan_counts(&studio, &id).is_empty());
    let images = studio
        .list_jobs(Some(&id), None)
        .expect("jobs")
        .iter()
        .filter(|j| j.kind == Image)
        .count();
    let sentences = studio.load_project(&id).expect("tree").sentences().count();
    // First generate: every sentence; the two mentions: two more, twice (text, then look).
    assert_eq!(images, sentences + 2 + 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_voice_revoices_everything_and_nothing_else() {
    let f = fakes();
    let (_dir, studio) = crate::studio();
    let id = topic_project(&studio, &f, 3, NarrationMode::Sentence);
    studio.generate(&id, &Scope::default()).expect("generate");
    run(&studio).await;
    let n = studio.load_project(&id).expect("tree").sentences().count() as u32;
    studio
        .update_project(
            &id,
            ProjectPatch {
                voice_id: Some(Some("Emily.wav".into())),
                ..Default::default()
            },
        )
        .expect("voice");
    use videogen_model::JobKind::{AudioAlign, AudioSentence};
    // Word timings follow the new narration once it exists; images and clips stay.
    assert_eq!(plan_counts(&studio, &id), vec![(AudioSentence, n)]);
    studio.generate(&id, &Scope::default()).expect("generate");
    run(&studio).await;
    assert!(plan_counts(&studio, &id).is_empty());
    let aligned = studio
        .list_jobs(Some(&id), None)
        .expect("jobs")
        .iter()
        .filter(|j| j.kind == AudioAlign)
        .count() as u32;
    assert_eq!(aligned, 2 * n, "every new narration was aligned again");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn editing_a_section_text_revoices_that_section_only() {
    let f = fakes();
    let (_dir, studio) = crate::studio();
    let id = topic_project(&studio, &f, 6, NarrationMode::Section);
    studio.generate(&id, &Scope::default()).expect("generate");
    run(&studio).await;
    let tree = studio.load_project(&id).expect("tree");
    let second = &tree.sections[1];
    let takes_before: Vec<_> = tree
        .sections
        .iter()
        .map(|s| s.narration.file.clone())
        .collect();
    studio
        .update_sentence(
            &second.sentences[0].id,
            SentencePatch {
                text: Some("A new opening for the second part.".into()),
                ..Default::default()
            },
        )
        .expect("edit");
    let counts = plan_counts(&studio, &id);
    assert!(
        counts.contains(&(videogen_model::JobKind::AudioSection, 1)),
        "{counts:?}"
    );
    studio.generate(&id, &Scope::default()).expect("generate");
    run(&studio).await;
    let after = studio.load_project(&id).expect("tree");
    assert_eq!(
        after.sections[0].narration.file, takes_before[0],
        "the first section kept its take"
    );
    assert_ne!(
        after.sections[1].narration.file, takes_before[1],
        "the second was voiced again"
    );
    assert_all_generated(&studio, &id);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edit_while_its_image_renders_keeps_the_late_take_and_renders_again() {
    let f = fakes();
    let slow = FakeComfy::start(ComfyConfig {
        gpu_time: std::time::Duration::from_millis(1500),
        ..ComfyConfig::default()
    })
    .expect("slow comfy");
    let (_dir, studio) = crate::studio();
    let p = studio
        .import_script_text("Late", "One line only.")
        .expect("import");
    let (image, _) = wire(&studio, &f);
    studio.config_set("comfyui.url", &slow.url()).expect("slow");
    studio
        .update_project(
            &p.id,
            ProjectPatch {
                model_id: Some(Some(image)),
                size: Some(videogen_model::FrameSize::new(320, 180)),
                ..Default::default()
            },
        )
        .expect("model");
    let s = studio
        .load_project(&p.id)
        .expect("tree")
        .sentences()
        .next()
        .expect("s")
        .clone();
    studio
        .update_sentence(
            &s.id,
            SentencePatch {
                image_prompt: Some(Some("a lamp".into())),
                ..Default::default()
            },
        )
        .expect("prompt");
    let images_only = Scope {
        stages: Some(vec![Stage::Images]),
        ..Scope::default()
    };
    studio.generate(&p.id, &images_only).expect("generate");
    let worker = {
        let studio = studio.clone();
        tokio::spawn(async move { studio.run_worker(true, std::future::pending()).await })
    };
    // Wait until the prompt has reached ComfyUI: only then has the job read the sentence's
    // inputs, so the edit below lands while the old prompt renders. (A job in the Running
    // state may not have read them yet on a slow machine.)
    tokio::time::timeout(std::time::Duration::from_secs(60), slow.wait_queued(1))
        .await
        .expect("the image prompt never reached ComfyUI");
    let rev_during = studio.get_sentence(&s.id).expect("s").image.rev;
    studio
        .update_sentence(
            &s.id,
            SentencePatch {
                image_prompt: Some(Some("a lamp at night".into())),
                ..Default::default()
            },
        )
        .expect("edit during the render");
    worker.await.expect("join").expect("worker");
    let after = studio.get_sentence(&s.id).expect("s");
    assert!(after.image.rev > rev_during);
    assert!(!after.image.dirty, "rendered again for the edit");
    assert_eq!(after.image.file_rev, Some(after.image.rev));
    let takes = std::fs::read_dir(studio.data_dir().join(format!("projects/{}/images", p.id)))
        .expect("images")
        .count();
    assert_eq!(
        takes, 2,
        "the late render is kept as a take beside the new one"
    );
}

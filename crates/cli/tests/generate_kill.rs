//! Crash test of generation with a real process: `videogen generate` (which runs the jobs
//! itself) is SIGKILLed at five moments chosen by a seeded RNG from observed progress —
//! sections written, narrations recorded, images and clips made — two of them with a
//! request in flight (an LLM section being written, a ComfyUI prompt rendering), and run
//! again each time. At the end every sentence is generated and the project is complete;
//! from the fakes' request logs, no section was asked of the LLM again once its step was
//! recorded, and no ComfyUI prompt id was queued twice.
//!
//! The fakes run in this test's process (their request logs are the `--log` files the
//! `videogen-fakes` binary writes too): only the worker dies, as in a real crash.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use videogen_app::Studio;
use videogen_fakes::{
    ComfyConfig, FakeComfy, FakeLlm, FakeTts, FakeWhisper, LlmConfig, LlmReply, TtsConfig,
    WhisperConfig,
};
use videogen_model::{
    GenerationModelInput, JobState, ModelBackend, NewProject, ProjectId, ProjectPatch,
    ProjectStatus, WorkflowCategory, WorkflowType,
};

const SEED: u64 = 0x5eed_0011;
/// Longer than `SHORT_MINUTES`: the script is written section by section (`script.long`).
const MINUTES: u32 = 12;
/// Sections in the reviewed outline, each short so the run stays quick: 0.3 minutes is
/// 45 words, five sentences of the fake's.
const SECTIONS: usize = 5;
const SECTION_MINUTES: f64 = 0.3;
/// Long enough that a kill lands while ComfyUI renders a prompt.
const GPU_MS: u64 = 150;
const DEADLINE: Duration = Duration::from_secs(240);

/// SplitMix64: a seeded RNG in a few lines, so the kill points repeat run after run.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// Uniform in `lo..=hi`.
    fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo + 1) as u64) as usize
    }
}

fn scratch_dir() -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("generate_kill-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn videogen(data: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_videogen"));
    cmd.arg("--data-dir").arg(data);
    cmd
}

fn run_ok(cmd: &mut Command) {
    let out = cmd.output().expect("run videogen");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(str::to_owned)
        .collect()
}

/// What the rows say has been done.
#[derive(Clone, Copy, Debug, Default)]
struct Progress {
    sections: usize,
    sentences: usize,
    narrated: usize,
    images: usize,
    clips: usize,
}

fn progress(studio: &Studio, id: &ProjectId) -> Progress {
    let tree = studio.load_project(id).expect("tree");
    let mut p = Progress {
        sections: tree.sections.len(),
        ..Progress::default()
    };
    for s in tree.sentences() {
        p.sentences += 1;
        p.narrated += usize::from(!s.audio.dirty && s.audio.file.is_some());
        p.images += usize::from(!s.image.dirty && s.image.file.is_some());
        p.clips += usize::from(!s.video.dirty && s.video.file.is_some());
    }
    p
}

/// A test project: the fakes' addresses, the test templates (they need no model files),
/// tiny frames, and a reviewed outline of short sections.
fn setup(data: &Path, llm: &FakeLlm, tts: &FakeTts, whisper: &FakeWhisper, comfy: &FakeComfy) {
    let studio = Studio::open(data).expect("open data dir");
    for (key, url) in [
        ("llm.url", llm.url()),
        ("tts.url", tts.url()),
        ("whisper.url", whisper.url()),
        ("comfyui.url", comfy.url()),
    ] {
        studio.config_set(key, &url).expect("service address");
    }
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
    let p = studio
        .create_project(NewProject {
            name: "Lighthouses".into(),
            topic: Some("How lighthouses kept ships safe".into()),
            target_duration_min: Some(MINUTES),
        })
        .expect("project");
    studio
        .update_project(
            &p.id,
            ProjectPatch {
                model_id: Some(Some(image.id)),
                video_model_id: Some(Some(video.id)),
                size: Some(videogen_model::FrameSize::new(128, 72)),
                ..Default::default()
            },
        )
        .expect("models");
}

/// Runs `videogen generate` until `kill_when` holds, then SIGKILLs it.
fn generate_until(data: &Path, log: &Path, started: Instant, mut kill_when: impl FnMut() -> bool) {
    let stderr = std::fs::File::options()
        .create(true)
        .append(true)
        .open(log)
        .expect("stderr log");
    let mut worker = videogen(data)
        .args(["generate", "Lighthouses"])
        .stdout(Stdio::null())
        .stderr(stderr)
        .spawn()
        .expect("start videogen generate");
    loop {
        if kill_when() {
            worker.kill().expect("SIGKILL the worker");
            worker.wait().expect("reap worker");
            return;
        }
        if let Some(status) = worker.try_wait().expect("worker status") {
            panic!(
                "videogen generate stopped by itself ({status}) before its kill point; see {}",
                log.display()
            );
        }
        assert!(
            started.elapsed() < DEADLINE,
            "no progress to the kill point"
        );
        // Polling another process's rows: a short pause between looks, not a synchronisation.
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// At a kill: how far the LLM log went and which sections were recorded by then.
struct Snapshot {
    llm_lines: usize,
    sections: usize,
}

#[test]
fn generate_killed_five_times_completes_and_never_asks_again_for_a_recorded_step() {
    let started = Instant::now();
    let dir = scratch_dir();
    let data = dir.join("data");
    let (llm_log, comfy_log, stderr_log) = (
        dir.join("llm.log"),
        dir.join("comfy.log"),
        dir.join("videogen.log"),
    );
    let llm = FakeLlm::start(LlmConfig {
        api_key: None,
        request_log: Some(llm_log.clone()),
        ..LlmConfig::default()
    })
    .expect("fake LLM");
    let tts = FakeTts::start(TtsConfig::default()).expect("fake TTS");
    let whisper = FakeWhisper::start(WhisperConfig::default()).expect("fake Whisper");
    let comfy = FakeComfy::start(ComfyConfig {
        gpu_time: Duration::from_millis(GPU_MS),
        request_log: Some(comfy_log.clone()),
        ..ComfyConfig::default()
    })
    .expect("fake ComfyUI");
    setup(&data, &llm, &tts, &whisper, &comfy);
    let studio = Studio::open(&data).expect("open data dir");
    let id = studio.resolve_project("Lighthouses").expect("project");

    // The outline first, reviewed to short sections (as a user may), then the script.
    run_ok(videogen(&data).args(["outline", "make", "Lighthouses"]));
    let outline = studio.outline(&id).expect("outline").expect("an outline");
    let mut planned = outline.sections.clone();
    planned.truncate(SECTIONS);
    while planned.len() < SECTIONS {
        planned.push(planned[0].clone());
    }
    for (i, s) in planned.iter_mut().enumerate() {
        s.title = format!("Part {}", i + 1);
        s.target_minutes = SECTION_MINUTES;
    }
    let sections_file = dir.join("sections.json");
    std::fs::write(
        &sections_file,
        serde_json::to_string(&planned).expect("json"),
    )
    .expect("write sections");
    run_ok(
        videogen(&data)
            .args(["outline", "edit", "Lighthouses", "--file"])
            .arg(&sections_file),
    );

    let mut rng = SplitMix(SEED);
    let mut snapshots = Vec::new();
    let mut in_flight = Vec::new();
    let snapshot = |studio: &Studio| Snapshot {
        llm_lines: lines(&llm_log).len(),
        sections: progress(studio, &id).sections,
    };

    // Kill 1: between sections, after 1..=3 were written.
    let k1 = rng.between(1, 3);
    generate_until(&data, &stderr_log, started, || {
        progress(&studio, &id).sections >= k1
    });
    snapshots.push(snapshot(&studio));
    let written = snapshots[0].sections;
    assert!(
        written < SECTIONS,
        "the script was finished before the first kill"
    );

    // Kill 2: while the next section is being written: the LLM holds that request.
    llm.script([LlmReply::Delay(Duration::from_secs(30))]);
    let ask = format!("Write section {}", written + 1);
    let asked_before = lines(&llm_log).iter().filter(|l| **l == ask).count();
    generate_until(&data, &stderr_log, started, || {
        lines(&llm_log).iter().filter(|l| **l == ask).count() > asked_before
    });
    let snap = snapshot(&studio);
    assert_eq!(
        snap.sections, written,
        "the delayed section was not recorded"
    );
    in_flight.push(format!("LLM: {ask}"));
    snapshots.push(snap);

    // Kills 3–5: after some narrations; after some images with a prompt rendering; after
    // some clips with a prompt rendering. Each waits until the jobs cut short by the kill
    // before it have finished, so no job runs out of attempts.
    let orphans = |studio: &Studio| -> Vec<videogen_model::JobId> {
        studio
            .list_jobs(Some(&id), Some(JobState::Running))
            .expect("jobs")
            .into_iter()
            .map(|j| j.id)
            .collect()
    };
    let mut previous = orphans(&studio);
    let settled = |studio: &Studio, previous: &[videogen_model::JobId]| {
        let jobs: HashMap<_, _> = studio
            .list_jobs(Some(&id), None)
            .expect("jobs")
            .into_iter()
            .map(|j| (j.id.clone(), j.state))
            .collect();
        previous
            .iter()
            .all(|j| jobs.get(j) == Some(&JobState::Succeeded))
    };
    let narrated = rng.between(2, 8);
    // Kill 2 cut script.long short twice; it must not be cut again, so wait for the script.
    generate_until(&data, &stderr_log, started, || {
        let p = progress(&studio, &id);
        p.sections == SECTIONS && p.narrated >= narrated
    });
    snapshots.push(snapshot(&studio));
    previous.extend(orphans(&studio));

    for stage in ["image", "clip"] {
        let at = progress(&studio, &id);
        let done_of = |p: &Progress| if stage == "image" { p.images } else { p.clips };
        // Short of the last one, so a prompt is still to come.
        let wanted = (done_of(&at) + rng.between(1, 6))
            .min(at.sentences.saturating_sub(2))
            .max(done_of(&at));
        let mut caught = 0;
        let prev = previous.clone();
        generate_until(&data, &stderr_log, started, || {
            caught = comfy.queue_remaining();
            caught > 0 && done_of(&progress(&studio, &id)) >= wanted && settled(&studio, &prev)
        });
        in_flight.push(format!("ComfyUI: {caught} prompt(s) at the {stage} kill"));
        snapshots.push(snapshot(&studio));
        previous = orphans(&studio);
    }

    let last = videogen(&data)
        .args(["generate", "Lighthouses"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .expect("final generate");
    assert!(
        last.status.success(),
        "the last run ends well: {}",
        String::from_utf8_lossy(&last.stderr)
    );

    // Everything was generated.
    let tree = studio.load_project(&id).expect("tree");
    assert_eq!(tree.sections.len(), SECTIONS);
    assert_eq!(tree.project.status, ProjectStatus::Complete);
    let mut sentences = 0;
    for s in tree.sentences() {
        sentences += 1;
        assert!(!s.any_dirty(), "{:?} is still stale", s.text);
        for f in [&s.audio.file, &s.image.file, &s.video.file] {
            let f = f.as_deref().expect("a file for each asset");
            assert!(data.join(f).is_file(), "{f} on disk");
        }
        assert!(s.word_timings.as_ref().is_some_and(|w| !w.is_empty()));
    }
    assert!(sentences >= SECTIONS * 3, "{sentences} sentences");
    let jobs = studio.list_jobs(Some(&id), None).expect("jobs");
    for j in &jobs {
        assert_eq!(
            j.state,
            JobState::Succeeded,
            "{} {}: {:?}",
            j.kind,
            j.id,
            j.error
        );
    }

    // No section asked for again once recorded; a repeat only where a kill cut it short.
    let asked = lines(&llm_log);
    for n in 1..=SECTIONS {
        let ask = format!("Write section {n}");
        let positions: Vec<usize> = asked
            .iter()
            .enumerate()
            .filter(|(_, l)| **l == ask)
            .map(|(i, _)| i)
            .collect();
        assert!(!positions.is_empty(), "{ask} was never asked");
        for snap in &snapshots {
            if snap.sections >= n {
                assert!(
                    positions.iter().all(|p| *p < snap.llm_lines),
                    "{ask} was asked again after its step was recorded: {asked:#?}"
                );
            }
        }
        let cut_short = snapshots
            .iter()
            .filter(|s| s.sections < n && positions.iter().any(|p| *p < s.llm_lines))
            .count();
        assert!(
            positions.len() <= 1 + cut_short,
            "{ask} asked {} times with {cut_short} kill(s) during it: {asked:#?}",
            positions.len()
        );
    }
    // Kill 2 cut a section's request short: it was asked again, and only it.
    let delayed = format!("Write section {}", written + 1);
    // (More than twice when a retry of the cut-short attempt met the fake's delay again;
    // the check above is the invariant: never after the step was recorded.)
    assert!(
        asked.iter().filter(|l| **l == delayed).count() >= 2,
        "{asked:#?}"
    );
    // No ComfyUI prompt queued twice.
    let posted = lines(&comfy_log);
    let mut seen = std::collections::HashSet::new();
    for p in &posted {
        assert!(seen.insert(p), "{p} was queued twice");
    }
    assert_eq!(
        posted.len(),
        2 * sentences,
        "one prompt per image and clip: resumed renders were followed, not queued again"
    );
    eprintln!(
        "5 kills ({in_flight:?}), {sentences} sentences, {} LLM requests, {} ComfyUI prompts, {:?}",
        asked.len(),
        posted.len(),
        started.elapsed()
    );
    let _ = std::fs::remove_dir_all(&dir);
}

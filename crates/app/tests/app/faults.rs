//! Every fault the fakes can inject ends in success or a clear error, and nothing is left
//! stuck: the worker returns, every job ends succeeded or failed with a sentence that says
//! what to do, and no job is left queued or running.

use std::time::Duration;

use videogen_app::{Scope, Stage, Studio};
use videogen_fakes::{
    ComfyConfig, FakeComfy, FakeLlm, FakeTts, FakeWhisper, LlmConfig, LlmReply, TtsConfig,
    WhisperConfig,
};
use videogen_model::{Job, JobKind, JobState, ProjectId, ProjectPatch, ProjectStatus};

use crate::generate::Fakes;

const SCRIPT: &str =
    "# Harbour\n\nThe light turned at dusk. Ships came home. The keeper wrote it down.\n\n\
# Night\n\nThe storm rose at midnight. The lamp held. Morning came grey and calm.";

/// Narration, timings, prompts and images: every service, without the clips' ffmpeg time.
fn stages() -> Scope {
    Scope {
        stages: Some(vec![
            Stage::Prompts,
            Stage::Audio,
            Stage::Align,
            Stage::Images,
        ]),
        ..Scope::default()
    }
}

fn fakes_with(comfy: ComfyConfig) -> Fakes {
    Fakes {
        llm: FakeLlm::start(LlmConfig {
            api_key: None,
            ..LlmConfig::default()
        })
        .expect("llm"),
        tts: FakeTts::start(TtsConfig::default()).expect("tts"),
        whisper: FakeWhisper::start(WhisperConfig::default()).expect("whisper"),
        comfy: FakeComfy::start(comfy).expect("comfy"),
    }
}

fn fakes() -> Fakes {
    fakes_with(ComfyConfig {
        gpu_time: Duration::from_millis(5),
        ..ComfyConfig::default()
    })
}

/// An imported script of two sections rendered with the test image template.
fn project(studio: &Studio, f: &Fakes) -> ProjectId {
    let (image, _) = crate::generate::wire(studio, f);
    let p = studio.import_script_text("Faults", SCRIPT).expect("import");
    studio
        .update_project(
            &p.id,
            ProjectPatch {
                model_id: Some(Some(image)),
                size: Some(videogen_model::FrameSize::new(128, 72)),
                ..Default::default()
            },
        )
        .expect("image model");
    p.id
}

/// Generates and runs the worker to the end, then checks that nothing is stuck and every
/// failure says what to do. Returns the project's jobs.
async fn run_to_the_end(studio: &Studio, id: &ProjectId) -> Vec<Job> {
    studio.generate(id, &stages()).expect("generate");
    // Retries back off by seconds; a minute means something is stuck.
    tokio::time::timeout(
        Duration::from_secs(90),
        studio.run_worker(true, std::future::pending()),
    )
    .await
    .expect("the worker returned: nothing is stuck")
    .expect("worker");
    let jobs = studio.list_jobs(Some(id), None).expect("jobs");
    assert!(!jobs.is_empty());
    for j in &jobs {
        match j.state {
            JobState::Succeeded => {}
            JobState::Failed => {
                let error = j.error.as_deref().unwrap_or_default();
                // A sentence, not a code: what went wrong and what to do.
                assert!(
                    error.len() > 30 && error.contains(' '),
                    "{} failed without a clear message: {error:?}",
                    j.kind
                );
            }
            other => panic!("{} {} was left {other}", j.kind, j.id),
        }
    }
    jobs
}

fn assert_all_succeeded(jobs: &[Job]) {
    for j in jobs {
        assert_eq!(j.state, JobState::Succeeded, "{} {:?}", j.kind, j.error);
    }
}

fn assert_images_made(studio: &Studio, id: &ProjectId) {
    let tree = studio.load_project(id).expect("tree");
    for s in tree.sentences() {
        assert!(!s.audio.dirty && s.word_timings.is_some(), "{:?}", s.text);
        assert!(
            !s.image.dirty && s.image.file.is_some(),
            "image of {:?}",
            s.text
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn llm_errors_malformed_bodies_and_delays_are_retried_to_success() {
    let f = fakes();
    let (_dir, studio) = crate::studio();
    let id = project(&studio, &f);
    f.llm.script([
        LlmReply::Status(500),
        LlmReply::Status(429),
        LlmReply::Status(503),
        LlmReply::Malformed,
        LlmReply::Delay(Duration::from_millis(300)),
    ]);
    let jobs = run_to_the_end(&studio, &id).await;
    assert_all_succeeded(&jobs);
    assert_images_made(&studio, &id);
    assert_eq!(
        studio.get_project(&id).expect("p").status,
        ProjectStatus::Complete,
        "the project has no video model: done"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn llm_json_that_stays_wrong_fails_the_prompts_with_the_reply_kept() {
    let f = fakes();
    let (_dir, studio) = crate::studio();
    let id = project(&studio, &f);
    // Every reply is unusable, repair rounds included.
    f.llm
        .script((0..400).map(|_| LlmReply::Content("{\"prompts\": \"soon\"}".into())));
    let jobs = run_to_the_end(&studio, &id).await;
    let failed: Vec<&Job> = jobs
        .iter()
        .filter(|j| j.state == JobState::Failed)
        .collect();
    assert!(!failed.is_empty(), "an unusable reply is a failure");
    for j in &failed {
        assert_eq!(j.kind, JobKind::PromptsImage);
        let error = j.error.as_deref().unwrap_or_default();
        assert!(
            error.contains("repair round") && error.contains("soon"),
            "the reply is kept in the error: {error}"
        );
    }
    let tries = jobs
        .iter()
        .filter(|j| j.kind == JobKind::PromptsImage)
        .count();
    // A prompts job that failed for good is not queued again by its neighbours' follow-ups
    // (each would be a paid LLM call): one job per section, until the user asks again.
    let sections = studio.load_project(&id).expect("tree").sections.len();
    assert_eq!(
        tries, sections,
        "prompts.image jobs for {sections} sections"
    );
    assert_eq!(
        studio.get_project(&id).expect("p").status,
        ProjectStatus::Failed
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tts_errors_are_retried_and_garbage_audio_ends_in_success_or_a_clear_error() {
    let f = fakes();
    let (_dir, studio) = crate::studio();
    let id = project(&studio, &f);
    f.tts.faults(|t| {
        t.statuses.extend([500, 503, 429]);
        t.garbage_next = true;
    });
    let jobs = run_to_the_end(&studio, &id).await;
    // Garbage instead of audio may fail its sentence (with a message); the rest narrate.
    let failed = jobs.iter().filter(|j| j.state == JobState::Failed).count();
    assert!(failed <= 1, "only the garbage reply may fail: {jobs:#?}");
    let narrated = studio
        .load_project(&id)
        .expect("tree")
        .sentences()
        .filter(|s| !s.audio.dirty)
        .count();
    assert!(narrated >= 5, "{narrated} of 6 narrated");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn whisper_errors_and_malformed_replies_end_well() {
    let f = fakes();
    let (_dir, studio) = crate::studio();
    let id = project(&studio, &f);
    f.whisper.fail_next(&[500, 503, 429]);
    f.whisper.malformed_next();
    let jobs = run_to_the_end(&studio, &id).await;
    let failed: Vec<&Job> = jobs
        .iter()
        .filter(|j| j.state == JobState::Failed)
        .collect();
    assert!(
        failed.iter().all(|j| j.kind == JobKind::AudioAlign),
        "{failed:#?}"
    );
    assert!(failed.len() <= 1, "only the malformed reply may fail");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn comfyui_errors_dropped_sockets_and_bad_history_are_recovered() {
    let f = fakes();
    let (_dir, studio) = crate::studio();
    let id = project(&studio, &f);
    f.comfy.faults(|c| {
        c.prompt_statuses.extend([500, 503, 429]);
        c.drop_ws_next = true;
        c.malformed_history_next = true;
    });
    let jobs = run_to_the_end(&studio, &id).await;
    assert_all_succeeded(&jobs);
    assert_images_made(&studio, &id);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_comfyui_node_error_fails_its_image_with_the_node_named() {
    let f = fakes();
    let (_dir, studio) = crate::studio();
    let id = project(&studio, &f);
    f.comfy.faults(|c| c.execution_error_next = true);
    let jobs = run_to_the_end(&studio, &id).await;
    let failed: Vec<&Job> = jobs
        .iter()
        .filter(|j| j.state == JobState::Failed)
        .collect();
    // A node's exception is the workflow's fault, not the network's: either a retry
    // renders it, or the job fails naming the node and what to change.
    for j in &failed {
        assert_eq!(j.kind, JobKind::Image);
        let error = j.error.as_deref().unwrap_or_default();
        assert!(
            error.contains("ComfyUI failed: node") && error.contains("Lower the width"),
            "{error}"
        );
    }
    assert!(failed.len() <= 1);
    let images = studio
        .load_project(&id)
        .expect("tree")
        .sentences()
        .filter(|s| !s.image.dirty)
        .count();
    assert_eq!(images + failed.len(), 6);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_comfyui_server_killed_mid_batch_leaves_the_other_to_finish() {
    let slow = ComfyConfig {
        gpu_time: Duration::from_millis(150),
        ..ComfyConfig::default()
    };
    let mut f = fakes_with(slow.clone());
    let second = FakeComfy::start(slow).expect("second comfy");
    let (_dir, studio) = crate::studio();
    let id = project(&studio, &f);
    studio
        .config_set(
            "comfyui.url",
            &format!("{},{}", f.comfy.url(), second.url()),
        )
        .expect("pool of two");
    studio.generate(&id, &stages()).expect("generate");
    let worker = {
        let studio = studio.clone();
        tokio::spawn(async move {
            tokio::time::timeout(
                Duration::from_secs(90),
                studio.run_worker(true, std::future::pending()),
            )
            .await
        })
    };
    // Mid-batch: the first server has finished a prompt and (usually) holds another; on a
    // loaded machine it may have run out of work already, so the wait is bounded.
    f.comfy.wait_completed(1).await;
    let _ = tokio::time::timeout(Duration::from_secs(2), f.comfy.wait_queued(1)).await;
    f.comfy.kill();
    worker
        .await
        .expect("worker task")
        .expect("the worker returned: nothing is stuck")
        .expect("worker");
    let jobs = run_to_the_end(&studio, &id).await;
    assert_all_succeeded(&jobs);
    assert_images_made(&studio, &id);
    assert!(second.completed() >= 1, "the other server took over");
}

//! A project from a topic as the window starts it: refused without an LLM, else created
//! with its settings and only its outline queued, reviewed and edited before the script.

use videogen_app::{Scope, Stage, TopicProject};
use videogen_model::{JobKind, SectionOutline, TtsEngine};

use crate::generate::{fakes, wire};

fn input(name: &str) -> TopicProject {
    TopicProject {
        name: name.into(),
        topic: "How lighthouses kept ships safe".into(),
        target_minutes: 6,
        style_id: None,
        tts_engine: Some(TtsEngine::Piper),
        voice_id: Some("  ".into()),
        source_notes: Some("  The Pharos of Alexandria stood for 1,500 years.  ".into()),
    }
}

#[test]
fn a_topic_without_an_llm_creates_no_project_and_says_what_is_missing() {
    let (_dir, studio) = crate::studio();
    // A remote LLM address and no key anywhere (the test keychain has none).
    studio
        .config_set("llm.url", "https://llm.invalid/v1")
        .expect("llm url");
    let writer = studio.script_writer().expect("writer");
    assert!(!writer.ready);
    assert!(writer.missing.contains("API key"), "{}", writer.missing);

    let err = studio
        .start_topic_project(&input("No key"))
        .expect_err("refused");
    assert!(err.message.contains("import a script"), "{}", err.message);
    assert!(studio.list_projects().expect("list").is_empty());
}

#[test]
fn an_empty_topic_is_refused_before_anything_is_made() {
    let (_dir, studio) = crate::studio();
    let f = fakes();
    wire(&studio, &f);
    let mut blank = input("Blank");
    blank.topic = "   ".into();
    let err = studio.start_topic_project(&blank).expect_err("refused");
    assert!(err.message.contains("topic is empty"), "{}", err.message);
    assert!(studio.list_projects().expect("list").is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_topic_project_keeps_its_settings_and_stops_at_the_outline_for_review() {
    let (_dir, studio) = crate::studio();
    let f = fakes();
    wire(&studio, &f);
    assert!(studio.script_writer().expect("writer").ready);
    let style = studio.list_styles().expect("styles").into_iter().next();
    let mut topic = input("Lighthouses");
    topic.style_id = style.as_ref().map(|s| s.id.clone());

    let project = studio.start_topic_project(&topic).expect("started");
    assert_eq!(
        project.topic.as_deref(),
        Some("How lighthouses kept ships safe")
    );
    assert_eq!(project.target_duration_min, 6);
    assert_eq!(project.tts_engine, TtsEngine::Piper);
    assert_eq!(project.voice_id, None, "a blank voice is no voice");
    assert_eq!(
        project.source_notes.as_deref(),
        Some("The Pharos of Alexandria stood for 1,500 years.")
    );
    assert_eq!(project.style_id, style.map(|s| s.id));
    let jobs = studio.list_jobs(Some(&project.id), None).expect("jobs");
    assert_eq!(
        jobs.iter().map(|j| j.kind).collect::<Vec<_>>(),
        vec![JobKind::ScriptOutline]
    );

    studio
        .run_worker(true, std::future::pending())
        .await
        .expect("worker");
    let outline = studio
        .outline(&project.id)
        .expect("outline")
        .expect("planned");
    assert!(!outline.sections.is_empty());
    assert!(
        studio
            .load_project(&project.id)
            .expect("tree")
            .sections
            .is_empty(),
        "the script waits for the review"
    );

    // The review: two sections of the user's own.
    let edited = vec![
        SectionOutline {
            title: "Fire on the hill".into(),
            summary: "The first beacons.".into(),
            target_minutes: 3.0,
            key_points: vec!["Pharos".into()],
        },
        SectionOutline {
            title: "The Fresnel lens".into(),
            summary: "Light that reaches the horizon.".into(),
            target_minutes: 3.0,
            key_points: vec![],
        },
    ];
    studio
        .set_outline_sections(&project.id, &edited)
        .expect("edited");
    studio
        .generate(
            &project.id,
            &Scope {
                stages: Some(vec![Stage::Script]),
                sections: None,
                sentences: None,
            },
        )
        .expect("write");
    studio
        .run_worker(true, std::future::pending())
        .await
        .expect("worker");
    let tree = studio.load_project(&project.id).expect("tree");
    let titles: Vec<&str> = tree.sections.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles, ["Fire on the hill", "The Fresnel lens"]);
    assert!(tree.sentences().count() > 0);
}

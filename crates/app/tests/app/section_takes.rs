//! A section voiced in one take: every take stays listed, rolling back makes an earlier one
//! current without voicing or queueing anything, and the next "generate" only cuts the
//! sentences again from the chosen take.

use videogen_app::{Scope, Studio};
use videogen_model::{AssetKind, ErrorCode, JobKind, NarrationMode, ProjectId, SectionId};

use crate::generate::{fakes, topic_project};

async fn run(studio: &Studio) {
    studio
        .run_worker(true, std::future::pending())
        .await
        .expect("worker");
}

fn job_count(studio: &Studio, id: &ProjectId) -> usize {
    studio.list_jobs(Some(id), None).expect("jobs").len()
}

fn section_of(studio: &Studio, id: &ProjectId) -> videogen_model::Section {
    studio.load_project(id).expect("tree").sections[0].clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rolling_back_a_section_take_queues_nothing_and_generate_only_recuts_it() {
    let f = fakes();
    let (_dir, studio) = crate::studio();
    let id = topic_project(&studio, &f, 1, NarrationMode::Section);
    studio.generate(&id, &Scope::default()).expect("generate");
    run(&studio).await;
    let section: SectionId = section_of(&studio, &id).id;
    // A second take of the section, so there is an earlier one to go back to.
    studio
        .regenerate(
            &id,
            &[AssetKind::Audio],
            Some(std::slice::from_ref(&section)),
            None,
        )
        .expect("narrate again");
    run(&studio).await;

    let takes = studio
        .list_section_narration_takes(&section)
        .expect("takes");
    assert_eq!(takes.len(), 2, "{takes:?}");
    assert!(
        takes[0].current && !takes[1].current,
        "newest first, newest in use"
    );
    let (newer, older) = (takes[0].clone(), takes[1].clone());
    assert_ne!(newer.file, older.file);
    let before = section_of(&studio, &id);
    assert!(before
        .sentences
        .iter()
        .all(|s| s.section_audio_file.as_deref() == Some(newer.file.as_str())));

    // Only this section's narrations roll back here: not a scene's cut, not another section's.
    let scene = &before.sentences[0];
    let cut = studio.list_takes(&scene.id).expect("scene takes")[0].clone();
    assert_eq!(
        studio
            .roll_back_section_narration_take(&section, &cut.id)
            .unwrap_err()
            .code,
        ErrorCode::NotFound
    );
    let other = SectionId("0190d5a1-0000-7000-8000-000000000000".into());
    assert_eq!(
        studio
            .roll_back_section_narration_take(&other, &older.id)
            .unwrap_err()
            .code,
        ErrorCode::NotFound
    );

    let jobs = job_count(&studio, &id);
    let rolled = studio
        .roll_back_section_narration_take(&section, &older.id)
        .expect("roll back");
    assert_eq!(rolled.narration.file.as_deref(), Some(older.file.as_str()));
    assert_eq!(rolled.narration.duration_ms, older.duration_ms);
    assert!(
        !rolled.narration.dirty,
        "the chosen take is current and clean"
    );
    assert!(
        rolled.sentences.iter().all(|s| s.audio.dirty),
        "the sentences' cuts came from the other take"
    );
    assert_eq!(job_count(&studio, &id), jobs, "rollback queues nothing");
    let listed = studio
        .list_section_narration_takes(&section)
        .expect("takes");
    assert!(listed.iter().any(|t| t.id == older.id && t.current));
    assert!(listed.iter().any(|t| t.id == newer.id && !t.current));

    // The next generate aligns and cuts from the chosen take; it voices nothing.
    studio.generate(&id, &Scope::default()).expect("generate");
    let queued: Vec<JobKind> = studio
        .list_jobs(Some(&id), None)
        .expect("jobs")
        .iter()
        .filter(|j| j.completed_at.is_none())
        .map(|j| j.kind)
        .collect();
    assert!(
        queued.contains(&JobKind::AudioAlign) && !queued.contains(&JobKind::AudioSection),
        "{queued:?}"
    );
    run(&studio).await;
    let after = section_of(&studio, &id);
    assert_eq!(after.narration.file.as_deref(), Some(older.file.as_str()));
    for s in &after.sentences {
        assert!(!s.audio.dirty, "cut again");
        assert_eq!(s.section_audio_file.as_deref(), Some(older.file.as_str()));
    }
    assert_eq!(
        studio
            .list_section_narration_takes(&section)
            .expect("takes")
            .len(),
        2,
        "no new narration was voiced"
    );
}

#[test]
fn a_section_never_voiced_has_no_takes_and_refuses_an_unknown_one() {
    let (_dir, studio) = crate::studio();
    let p = studio
        .import_script_text("Film", "# One\n\nHello there.")
        .expect("import");
    let section = studio.load_project(&p.id).expect("tree").sections[0]
        .id
        .clone();
    assert!(studio
        .list_section_narration_takes(&section)
        .expect("none")
        .is_empty());
    let err = studio
        .roll_back_section_narration_take(&section, "no-such-take")
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
}

//! Takes and the storyboard's regenerate: every image a scene has had stays listed, rolling
//! back makes an older one current without queueing anything, and "regenerate" makes an
//! up-to-date piece again. Images are title cards (rendered in-process, no server).

use videogen_app::{Scope, Stage, Studio};
use videogen_model::{AssetKind, DomainEvent, Entity, ErrorCode, JobKind, ProjectId, ProjectPatch};

use crate::studio;

/// A two-scene project whose images are title cards, with every image made once.
async fn project_with_images(studio: &Studio) -> ProjectId {
    let p = studio
        .import_script_text("Cards", "The tide comes in. The tide goes out.")
        .expect("import");
    let card = studio
        .resolve_model("Title card")
        .expect("title card model");
    studio
        .update_project(
            &p.id,
            ProjectPatch {
                model_id: Some(Some(card)),
                size: Some(videogen_model::FrameSize::new(320, 180)),
                ..Default::default()
            },
        )
        .expect("model");
    let images = Scope {
        stages: Some(vec![Stage::Images]),
        ..Scope::default()
    };
    studio.generate(&p.id, &images).expect("generate");
    run(studio).await;
    p.id
}

async fn run(studio: &Studio) {
    studio
        .run_worker(true, std::future::pending())
        .await
        .expect("worker");
}

fn scenes(studio: &Studio, id: &ProjectId) -> Vec<videogen_model::SentenceId> {
    studio
        .load_project(id)
        .expect("tree")
        .sentences()
        .map(|s| s.id.clone())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn regenerating_an_up_to_date_image_makes_a_new_take_of_that_scene_only() {
    let (_dir, studio) = studio();
    let p = project_with_images(&studio).await;
    let ids = scenes(&studio, &p);
    let before = studio.get_sentence(&ids[0]).expect("scene");
    assert!(!before.image.dirty && before.image.file.is_some());
    // Up to date: a plain generate of images has nothing to do.
    let images = Scope {
        stages: Some(vec![Stage::Images]),
        ..Scope::default()
    };
    assert!(studio.generate(&p, &images).expect("generate").up_to_date);

    let queued = studio
        .regenerate(&p, &[AssetKind::Image], None, Some(&ids[..1]))
        .expect("regenerate");
    assert_eq!(queued.queued, vec![(JobKind::Image, 1)], "{queued:?}");
    assert!(!studio.get_sentence(&ids[1]).expect("other").image.dirty);
    run(&studio).await;

    let after = studio.get_sentence(&ids[0]).expect("scene");
    assert!(!after.image.dirty);
    assert_ne!(after.image.file, before.image.file, "a new file per take");
    assert_ne!(after.image_seed, before.image_seed, "a new seed");
    let takes = studio.list_takes(&ids[0]).expect("takes");
    let images: Vec<_> = takes
        .iter()
        .filter(|t| t.kind == AssetKind::Image)
        .collect();
    assert_eq!(images.len(), 2, "{takes:?}");
    assert!(
        images[0].current && !images[1].current,
        "newest first and current"
    );
    assert_eq!(studio.list_takes(&ids[1]).expect("other takes").len(), 1);
    // The storyboard shows the new take's thumbnail.
    let row = &studio.storyboard_rows(&p, &ids[..1]).expect("row")[0];
    let thumb = row.thumb.as_deref().expect("a thumbnail");
    assert!(studio.data_dir().join(thumb).is_file(), "{thumb}");
    assert!(thumb.ends_with(".webp") && thumb.contains("/thumbs/"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rolling_back_makes_an_older_take_current_and_queues_nothing() {
    let (_dir, studio) = studio();
    let p = project_with_images(&studio).await;
    let ids = scenes(&studio, &p);
    studio
        .regenerate(&p, &[AssetKind::Image], None, Some(&ids[..1]))
        .expect("regenerate");
    run(&studio).await;
    let takes = studio.list_takes(&ids[0]).expect("takes");
    let (newest, oldest) = (&takes[0], &takes[1]);
    // The opposite state first: the newest take is current.
    assert_eq!(
        studio
            .get_sentence(&ids[0])
            .expect("scene")
            .image
            .file
            .as_deref(),
        Some(newest.file.as_str())
    );
    let jobs_before = studio.list_jobs(Some(&p), None).expect("jobs").len();
    let mut events = studio.subscribe();

    let rolled = studio
        .roll_back_take(&ids[0], &oldest.id)
        .expect("roll back");

    assert_eq!(rolled.image.file.as_deref(), Some(oldest.file.as_str()));
    assert!(!rolled.image.dirty, "the user's pick is current and clean");
    assert_eq!(
        studio.list_jobs(Some(&p), None).expect("jobs").len(),
        jobs_before,
        "rollback queues nothing"
    );
    let listed = studio.list_takes(&ids[0]).expect("takes");
    assert!(listed.iter().any(|t| t.id == oldest.id && t.current));
    assert!(listed.iter().any(|t| t.id == newest.id && !t.current));
    let row = &studio.storyboard_rows(&p, &ids[..1]).expect("row")[0];
    assert!(
        row.thumb.as_deref().is_some_and(|t| oldest
            .file
            .contains(t.rsplit('/').next().unwrap_or("").trim_end_matches(".webp"))),
        "the thumbnail is the rolled-back image's: {:?}",
        row.thumb
    );
    let mut told = false;
    while let Ok(event) = events.try_recv() {
        if let DomainEvent::Changed { changes } = event {
            told |= changes
                .iter()
                .any(|c| c.entity == Entity::Sentence && c.id == ids[0].as_str());
        }
    }
    assert!(told, "the window hears of the rollback like any edit");

    // And forward again.
    let back = studio.roll_back_take(&ids[0], &newest.id).expect("forward");
    assert_eq!(back.image.file.as_deref(), Some(newest.file.as_str()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_take_of_another_scene_cannot_be_rolled_back_onto_this_one() {
    let (_dir, studio) = studio();
    let p = project_with_images(&studio).await;
    let ids = scenes(&studio, &p);
    let theirs = studio.list_takes(&ids[1]).expect("takes")[0].clone();
    let mine = studio.get_sentence(&ids[0]).expect("scene");

    let err = studio
        .roll_back_take(&ids[0], &theirs.id)
        .expect_err("not this scene's take");

    assert_eq!(err.code, ErrorCode::NotFound);
    assert_eq!(
        studio.get_sentence(&ids[0]).expect("scene").image,
        mine.image
    );
    // A section lists the takes of all its scenes.
    let section = studio.load_project(&p).expect("tree").sections[0]
        .id
        .clone();
    let all = studio.list_section_takes(&section).expect("section takes");
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].sentence_id, ids[0]);
    assert_eq!(all[1].sentence_id, ids[1]);
}

#[test]
fn regenerate_refuses_an_empty_choice_and_leaves_the_scenes_as_they_were() {
    let (_dir, studio) = studio();
    let p = studio
        .import_script_text("Cards", "One line. Two lines.")
        .expect("import");
    let ids = scenes(&studio, &p.id);
    let before = studio.get_sentence(&ids[0]).expect("scene");

    let err = studio
        .regenerate(&p.id, &[], None, Some(&ids))
        .expect_err("nothing chosen");
    assert_eq!(err.code, ErrorCode::InvalidInput);
    let err = studio
        .regenerate(
            &p.id,
            &[AssetKind::Image],
            None,
            Some(&[videogen_model::SentenceId("gone".into())]),
        )
        .expect_err("no such scene");
    assert_eq!(err.code, ErrorCode::NotFound);
    assert_eq!(studio.get_sentence(&ids[0]).expect("scene"), before);
}

/// The storyboard's rows of a 2,700-scene project: one read of the tree, no word timings or
/// prompts sent. Run with `--ignored --nocapture` to see the figure.
#[test]
#[ignore = "a measurement: 2,700 sentences are imported first"]
fn storyboard_of_2700_scenes_is_read_quickly() {
    let (_dir, studio) = studio();
    let mut script = String::new();
    for section in 1..=30 {
        script.push_str(&format!("# Chapter {section}\n\n"));
        for n in 1..=90 {
            script.push_str(&format!(
                "The river turns toward the sea in part {n} of chapter {section}. "
            ));
        }
        script.push_str("\n\n");
    }
    let p = studio.import_script_text("Long", &script).expect("import");
    let started = std::time::Instant::now();
    let board = studio.storyboard(&p.id).expect("storyboard");
    let took = started.elapsed();
    let bytes = serde_json::to_vec(&board).expect("json").len();
    eprintln!(
        "storyboard of {} scenes: {took:?}, {} KB as JSON",
        board.rows.len(),
        bytes / 1024
    );
    assert_eq!(board.rows.len(), 2700);
    assert!(took < std::time::Duration::from_secs(2), "{took:?}");
}

//! A clip remembers the image it was made from: rolling the image back to that take makes
//! the clip current again; rolling it to another image makes the clip out of date.

use videogen_model::{AssetKind, CameraMovement, SentenceId, SentencePatch};
use videogen_store::repo::{sentences, takes};

use crate::fixture::Fixture;

/// Records an image take at the sentence's current image revision; returns its take id.
fn new_image(f: &Fixture, id: &SentenceId, file: &str) -> String {
    let rev = f.sentence(id).image.rev;
    f.store
        .write(|tx| {
            takes::record_sentence_take(
                tx,
                id,
                AssetKind::Image,
                &takes::NewTake {
                    rev,
                    file,
                    ..Default::default()
                },
                None,
            )
        })
        .expect("image take");
    take_of(f, id, AssetKind::Image, file)
}

/// Records a clip made from `image` at the sentence's current clip revision.
fn new_clip(f: &Fixture, id: &SentenceId, file: &str, image: &str) -> bool {
    let rev = f.sentence(id).video.rev;
    clip_at(f, id, file, image, rev)
}

fn clip_at(f: &Fixture, id: &SentenceId, file: &str, image: &str, rev: i64) -> bool {
    f.store
        .write(|tx| {
            takes::record_sentence_take(
                tx,
                id,
                AssetKind::Video,
                &takes::NewTake {
                    rev,
                    file,
                    duration_ms: Some(1500),
                    source_file: Some(image),
                    ..Default::default()
                },
                None,
            )
        })
        .expect("clip take")
}

fn take_of(f: &Fixture, id: &SentenceId, kind: AssetKind, file: &str) -> String {
    f.store
        .read(|c| takes::list(c, id, kind))
        .expect("takes")
        .into_iter()
        .find(|t| t.file == file)
        .expect("the take is listed")
        .id
}

/// Rolls back as the app does: a new revision of the kind first, then the take.
fn roll_back(f: &Fixture, id: &SentenceId, kind: AssetKind, take: &str) {
    f.store
        .write(|tx| {
            sentences::bump_revision(tx, id, kind)?;
            takes::roll_back(tx, take)
        })
        .expect("roll back");
}

/// "Regenerate with a new seed": the image and its clip go out of date, then the new image
/// lands.
fn regenerate_image(f: &Fixture, id: &SentenceId, file: &str) -> String {
    f.store
        .write(|tx| sentences::set_image_seed(tx, id, 77))
        .expect("new seed");
    new_image(f, id, file)
}

/// Sentence 0 with image A and a clip made from A, both current and clean.
fn clip_from_a(f: &Fixture) -> (SentenceId, String) {
    let id = f.sentences[0].clone();
    let a = new_image(f, &id, "a.png");
    assert!(f.sentence(&id).video.dirty, "a new image dirties the clip");
    assert!(
        new_clip(f, &id, "clip-a.mp4", "a.png"),
        "a clip at its revision is clean"
    );
    let s = f.sentence(&id);
    assert_eq!(s.image.file.as_deref(), Some("a.png"));
    assert!(
        !s.image.dirty && !s.video.dirty,
        "image and clip clean to start with"
    );
    (id, a)
}

#[test]
fn going_back_to_the_image_a_clip_was_made_from_makes_that_clip_current_again() {
    let f = Fixture::new();
    let (id, a) = clip_from_a(&f);
    regenerate_image(&f, &id, "b.png");
    let before = f.sentence(&id);
    assert_eq!(before.image.file.as_deref(), Some("b.png"));
    assert!(
        before.video.dirty,
        "the clip of A is out of date beside image B"
    );

    roll_back(&f, &id, AssetKind::Image, &a);
    let after = f.sentence(&id);
    assert_eq!(after.image.file.as_deref(), Some("a.png"));
    assert_eq!(after.video.file.as_deref(), Some("clip-a.mp4"));
    assert!(!after.image.dirty, "the chosen image is current");
    assert!(!after.video.dirty, "the clip made from A is current again");
    assert!(!after.any_dirty());
    assert!(
        after.video.rev > before.video.rev,
        "the clip's revision moved on"
    );

    // A clip render of image B that was still under way lands late and changes nothing.
    clip_at(&f, &id, "clip-b.mp4", "b.png", before.video.rev);
    let s = f.sentence(&id);
    assert_eq!(
        s.video.file.as_deref(),
        Some("clip-a.mp4"),
        "the late clip did not replace it"
    );
    assert!(!s.video.dirty);
}

#[test]
fn a_clip_whose_camera_changed_since_stays_out_of_date_when_its_image_comes_back() {
    let f = Fixture::new();
    let (id, a) = clip_from_a(&f);
    regenerate_image(&f, &id, "b.png");
    f.store
        .write(|tx| {
            sentences::update(
                tx,
                &id,
                &SentencePatch {
                    camera_movement: Some(CameraMovement::Orbit),
                    ..Default::default()
                },
            )
        })
        .expect("camera");

    roll_back(&f, &id, AssetKind::Image, &a);
    let s = f.sentence(&id);
    assert_eq!(s.image.file.as_deref(), Some("a.png"));
    assert!(
        s.video.dirty,
        "the clip was made with another camera movement"
    );
}

#[test]
fn going_back_to_another_image_than_the_clip_s_makes_the_clip_out_of_date() {
    let f = Fixture::new();
    let (id, a) = clip_from_a(&f);
    regenerate_image(&f, &id, "b.png");
    assert!(new_clip(&f, &id, "clip-b.mp4", "b.png"));
    assert!(
        !f.sentence(&id).any_dirty(),
        "image B and its clip are current"
    );

    roll_back(&f, &id, AssetKind::Image, &a);
    let s = f.sentence(&id);
    assert_eq!(s.image.file.as_deref(), Some("a.png"));
    assert!(!s.image.dirty);
    assert!(s.video.dirty, "the clip shows image B, not A");

    // Going back to the clip of A makes it current with the image it was made from.
    let clip_a = take_of(&f, &id, AssetKind::Video, "clip-a.mp4");
    roll_back(&f, &id, AssetKind::Video, &clip_a);
    // And then B again: clip A is out of date, then back to A and clip A is current.
    let b = take_of(&f, &id, AssetKind::Image, "b.png");
    roll_back(&f, &id, AssetKind::Image, &b);
    assert!(f.sentence(&id).video.dirty, "clip A beside image B");
    roll_back(&f, &id, AssetKind::Image, &a);
    let s = f.sentence(&id);
    assert_eq!(s.video.file.as_deref(), Some("clip-a.mp4"));
    assert!(!s.video.dirty, "clip A is current with image A again");
}

/// Attaches a clip as the app's attach does: a new revision, then the file.
fn attach_clip(f: &Fixture, id: &SentenceId, file: &str) {
    f.store
        .write(|tx| {
            let rev = sentences::bump_revision(tx, id, AssetKind::Video)?;
            sentences::record_asset(
                tx,
                id,
                AssetKind::Video,
                rev,
                &sentences::AssetResult {
                    file,
                    duration_ms: Some(1500),
                    word_timings: None,
                },
            )
        })
        .expect("attach");
}

#[test]
fn an_attached_clip_is_never_taken_for_the_clip_of_an_image() {
    let f = Fixture::new();
    let (id, a) = clip_from_a(&f);
    // The user's own clip replaces the one made from A: nothing says what it shows.
    attach_clip(&f, &id, "mine.mp4");
    assert!(!f.sentence(&id).video.dirty, "an attached clip is current");
    regenerate_image(&f, &id, "b.png");
    assert!(f.sentence(&id).video.dirty);
    roll_back(&f, &id, AssetKind::Image, &a);
    let s = f.sentence(&id);
    assert_eq!(s.video.file.as_deref(), Some("mine.mp4"));
    assert!(s.video.dirty, "the attached clip was not made from image A");

    // Attached beside image B, then the image goes back to A: out of date, as after a new image.
    let f = Fixture::new();
    let (id, a) = clip_from_a(&f);
    regenerate_image(&f, &id, "b.png");
    attach_clip(&f, &id, "mine.mp4");
    assert!(!f.sentence(&id).video.dirty);
    roll_back(&f, &id, AssetKind::Image, &a);
    assert!(
        f.sentence(&id).video.dirty,
        "the image changed under the attached clip"
    );
}

#[test]
fn choosing_the_current_image_again_after_a_new_seed_makes_its_clip_current_again() {
    // "New seed" makes the image and its clip out of date; the user keeps image A after all.
    let f = Fixture::new();
    let (id, a) = clip_from_a(&f);
    f.store
        .write(|tx| sentences::set_image_seed(tx, &id, 99))
        .expect("new seed");
    let s = f.sentence(&id);
    assert!(
        s.image.dirty && s.video.dirty,
        "both out of date after a new seed"
    );
    roll_back(&f, &id, AssetKind::Image, &a);
    let s = f.sentence(&id);
    assert_eq!(s.image.file.as_deref(), Some("a.png"));
    assert!(
        !s.image.dirty && !s.video.dirty,
        "image A and its clip are current"
    );
}

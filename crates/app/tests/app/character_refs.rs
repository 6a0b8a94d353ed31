//! Reference images of a character: copied into the data dir, listed, removed.

use videogen_model::{ErrorCode, NewCharacter};

use crate::studio;

/// A valid 1×1 PNG.
pub const PNG_1X1: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0,
    0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

fn ada(studio: &videogen_app::Studio) -> videogen_model::Character {
    studio
        .create_character(NewCharacter {
            name: "Ada".into(),
            description: Some("A woman in a dark Victorian dress".into()),
            style_lora: None,
            aliases: vec!["the Countess".into()],
        })
        .expect("character")
}

#[test]
fn a_picked_image_is_copied_into_the_data_dir_and_survives_the_original() {
    let (dir, studio) = studio();
    let ada = ada(&studio);
    let picked = dir.path().join("portrait.PNG");
    std::fs::write(&picked, PNG_1X1).expect("write");

    let with_one = studio
        .add_character_reference(&ada.id, &picked)
        .expect("add");
    let expected = format!("characters/{}/ref_1.png", ada.id.as_str());
    assert_eq!(with_one.reference_images, std::slice::from_ref(&expected));
    std::fs::remove_file(&picked).expect("the user deletes the original");
    let copy = dir.path().join("data").join(&expected);
    assert_eq!(std::fs::read(&copy).expect("copy"), PNG_1X1);

    std::fs::write(&picked, PNG_1X1).expect("write again");
    let with_two = studio
        .add_character_reference(&ada.id, &picked)
        .expect("add again");
    assert_eq!(
        with_two.reference_images[1],
        format!("characters/{}/ref_2.png", ada.id.as_str())
    );
    assert_eq!(
        studio.list_characters().expect("list")[0]
            .reference_images
            .len(),
        2
    );
}

#[test]
fn a_file_that_is_not_an_image_is_refused_and_nothing_is_copied() {
    let (dir, studio) = studio();
    let ada = ada(&studio);
    let fake = dir.path().join("notes.png");
    std::fs::write(&fake, b"these are notes, not a picture").expect("write");
    let err = studio.add_character_reference(&ada.id, &fake).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidFile);
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, b"notes").expect("write");
    let err = studio.add_character_reference(&ada.id, &text).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidFile);
    assert!(err.message.contains("PNG, JPEG or WebP"), "{}", err.message);
    let folder = dir.path().join("data/characters").join(ada.id.as_str());
    let copied = std::fs::read_dir(&folder).map(|d| d.count()).unwrap_or(0);
    assert_eq!(copied, 0);
    assert!(studio.list_characters().expect("list")[0]
        .reference_images
        .is_empty());
}

#[test]
fn removing_a_reference_takes_it_off_the_list_and_deletes_the_copy() {
    let (dir, studio) = studio();
    let ada = ada(&studio);
    let picked = dir.path().join("p.png");
    std::fs::write(&picked, PNG_1X1).expect("write");
    let added = studio
        .add_character_reference(&ada.id, &picked)
        .expect("add");
    let file = added.reference_images[0].clone();
    let after = studio
        .remove_character_reference(&ada.id, &file)
        .expect("remove");
    assert!(after.reference_images.is_empty());
    assert!(!dir.path().join("data").join(&file).exists());
    let err = studio
        .remove_character_reference(&ada.id, &file)
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
}

#[test]
fn a_new_reference_makes_the_images_of_casting_projects_stale() {
    let (dir, studio) = studio();
    let ada = ada(&studio);
    let p = studio
        .import_script_text("Engines", "Ada wrote the first program.")
        .expect("import");
    studio.add_to_cast(&p.id, &ada.id).expect("cast");
    let sentence = studio.load_project(&p.id).expect("load").sections[0].sentences[0].clone();
    let picked = dir.path().join("p.png");
    std::fs::write(&picked, PNG_1X1).expect("write");
    // The scene has a current image of its own.
    let attached = studio
        .attach_media(&sentence.id, videogen_model::AssetKind::Image, &picked)
        .expect("attach");
    assert!(!attached.image.dirty);
    let before = attached.image.rev;
    studio
        .add_character_reference(&ada.id, &picked)
        .expect("add");
    let after = studio.get_sentence(&sentence.id).expect("sentence");
    assert!(after.image.dirty);
    assert!(
        after.image.rev > before,
        "{} -> {}",
        before,
        after.image.rev
    );
}

#[test]
fn deleting_a_character_removes_its_copied_references_and_no_one_elses() {
    let (dir, studio) = studio();
    let data = dir.path().join("data");
    let ada = ada(&studio);
    let bob = studio
        .create_character(NewCharacter {
            name: "Bob".into(),
            description: None,
            style_lora: None,
            aliases: vec![],
        })
        .expect("bob");
    let picked = dir.path().join("portrait.png");
    std::fs::write(&picked, PNG_1X1).expect("write");
    for c in [&ada, &bob] {
        studio.add_character_reference(&c.id, &picked).expect("add");
    }
    let ada_dir = data.join("characters").join(ada.id.as_str());
    let bob_dir = data.join("characters").join(bob.id.as_str());
    assert!(ada_dir.join("ref_1.png").is_file() && bob_dir.join("ref_1.png").is_file());

    studio.delete_character(&ada.id).expect("delete");
    assert!(!ada_dir.exists(), "Ada's copies are gone");
    let left: Vec<String> = std::fs::read_dir(data.join("characters"))
        .expect("characters")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, [bob.id.as_str()], "nothing set aside is left behind");
    assert_eq!(
        std::fs::read(bob_dir.join("ref_1.png")).expect("Bob's copy"),
        PNG_1X1
    );
    assert!(picked.is_file(), "the picked original is the user's: kept");
    let names: Vec<String> = studio
        .list_characters()
        .expect("list")
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(names, ["Bob"]);
}

#[test]
fn deleting_an_unknown_character_touches_no_folder() {
    let (dir, studio) = studio();
    let data = dir.path().join("data");
    // A folder named like the id asked for, with no character row behind it.
    let stray = data
        .join("characters")
        .join("0190d5a1-0000-7000-8000-000000000000");
    std::fs::create_dir_all(&stray).expect("dir");
    std::fs::write(stray.join("ref_1.png"), PNG_1X1).expect("file");
    let err = studio
        .delete_character(&videogen_model::CharacterId(
            "0190d5a1-0000-7000-8000-000000000000".into(),
        ))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
    assert!(stray.join("ref_1.png").is_file());
    let err = studio
        .delete_character(&videogen_model::CharacterId("..".into()))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
    assert!(data.join("studio.db").is_file());
}

#[test]
fn a_character_without_references_deletes_without_a_folder() {
    let (dir, studio) = studio();
    let ada = ada(&studio);
    assert!(!dir
        .path()
        .join("data/characters")
        .join(ada.id.as_str())
        .exists());
    studio.delete_character(&ada.id).expect("delete");
    assert!(studio.list_characters().expect("list").is_empty());
}

//! Create, read, update, delete, order and load, through the repositories.

use videogen_model::{
    CharacterPatch, GenerationModelInput, NewCharacter, NewProject, ProjectPatch, StyleType,
    VisualStyleInput, WorkflowCategory, WorkflowType,
};
use videogen_store::repo::{catalog, characters, projects, sections, sentences};

use crate::fixture::{open, Fixture};

#[test]
fn load_project_returns_sections_and_sentences_in_order() {
    let f = Fixture::new();
    let tree = f
        .store
        .read(|c| projects::load_tree(c, &f.project))
        .expect("tree");
    let titles: Vec<&str> = tree.sections.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles, ["One", "Two"]);
    let texts: Vec<&str> = tree.sentences().map(|s| s.text.as_str()).collect();
    assert_eq!(texts, ["First.", "Second.", "Third.", "Fourth."]);
    assert_eq!(tree.project.cast, vec![f.character.clone()]);
}

#[test]
fn sections_insert_at_a_position_and_reorder() {
    let f = Fixture::new();
    let mid = f
        .store
        .write(|tx| sections::create(tx, &f.project, "Middle", Some(1)))
        .expect("create");
    let order = |f: &Fixture| -> Vec<String> {
        f.store
            .read(|c| projects::load_tree(c, &f.project))
            .expect("tree")
            .sections
            .into_iter()
            .map(|s| s.title)
            .collect()
    };
    assert_eq!(order(&f), ["One", "Middle", "Two"]);
    let wanted = [f.sections[1].clone(), mid.id.clone(), f.sections[0].clone()];
    f.store
        .write(|tx| sections::reorder(tx, &f.project, &wanted))
        .expect("reorder");
    assert_eq!(order(&f), ["Two", "Middle", "One"]);
    f.store
        .write(|tx| sections::delete(tx, &mid.id))
        .expect("delete");
    let tree = f
        .store
        .read(|c| projects::load_tree(c, &f.project))
        .expect("tree");
    assert_eq!(
        tree.sections.iter().map(|s| s.order).collect::<Vec<_>>(),
        [0, 1]
    );
}

#[test]
fn sentences_insert_at_a_position_and_delete_closes_the_gap() {
    let f = Fixture::new();
    let s = f
        .store
        .write(|tx| sentences::create(tx, &f.sections[0], "Inserted.", Some(0)))
        .expect("create");
    assert_eq!(s.order, 0);
    assert!(
        s.audio.dirty && s.image.dirty && s.video.dirty,
        "a new sentence needs everything"
    );
    f.store
        .write(|tx| sentences::delete(tx, &f.sentences[0]))
        .expect("delete");
    let tree = f
        .store
        .read(|c| projects::load_tree(c, &f.project))
        .expect("tree");
    let first: Vec<(&str, u32)> = tree.sections[0]
        .sentences
        .iter()
        .map(|s| (s.text.as_str(), s.order))
        .collect();
    assert_eq!(first, [("Inserted.", 0), ("Second.", 1)]);
}

#[test]
fn a_sentence_cannot_move_to_another_project() {
    let f = Fixture::new();
    let g = Fixture::new_in(&f);
    let err = f
        .store
        .write(|tx| sentences::move_to(tx, &f.sentences[0], &g, 0))
        .unwrap_err();
    assert!(err.to_string().contains("own project"), "{err}");
}

impl Fixture {
    /// A section of a second project in the same store.
    fn new_in(f: &Fixture) -> videogen_model::SectionId {
        f.store
            .write(|tx| {
                let p = projects::create(
                    tx,
                    &NewProject {
                        name: "Second".into(),
                        ..Default::default()
                    },
                )?;
                Ok(sections::create(tx, &p.id, "S", None)?.id)
            })
            .expect("second project")
    }
}

#[test]
fn a_deleted_project_is_recoverable_until_purged_which_cascades_to_its_script_only() {
    let f = Fixture::new();
    let count = |f: &Fixture| -> i64 {
        f.store
            .read(|c| Ok(c.query_row("SELECT COUNT(*) FROM sentences", [], |r| r.get(0))?))
            .expect("count")
    };
    assert_eq!(count(&f), 4);
    f.store
        .write(|tx| projects::delete(tx, &f.project))
        .expect("delete");
    assert!(f.store.read(|c| projects::get(c, &f.project)).is_err());
    assert!(f.store.read(projects::list).expect("list").is_empty());
    assert!(f.store.read(|c| projects::resolve(c, "Fixture")).is_err());
    assert_eq!(count(&f), 4, "rows stay while the project is in the trash");
    let trash = f.store.read(projects::list_deleted).expect("trash");
    assert_eq!(trash.len(), 1);

    let back = f
        .store
        .write(|tx| projects::restore(tx, &f.project))
        .expect("restore");
    assert_eq!(back.name, "Fixture");
    assert_eq!(f.store.read(projects::list).expect("list").len(), 1);

    assert!(
        f.store.write(|tx| projects::purge(tx, &f.project)).is_err(),
        "only a deleted project can be purged"
    );
    f.store
        .write(|tx| {
            projects::delete(tx, &f.project)?;
            projects::purge(tx, &f.project)
        })
        .expect("delete and purge");
    assert_eq!(count(&f), 0);
    assert!(f.store.read(|c| characters::get(c, &f.character)).is_ok());
}

#[test]
fn list_counts_sections_sentences_and_dirty_sentences() {
    let f = Fixture::new();
    f.store
        .write(|tx| {
            sentences::update(
                tx,
                &f.sentences[0],
                &videogen_model::SentencePatch {
                    text: Some("Changed.".into()),
                    ..Default::default()
                },
            )
        })
        .expect("edit");
    let list = f.store.read(projects::list).expect("list");
    assert_eq!(list.len(), 1);
    let p = &list[0];
    assert_eq!(
        (p.section_count, p.sentence_count, p.dirty_sentence_count),
        (2, 4, 1)
    );
    assert_eq!(
        p.audio_duration_ms,
        4 * 1500,
        "the edited sentence keeps its old take until a new one lands"
    );
}

#[test]
fn project_patch_changes_fields_and_validates_size_and_rate() {
    let f = Fixture::new();
    let patch = ProjectPatch {
        name: Some("Renamed".into()),
        size: Some(videogen_model::FrameSize::new(1280, 720)),
        fps: Some(videogen_model::FrameRate::new(30000, 1001)),
        ..Default::default()
    };
    let p = f
        .store
        .write(|tx| projects::update(tx, &f.project, &patch))
        .expect("update");
    assert_eq!(
        (p.name.as_str(), p.width, p.height, p.fps_num, p.fps_den),
        ("Renamed", 1280, 720, 30000, 1001)
    );
    let bad = ProjectPatch {
        size: Some(videogen_model::FrameSize::new(1281, 720)),
        ..Default::default()
    };
    assert!(f
        .store
        .write(|tx| projects::update(tx, &f.project, &bad))
        .is_err());
}

#[test]
fn projects_resolve_by_prefix_or_exact_name() {
    let (_dir, store) = open();
    let p = store
        .write(|tx| {
            projects::create(
                tx,
                &NewProject {
                    name: "Rome".into(),
                    ..Default::default()
                },
            )
        })
        .expect("create");
    assert_eq!(
        store
            .read(|c| projects::resolve(c, "Rome"))
            .expect("by name"),
        p.id
    );
    assert_eq!(
        store
            .read(|c| projects::resolve(c, &p.id.0[..20]))
            .expect("by prefix"),
        p.id
    );
    assert!(store.read(|c| projects::resolve(c, "Athens")).is_err());
}

#[test]
fn characters_and_cast_round_trip() {
    let (_dir, store) = open();
    let c = store
        .write(|tx| {
            characters::create(
                tx,
                &NewCharacter {
                    name: "Marcus".into(),
                    description: Some("a centurion".into()),
                    style_lora: None,
                    aliases: Vec::new(),
                },
            )
        })
        .expect("create");
    let patch = CharacterPatch {
        reference_images: Some(vec!["characters/m/ref_1.png".into()]),
        ..Default::default()
    };
    let c2 = store
        .write(|tx| characters::update(tx, &c.id, &patch))
        .expect("update");
    assert_eq!(c2.reference_images, ["characters/m/ref_1.png"]);
    assert_eq!(store.read(characters::list).expect("list").len(), 1);
    store
        .write(|tx| characters::delete(tx, &c.id))
        .expect("delete");
    assert!(store.read(characters::list).expect("list").is_empty());
}

#[test]
fn models_and_styles_are_validated_and_editable() {
    let (_dir, store) = open();
    let input = GenerationModelInput {
        name: "My SDXL".into(),
        description: None,
        workflow_file: "image/sdxl-custom".into(),
        workflow_category: WorkflowCategory::Image,
        workflow_type: WorkflowType::TextToImage,
        default_steps: Some(30),
        default_cfg: Some(7.0),
        default_frames: None,
        default_fps: None,
        is_active: true,
        backend: videogen_model::ModelBackend::Comfyui,
        frame_step: None,
        max_frames: None,
    };
    let m = store
        .write(|tx| catalog::create_model(tx, &input))
        .expect("create");
    assert_eq!(m.workflow_file, "image/sdxl-custom");
    let bad = GenerationModelInput {
        workflow_file: "../../etc/passwd".into(),
        ..input.clone()
    };
    assert!(store.write(|tx| catalog::create_model(tx, &bad)).is_err());
    let wrong = GenerationModelInput {
        workflow_type: WorkflowType::ImageToVideo,
        ..input
    };
    assert!(store.write(|tx| catalog::create_model(tx, &wrong)).is_err());

    let style = VisualStyleInput {
        name: "Noir".into(),
        description: None,
        style_type: StyleType::Lora,
        prompt_prefix: Some("film noir".into()),
        lora_file: None,
        lora_strength: 0.8,
        compatible_models: vec![m.id.clone()],
        requires_character_ref: false,
        is_active: true,
        negative_prompt: None,
        colours: Default::default(),
    };
    let err = store
        .write(|tx| catalog::create_style(tx, &style))
        .unwrap_err();
    assert!(err.to_string().contains("LoRA file"), "{err}");
    let ok = VisualStyleInput {
        lora_file: Some("noir.safetensors".into()),
        ..style
    };
    let s = store
        .write(|tx| catalog::create_style(tx, &ok))
        .expect("create");
    assert_eq!(s.compatible_models, vec![m.id]);
}

#[test]
fn an_exact_name_wins_and_underscores_are_not_wildcards() {
    let (_dir, store) = open();
    let a = store
        .write(|tx| {
            projects::create(
                tx,
                &NewProject {
                    name: "Alpha".into(),
                    ..Default::default()
                },
            )
        })
        .expect("a");
    let b = store
        .write(|tx| {
            projects::create(
                tx,
                &NewProject {
                    name: "Beta".into(),
                    ..Default::default()
                },
            )
        })
        .expect("b");
    // A project whose name is a prefix of both ids.
    let shared: String =
        a.id.0
            .chars()
            .zip(b.id.0.chars())
            .take_while(|(x, y)| x == y)
            .map(|(x, _)| x)
            .collect();
    let prefix = &shared[..shared.len().min(6)];
    let c = store
        .write(|tx| {
            projects::create(
                tx,
                &NewProject {
                    name: prefix.into(),
                    ..Default::default()
                },
            )
        })
        .expect("c");
    assert_eq!(
        store
            .read(|conn| projects::resolve(conn, prefix))
            .expect("by name"),
        c.id
    );
    let wild = format!("{}_", &a.id.0[..8]);
    assert!(
        store.read(|conn| projects::resolve(conn, &wild)).is_err(),
        "_ is a character, not a wildcard"
    );
    assert_eq!(
        store
            .read(|conn| projects::resolve(conn, &a.id.0.to_uppercase()[..20]))
            .expect("upper-case prefix"),
        a.id
    );
}

#[test]
fn one_resolver_names_sentences_by_full_id_or_unique_prefix() {
    let f = Fixture::new();
    let id = f.sentences[2].clone();
    let by = |key: &str| f.store.read(|c| sentences::resolve(c, key));
    assert_eq!(by(id.as_str()).expect("full id"), id);
    assert_eq!(by(&id.as_str().to_uppercase()[..24]).expect("prefix"), id);
    // Too short, a wildcard, or something that is no id at all: not found, never a guess.
    assert!(by(&id.as_str()[..3]).is_err());
    assert!(by("%").is_err());
    assert!(by("____-").is_err());
    // All four sentences were made in the same millisecond range: a short shared prefix
    // is ambiguous and says so.
    let shared: String = f.sentences[0]
        .as_str()
        .chars()
        .zip(f.sentences[3].as_str().chars())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a)
        .collect();
    if shared.len() >= 4 {
        let err = by(&shared).expect_err("ambiguous");
        assert!(err.to_string().contains("several sentences"), "{err}");
    }
}

//! Each row of the dirty-rule table (FR-801…805), exercised through the operation a user
//! performs, checking what became dirty and, as important, what did not.

use videogen_model::{
    AssetKind, CameraMovement, CharacterPatch, ProjectPatch, SentencePatch, StyleId,
};
use videogen_store::dirty::{effects, Edit, RULES};
use videogen_store::repo::{catalog, characters, projects, sections, sentences, takes};

use crate::fixture::Fixture;

const CLEAN: (bool, bool, bool) = (false, false, false);
const ALL: (bool, bool, bool) = (true, true, true);

fn edit_sentence(f: &Fixture, i: usize, patch: SentencePatch) {
    let id = f.sentences[i].clone();
    f.store
        .write(|tx| sentences::update(tx, &id, &patch))
        .expect("update");
}

#[test]
fn every_edit_has_exactly_one_rule() {
    let edits = [
        Edit::SentenceText,
        Edit::ImagePrompt,
        Edit::NewImage,
        Edit::VideoPrompt,
        Edit::CameraMovement,
        Edit::MotionStrength,
        Edit::ProjectVoice,
        Edit::ProjectImageModel,
        Edit::ProjectVideoModel,
        Edit::ProjectStyle,
        Edit::CharacterDescription,
        Edit::CharacterReferences,
        Edit::CharacterLora,
        Edit::SectionTitle,
        Edit::SectionSentenceList,
        Edit::SpokenText,
        Edit::CastOverride,
        Edit::ClipChoice,
        Edit::Casting,
        Edit::SectionNarrationTake,
    ];
    for edit in edits {
        assert_eq!(
            RULES.iter().filter(|(e, _)| *e == edit).count(),
            1,
            "{edit:?}"
        );
    }
    assert_eq!(RULES.len(), edits.len());
}

#[test]
fn sentence_text_dirties_its_assets_prompts_and_section_narration_only() {
    let f = Fixture::new();
    let before = f.sentence(&f.sentences[0]);
    edit_sentence(
        &f,
        0,
        SentencePatch {
            text: Some("A new first line.".into()),
            ..Default::default()
        },
    );
    assert_eq!(f.flags(), vec![ALL, CLEAN, CLEAN, CLEAN]);
    let after = f.sentence(&f.sentences[0]);
    assert!(
        after.image_prompt_stale && after.video_prompt_stale,
        "generated prompts are stale"
    );
    assert_eq!(after.audio.rev, before.audio.rev + 1);
    assert_eq!(after.image.rev, before.image.rev + 1);
    assert_eq!(after.video.rev, before.video.rev + 1);
    assert!(f.section_dirty(0));
    assert!(!f.section_dirty(1));
    assert!(effects(Edit::SentenceText).stale_prompts);
}

#[test]
fn same_text_again_dirties_nothing() {
    let f = Fixture::new();
    edit_sentence(
        &f,
        0,
        SentencePatch {
            text: Some("  First.  ".into()),
            ..Default::default()
        },
    );
    assert_eq!(f.flags(), vec![CLEAN; 4]);
    assert!(!f.section_dirty(0));
}

#[test]
fn user_prompt_is_not_marked_stale_by_text_edits() {
    let f = Fixture::new();
    edit_sentence(
        &f,
        1,
        SentencePatch {
            image_prompt: Some(Some("my own prompt".into())),
            ..Default::default()
        },
    );
    f.make_clean(&f.sentences[1]);
    edit_sentence(
        &f,
        1,
        SentencePatch {
            text: Some("Changed.".into()),
            ..Default::default()
        },
    );
    let s = f.sentence(&f.sentences[1]);
    assert_eq!(s.effective_image_prompt(), Some("my own prompt"));
    assert_eq!(s.image_prompt_user.as_deref(), Some("my own prompt"));
}

#[test]
fn image_prompt_dirties_image_and_video() {
    let f = Fixture::new();
    edit_sentence(
        &f,
        2,
        SentencePatch {
            image_prompt: Some(Some("a red door".into())),
            ..Default::default()
        },
    );
    assert_eq!(f.flags(), vec![CLEAN, CLEAN, (false, true, true), CLEAN]);
    assert!(!f.section_dirty(1), "narration does not depend on prompts");
}

#[test]
fn new_image_dirties_video_only() {
    let f = Fixture::new();
    let id = f.sentences[3].clone();
    let rev = f.sentence(&id).image.rev;
    let result = sentences::AssetResult {
        file: "new.png",
        duration_ms: None,
        word_timings: None,
    };
    let clean = f
        .store
        .write(|tx| sentences::record_asset(tx, &id, AssetKind::Image, rev, &result))
        .expect("record");
    assert!(clean);
    assert_eq!(f.flags(), vec![CLEAN, CLEAN, CLEAN, (false, false, true)]);
}

#[test]
fn video_prompt_camera_and_motion_dirty_video_only() {
    let f = Fixture::new();
    edit_sentence(
        &f,
        0,
        SentencePatch {
            video_prompt: Some(Some("slow push".into())),
            ..Default::default()
        },
    );
    edit_sentence(
        &f,
        1,
        SentencePatch {
            camera_movement: Some(CameraMovement::Orbit),
            ..Default::default()
        },
    );
    edit_sentence(
        &f,
        2,
        SentencePatch {
            motion_strength: Some(0.9),
            ..Default::default()
        },
    );
    let v = (false, false, true);
    assert_eq!(f.flags(), vec![v, v, v, CLEAN]);
}

#[test]
fn project_voice_dirties_all_audio_and_section_narrations() {
    let f = Fixture::new();
    let patch = ProjectPatch {
        voice_id: Some(Some("Emily.wav".into())),
        ..Default::default()
    };
    f.store
        .write(|tx| projects::update(tx, &f.project, &patch))
        .expect("update");
    assert_eq!(f.flags(), vec![(true, false, false); 4]);
    assert!(f.section_dirty(0) && f.section_dirty(1));
}

#[test]
fn project_model_and_style_dirty_all_images_and_videos() {
    let f = Fixture::new();
    let model = f.store.read(catalog::list_models).expect("models")[0]
        .id
        .clone();
    let patch = ProjectPatch {
        model_id: Some(Some(model)),
        ..Default::default()
    };
    f.store
        .write(|tx| projects::update(tx, &f.project, &patch))
        .expect("update");
    assert_eq!(f.flags(), vec![(false, true, true); 4]);

    let f = Fixture::new();
    let style: StyleId = f.store.read(catalog::list_styles).expect("styles")[0]
        .id
        .clone();
    let patch = ProjectPatch {
        style_id: Some(Some(style)),
        ..Default::default()
    };
    f.store
        .write(|tx| projects::update(tx, &f.project, &patch))
        .expect("update");
    assert_eq!(f.flags(), vec![(false, true, true); 4]);

    let f = Fixture::new();
    let video_model = f
        .store
        .read(catalog::list_models)
        .expect("models")
        .into_iter()
        .find(|m| m.workflow_category == videogen_model::WorkflowCategory::Video)
        .expect("a video model")
        .id;
    let patch = ProjectPatch {
        video_model_id: Some(Some(video_model)),
        ..Default::default()
    };
    f.store
        .write(|tx| projects::update(tx, &f.project, &patch))
        .expect("update");
    assert_eq!(f.flags(), vec![(false, false, true); 4]);
}

/// Sentence 0 names Ada, sentence 3 calls her by her alias, 1 and 2 do not mention her;
/// everything clean again after the setup.
fn ada_in_first_and_last(f: &Fixture) {
    edit_sentence(
        f,
        0,
        SentencePatch {
            text: Some("Ada arrives at dawn.".into()),
            ..Default::default()
        },
    );
    edit_sentence(
        f,
        3,
        SentencePatch {
            text: Some("The Countess leaves.".into()),
            ..Default::default()
        },
    );
    let alias = CharacterPatch {
        aliases: Some(vec!["the Countess".into()]),
        ..Default::default()
    };
    f.store
        .write(|tx| characters::update(tx, &f.character, &alias))
        .expect("alias");
    for id in f.sentences.clone() {
        f.make_clean(&id);
    }
    assert_eq!(f.flags(), vec![CLEAN; 4], "clean before the edit");
}

#[test]
fn character_changes_dirty_exactly_the_images_that_show_it() {
    for patch in [
        CharacterPatch {
            description: Some(Some("tall, red coat".into())),
            ..Default::default()
        },
        CharacterPatch {
            reference_images: Some(vec!["characters/x/ref_1.png".into()]),
            ..Default::default()
        },
        CharacterPatch {
            style_lora: Some(Some("ada_v2.safetensors".into())),
            ..Default::default()
        },
    ] {
        let f = Fixture::new();
        ada_in_first_and_last(&f);
        // A second project that does not cast the character stays clean, though it names her.
        let other = f
            .store
            .write(|tx| {
                let p = projects::create(
                    tx,
                    &videogen_model::NewProject {
                        name: "Other".into(),
                        ..Default::default()
                    },
                )?;
                let s = sections::create(tx, &p.id, "", None)?;
                sentences::append_many(tx, &s.id, &["Ada, alone.".into()])
            })
            .expect("other project");
        let rev_before = f.sentence(&other[0]).image.rev;
        f.store
            .write(|tx| characters::update(tx, &f.character, &patch))
            .expect("update");
        assert_eq!(
            f.flags(),
            vec![(false, true, true), CLEAN, CLEAN, (false, true, true)],
            "{patch:?}"
        );
        assert_eq!(f.sentence(&other[0]).image.rev, rev_before, "{patch:?}");
    }
}

#[test]
fn a_cast_override_decides_who_is_shown() {
    let f = Fixture::new();
    ada_in_first_and_last(&f);
    // Sentence 1 shows Ada by the user's choice; sentence 0 names her but shows nobody.
    edit_sentence(
        &f,
        1,
        SentencePatch {
            cast_override: Some(Some(vec![f.character.clone()])),
            ..Default::default()
        },
    );
    edit_sentence(
        &f,
        0,
        SentencePatch {
            cast_override: Some(Some(vec![])),
            ..Default::default()
        },
    );
    assert_eq!(
        f.flags()[1],
        (false, true, true),
        "an override is a new look"
    );
    for id in f.sentences.clone() {
        f.make_clean(&id);
    }
    let patch = CharacterPatch {
        description: Some(Some("grey cloak".into())),
        ..Default::default()
    };
    f.store
        .write(|tx| characters::update(tx, &f.character, &patch))
        .expect("update");
    assert_eq!(
        f.flags(),
        vec![CLEAN, (false, true, true), CLEAN, (false, true, true)]
    );
}

#[test]
fn renaming_a_character_dirties_the_images_naming_the_old_or_new_name() {
    let f = Fixture::new();
    ada_in_first_and_last(&f);
    edit_sentence(
        &f,
        2,
        SentencePatch {
            text: Some("Lovelace writes.".into()),
            ..Default::default()
        },
    );
    f.make_clean(&f.sentences[2].clone());
    let patch = CharacterPatch {
        name: Some("Lovelace".into()),
        ..Default::default()
    };
    f.store
        .write(|tx| characters::update(tx, &f.character, &patch))
        .expect("update");
    // 0 named her old name, 2 her new one, 3 her unchanged alias; 1 never mentions her.
    assert_eq!(
        f.flags(),
        vec![
            (false, true, true),
            CLEAN,
            (false, true, true),
            (false, true, true)
        ]
    );
}

#[test]
fn casting_and_uncasting_dirty_the_images_that_name_the_character() {
    let f = Fixture::new();
    ada_in_first_and_last(&f);
    f.store
        .write(|tx| projects::remove_from_cast(tx, &f.project, &f.character))
        .expect("uncast");
    assert_eq!(
        f.flags(),
        vec![(false, true, true), CLEAN, CLEAN, (false, true, true)]
    );
    for id in f.sentences.clone() {
        f.make_clean(&id);
    }
    f.store
        .write(|tx| projects::add_to_cast(tx, &f.project, &f.character))
        .expect("cast");
    assert_eq!(
        f.flags(),
        vec![(false, true, true), CLEAN, CLEAN, (false, true, true)]
    );
}

#[test]
fn spoken_text_revoices_only_and_clip_choice_redoes_only_the_clip() {
    let f = Fixture::new();
    assert!(!f.section_dirty(0));
    edit_sentence(
        &f,
        0,
        SentencePatch {
            spoken_text: Some(Some("Ay-da arrives.".into())),
            ..Default::default()
        },
    );
    assert_eq!(f.flags()[0], (true, false, false));
    assert!(f.section_dirty(0), "the section's one take says it too");
    assert!(!f.sentence(&f.sentences[0]).image_prompt_stale);
    edit_sentence(
        &f,
        1,
        SentencePatch {
            clip_choice: Some(Some(videogen_model::ClipChoice::KenBurns)),
            ..Default::default()
        },
    );
    assert_eq!(f.flags()[1], (false, false, true));
    assert_eq!(&f.flags()[2..], &[CLEAN, CLEAN]);
}

#[test]
fn section_title_dirties_nothing() {
    let f = Fixture::new();
    let id = f.sections[0].clone();
    f.store
        .write(|tx| sections::rename(tx, &id, "Renamed"))
        .expect("rename");
    assert_eq!(f.flags(), vec![CLEAN; 4]);
    assert!(!f.section_dirty(0));
}

#[test]
fn moving_a_sentence_dirties_only_both_section_narrations() {
    let f = Fixture::new();
    let (id, to) = (f.sentences[0].clone(), f.sections[1].clone());
    let moved = f
        .store
        .write(|tx| sentences::move_to(tx, &id, &to, 1))
        .expect("move");
    assert_eq!(moved.section_id, to);
    assert_eq!(moved.order, 1);
    assert_eq!(f.flags(), vec![CLEAN; 4]);
    assert!(f.section_dirty(0) && f.section_dirty(1));
    let tree = f
        .store
        .read(|c| projects::load_tree(c, &f.project))
        .expect("tree");
    let texts: Vec<Vec<&str>> = tree
        .sections
        .iter()
        .map(|s| s.sentences.iter().map(|t| t.text.as_str()).collect())
        .collect();
    assert_eq!(
        texts,
        vec![vec!["Second."], vec!["Third.", "First.", "Fourth."]]
    );
}

#[test]
fn reordering_sentences_dirties_section_narration_only() {
    let f = Fixture::new();
    let order = [f.sentences[1].clone(), f.sentences[0].clone()];
    let section = f.sections[0].clone();
    f.store
        .write(|tx| sentences::reorder(tx, &section, &order))
        .expect("reorder");
    assert_eq!(f.flags(), vec![CLEAN; 4]);
    assert!(f.section_dirty(0) && !f.section_dirty(1));
}

#[test]
fn late_result_for_edited_text_keeps_the_sentence_dirty() {
    let f = Fixture::new();
    let id = f.sentences[0].clone();
    edit_sentence(
        &f,
        0,
        SentencePatch {
            text: Some("Edit one.".into()),
            ..Default::default()
        },
    );
    let rendering_from = f.sentence(&id).audio.rev;
    // The user edits again while the narration for the first edit is being voiced.
    edit_sentence(
        &f,
        0,
        SentencePatch {
            text: Some("Edit two.".into()),
            ..Default::default()
        },
    );
    let result = sentences::AssetResult {
        file: "late.wav",
        duration_ms: Some(900),
        word_timings: None,
    };
    let clean = f
        .store
        .write(|tx| sentences::record_asset(tx, &id, AssetKind::Audio, rendering_from, &result))
        .expect("record");
    assert!(!clean);
    let s = f.sentence(&id);
    assert!(s.audio.dirty, "the edit is not hidden by the late result");
    assert_eq!(
        s.audio.file.as_deref(),
        Some("late.wav"),
        "the take is kept for playback"
    );
    assert_eq!(s.audio.file_rev, Some(rendering_from));
}

#[test]
fn split_and_merge_dirty_the_changed_sentences_and_their_section() {
    let f = Fixture::new();
    f.store
        .write(|tx| {
            sentences::update(
                tx,
                &f.sentences[2],
                &SentencePatch {
                    text: Some("Part one, part two.".into()),
                    ..Default::default()
                },
            )
        })
        .expect("text");
    f.make_clean(&f.sentences[2]);
    let section_rev = |f: &Fixture| {
        f.store
            .read(|c| sections::get(c, &f.sections[1]))
            .expect("s")
            .narration
            .rev
    };
    let rev0 = section_rev(&f);
    let (a, b) = f
        .store
        .write(|tx| sentences::split(tx, &f.sentences[2], 9))
        .expect("split");
    assert_eq!(
        (a.text.as_str(), b.text.as_str()),
        ("Part one,", "part two.")
    );
    assert!(a.audio.dirty && b.audio.dirty && b.order == a.order + 1);
    assert!(section_rev(&f) > rev0);
    assert!(!f.sentence(&f.sentences[0]).any_dirty());
    let merged = f
        .store
        .write(|tx| sentences::merge(tx, &a.id, &b.id))
        .expect("merge");
    assert_eq!(merged.text, "Part one, part two.");
    assert!(f.store.read(|c| sentences::get(c, &b.id)).is_err());
    let tree = f
        .store
        .read(|c| projects::load_tree(c, &f.project))
        .expect("tree");
    let orders: Vec<u32> = tree.sections[1].sentences.iter().map(|s| s.order).collect();
    assert_eq!(orders, vec![0, 1]);
}

#[test]
fn a_late_result_never_replaces_a_newer_file() {
    let f = Fixture::new();
    let id = f.sentences[0].clone();
    edit_sentence(
        &f,
        0,
        SentencePatch {
            image_prompt: Some(Some("first".into())),
            ..Default::default()
        },
    );
    let old_rev = f.sentence(&id).image.rev;
    edit_sentence(
        &f,
        0,
        SentencePatch {
            image_prompt: Some(Some("second".into())),
            ..Default::default()
        },
    );
    let new_rev = f.sentence(&id).image.rev;
    let record = |file: &str, rev: i64| {
        let result = sentences::AssetResult {
            file,
            duration_ms: None,
            word_timings: None,
        };
        f.store
            .write(|tx| sentences::record_asset(tx, &id, AssetKind::Image, rev, &result))
            .expect("record")
    };
    assert!(record("new.png", new_rev));
    let video_rev = f.sentence(&id).video.rev;
    assert!(
        record("old.png", old_rev),
        "the asset stays clean: its newer file is current"
    );
    let s = f.sentence(&id);
    assert_eq!(
        s.image.file.as_deref(),
        Some("new.png"),
        "the newer image stays"
    );
    assert_eq!(s.image.file_rev, Some(new_rev));
    assert!(!s.image.dirty);
    assert_eq!(
        s.video.rev, video_rev,
        "a discarded late image does not dirty the clip"
    );
}

#[test]
fn deleting_or_changing_the_model_in_use_dirties_its_projects() {
    let f = Fixture::new();
    let model = f.store.read(catalog::list_models).expect("models")[0].clone();
    let patch = ProjectPatch {
        model_id: Some(Some(model.id.clone())),
        ..Default::default()
    };
    f.store
        .write(|tx| projects::update(tx, &f.project, &patch))
        .expect("use model");
    for id in f.sentences.clone() {
        f.make_clean(&id);
    }
    let mut input = videogen_model::GenerationModelInput {
        name: model.name.clone(),
        description: model.description.clone(),
        workflow_file: model.workflow_file.clone(),
        workflow_category: model.workflow_category,
        workflow_type: model.workflow_type,
        default_steps: model.default_steps,
        default_cfg: model.default_cfg,
        default_frames: model.default_frames,
        default_fps: model.default_fps,
        is_active: model.is_active,
        backend: videogen_model::ModelBackend::Comfyui,
        frame_step: None,
        max_frames: None,
    };
    input.name = "Renamed only".into();
    f.store
        .write(|tx| catalog::update_model(tx, &model.id, &input))
        .expect("rename");
    assert_eq!(
        f.flags(),
        vec![CLEAN; 4],
        "a new name renders nothing differently"
    );
    f.store
        .write(|tx| catalog::delete_model(tx, &model.id))
        .expect("delete");
    assert_eq!(f.flags(), vec![(false, true, true); 4]);
}

#[test]
fn changing_the_look_of_the_style_in_use_dirties_its_projects_and_keeps_its_creation_time() {
    let f = Fixture::new();
    let style = f.store.read(catalog::list_styles).expect("styles")[0].clone();
    let patch = ProjectPatch {
        style_id: Some(Some(style.id.clone())),
        ..Default::default()
    };
    f.store
        .write(|tx| projects::update(tx, &f.project, &patch))
        .expect("use style");
    for id in f.sentences.clone() {
        f.make_clean(&id);
    }
    let input = videogen_model::VisualStyleInput {
        name: style.name.clone(),
        description: style.description.clone(),
        style_type: style.style_type,
        prompt_prefix: Some("pencil sketch".into()),
        lora_file: style.lora_file.clone(),
        lora_strength: style.lora_strength,
        compatible_models: style.compatible_models.clone(),
        requires_character_ref: style.requires_character_ref,
        is_active: style.is_active,
        negative_prompt: None,
        colours: Default::default(),
    };
    let after = f
        .store
        .write(|tx| catalog::update_style(tx, &style.id, &input))
        .expect("update");
    assert_eq!(after.prompt_prefix.as_deref(), Some("pencil sketch"));
    assert_eq!(after.created_at, style.created_at);
    assert_eq!(f.flags(), vec![(false, true, true); 4]);
}

#[test]
fn rolling_back_a_section_take_makes_its_sentences_cuts_stale_and_nothing_else() {
    let f = Fixture::new();
    let section = f.sections[0].clone();
    // A second take on top of the fixture's "n.wav", so there is an earlier one to go back to.
    let rev = f
        .store
        .read(|c| sections::get(c, &section))
        .expect("section")
        .narration
        .rev;
    f.store
        .write(|tx| {
            takes::record_section_take(
                tx,
                &section,
                &takes::NewTake {
                    rev,
                    file: "first.wav",
                    duration_ms: Some(4000),
                    ..Default::default()
                },
            )?;
            takes::record_section_take(
                tx,
                &section,
                &takes::NewTake {
                    rev,
                    file: "second.wav",
                    duration_ms: Some(5000),
                    ..Default::default()
                },
            )
        })
        .expect("takes");
    let listed = f
        .store
        .read(|c| takes::list_section(c, &section))
        .expect("list");
    assert_eq!(
        listed.iter().map(|t| t.file.as_str()).collect::<Vec<_>>(),
        ["second.wav", "first.wav"],
        "newest first"
    );
    let before = f.sentence(&f.sentences[0]);
    f.store
        .write(|tx| takes::roll_back(tx, &listed[1].id))
        .expect("roll back");
    let after = f
        .store
        .read(|c| sections::get(c, &section))
        .expect("section");
    assert_eq!(after.narration.file.as_deref(), Some("first.wav"));
    assert_eq!(after.narration.duration_ms, Some(4000));
    assert!(
        !after.narration.dirty,
        "the chosen take is current and clean"
    );
    assert_eq!(
        after.narration.rev,
        rev + 1,
        "a late narration lands as late"
    );
    assert_eq!(
        f.flags(),
        vec![(true, false, false), (true, false, false), CLEAN, CLEAN]
    );
    assert_eq!(f.sentence(&f.sentences[0]).audio.rev, before.audio.rev + 1);
    assert!(!f.section_dirty(1));
    assert!(effects(Edit::SectionNarrationTake).audio);
}

//! The first-run welcome: shown for a data directory with no project until dismissed; the
//! demo project it offers is made once, set up for the draft engines.

use videogen_app::demo::DEMO_NAME;
use videogen_model::{NewProject, TtsEngine};

use crate::studio;

#[test]
fn a_new_data_directory_shows_the_welcome_until_dismissed() {
    let (_dir, studio) = studio();
    let first = studio.first_run().expect("first run");
    assert!(first.show);
    assert_eq!(first.demo_project, None);

    studio.dismiss_first_run().expect("dismiss");
    assert!(!studio.first_run().expect("first run").show);
}

#[test]
fn a_data_directory_with_projects_is_not_on_its_first_run() {
    let (_dir, studio) = studio();
    studio
        .create_project(NewProject {
            name: "Made before the upgrade".into(),
            topic: None,
            target_duration_min: None,
        })
        .expect("create");
    assert!(!studio.first_run().expect("first run").show);
}

#[test]
fn the_demo_project_is_made_once_for_the_draft_engines() {
    let (_dir, studio) = studio();
    let demo = studio.open_demo_project().expect("demo");
    let again = studio.open_demo_project().expect("demo again");
    assert_eq!(demo, again, "opening the demo twice opens the same project");

    let projects = studio.list_projects().expect("list");
    assert_eq!(projects.len(), 1);
    assert_eq!(projects[0].name, DEMO_NAME);
    assert!(projects[0].sentence_count > 0);
    let project = studio.get_project(&demo).expect("project");
    assert_eq!(project.tts_engine, TtsEngine::Piper);

    let first = studio.first_run().expect("first run");
    assert!(!first.show, "opening the demo ends the welcome");
    assert_eq!(first.demo_project, Some(demo));
}

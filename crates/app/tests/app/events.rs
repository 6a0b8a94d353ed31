//! Events after commits, ours and another process's.

use std::time::Duration;

use videogen_model::{DomainEvent, Entity, NewProject};

use crate::studio;

#[test]
fn a_commit_is_announced_after_it_lands() {
    let (_dir, studio) = studio();
    let mut events = studio.subscribe();
    let p = studio
        .create_project(NewProject {
            name: "Heard".into(),
            ..Default::default()
        })
        .expect("create");
    let event = events.try_recv().expect("an event was sent at commit");
    let DomainEvent::Changed { changes } = event else {
        panic!("expected Changed, got {event:?}");
    };
    assert!(changes
        .iter()
        .any(|c| c.entity == Entity::Project && c.id == p.id.0));
    // The event is sent after the commit, so a reader already sees the project.
    assert!(studio.get_project(&p.id).is_ok());
}

#[test]
fn a_failed_write_announces_nothing() {
    let (_dir, studio) = studio();
    let mut events = studio.subscribe();
    assert!(studio.create_project(NewProject::default()).is_err());
    assert!(events.try_recv().is_err());
}

#[tokio::test]
async fn writes_by_another_process_are_announced() {
    let (dir, studio) = studio();
    let mut events = studio.subscribe();
    let watcher = studio.watch_other_processes(Duration::from_millis(20));
    // A second Studio on the same directory stands in for the CLI.
    let cli = videogen_app::Studio::open(dir.path().join("data")).expect("second opener");
    let p = cli
        .create_project(NewProject {
            name: "From the CLI".into(),
            ..Default::default()
        })
        .expect("create");
    let heard = tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            if let Ok(DomainEvent::Changed { changes }) = events.recv().await {
                if changes.iter().any(|c| c.id == p.id.0) {
                    return;
                }
            }
        }
    })
    .await;
    watcher.abort();
    assert!(heard.is_ok(), "the app heard the CLI's write");
}

#[tokio::test]
async fn another_process_write_is_heard_even_when_we_write_right_after_it() {
    let (dir, studio) = studio();
    let mut events = studio.subscribe();
    let watcher = studio.watch_other_processes(Duration::from_millis(200));
    tokio::task::yield_now().await;
    let cli = videogen_app::Studio::open(dir.path().join("data")).expect("second opener");
    let theirs = cli
        .create_project(NewProject {
            name: "Theirs".into(),
            ..Default::default()
        })
        .expect("create");
    // Our own commit lands right after theirs, between two looks of the watcher.
    studio
        .create_project(NewProject {
            name: "Ours".into(),
            ..Default::default()
        })
        .expect("create");
    let heard = tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            if let Ok(DomainEvent::Changed { changes }) = events.recv().await {
                if changes.iter().any(|c| c.id == theirs.id.0) {
                    return;
                }
            }
        }
    })
    .await;
    watcher.abort();
    assert!(heard.is_ok(), "the other process's write was not skipped");
}

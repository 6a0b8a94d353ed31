//! Export as a queued job: progress events, the folder in place, and a clear refusal of an
//! existing target.

use videogen_app::ExportRequest;
use videogen_model::{AssetKind, DomainEvent, ErrorCode, ExportFormat, JobKind, JobState};

use crate::attach_fixtures::wav;
use crate::studio;

fn request(project: videogen_model::ProjectId, target: std::path::PathBuf) -> ExportRequest {
    ExportRequest {
        project_id: project,
        target,
        zip: false,
        fps: None,
        size: None,
        sentence_pause_ms: 0,
        section_pause_ms: 0,
        strict: false,
        section: None,
        formats: videogen_model::ExportFormat::all(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_queued_export_runs_reports_progress_and_writes_the_folder() {
    let (dir, studio) = studio();
    let p = studio
        .import_script_text("Film", "# One\n\nHello there. Goodbye now.")
        .expect("import");
    let first = studio.load_project(&p.id).expect("load").sections[0].sentences[0]
        .id
        .clone();
    let take = dir.path().join("take.wav");
    std::fs::write(&take, wav(1200)).expect("wav");
    studio
        .attach_media(&first, AssetKind::Audio, &take)
        .expect("attach");

    let mut events = studio.subscribe();
    let target = dir.path().join("Film export");
    let job = studio
        .queue_export(request(p.id.clone(), target.clone()))
        .expect("queue");
    assert_eq!((job.kind, job.state), (JobKind::Export, JobState::Queued));
    let again = studio
        .queue_export(request(p.id.clone(), target.clone()))
        .expect("queue again");
    assert_eq!(again.id, job.id, "one active export per project");

    studio
        .run_worker(true, std::future::pending())
        .await
        .expect("worker");
    let done = studio.get_job(&job.id).expect("job");
    assert_eq!(done.state, JobState::Succeeded, "{:?}", done.error);
    assert!(target.join("metadata.json").exists());
    assert!(target.join("timelines").is_dir());
    assert!(!dir.path().join("Film export.partial").exists());

    let mut saw_progress = false;
    let mut saw_success = false;
    while let Ok(event) = events.try_recv() {
        match event {
            DomainEvent::JobProgress(p) if p.job_id == job.id => saw_progress = true,
            DomainEvent::JobSucceeded { job: j, .. } if j.id == job.id => saw_success = true,
            _ => {}
        }
    }
    assert!(saw_progress && saw_success);
}

#[test]
fn exporting_onto_an_existing_folder_is_refused_and_leaves_it_alone() {
    let (dir, studio) = studio();
    let p = studio
        .import_script_text("Film", "Hello there.")
        .expect("import");
    let target = dir.path().join("exists");
    std::fs::create_dir_all(&target).expect("dir");
    std::fs::write(target.join("mine.txt"), b"keep").expect("file");
    let err = studio
        .export_now(&request(p.id, target.clone()), &videogen_export::NoProgress)
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Conflict);
    assert_eq!(
        std::fs::read(target.join("mine.txt")).expect("kept"),
        b"keep"
    );
}

#[test]
fn a_project_with_queued_jobs_is_not_deleted_unless_they_are_cancelled() {
    let (dir, studio) = studio();
    let p = studio
        .import_script_text("Busy", "Hello there.")
        .expect("import");
    let job = studio
        .queue_export(request(p.id.clone(), dir.path().join("out")))
        .expect("queue");
    let err = studio.delete_project(&p.id).unwrap_err();
    assert_eq!(err.code, ErrorCode::Conflict);
    assert!(err.message.contains("--cancel-jobs"), "{}", err.message);
    assert!(studio.get_project(&p.id).is_ok());
    studio
        .delete_project_with(&p.id, true)
        .expect("delete with cancel");
    assert!(studio.get_project(&p.id).is_err());
    assert_eq!(
        studio
            .get_job(&job.id)
            .expect("kept with the trashed project")
            .state,
        videogen_model::JobState::Cancelled,
        "its jobs were cancelled and stay until the trash is emptied"
    );
}

#[test]
fn a_different_export_of_the_same_project_while_one_is_queued_is_refused() {
    let (dir, studio) = studio();
    let p = studio
        .import_script_text("Film", "Hello there.")
        .expect("import");
    studio
        .queue_export(request(p.id.clone(), dir.path().join("a")))
        .expect("first");
    let err = studio
        .queue_export(request(p.id.clone(), dir.path().join("b")))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Conflict);
    assert!(
        err.message.contains("already being exported"),
        "{}",
        err.message
    );
}

#[test]
fn a_project_whose_running_job_was_orphaned_by_a_crash_can_be_deleted() {
    let (dir, studio) = studio();
    let p = studio
        .import_script_text("Crashed", "Hello there.")
        .expect("import");
    let job = studio
        .queue_export(request(p.id.clone(), dir.path().join("a")))
        .expect("queue");
    // A process died while running it: the row says running, no runner holds the lock.
    let db = rusqlite::Connection::open(dir.path().join("data/studio.db")).expect("db");
    db.execute(
        "UPDATE generation_jobs SET status = 'running', attempt = 1 WHERE id = ?1",
        [job.id.as_str()],
    )
    .expect("orphan");
    studio
        .delete_project_with(&p.id, true)
        .expect("deleted despite the orphan");
    assert!(studio.get_project(&p.id).is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_export_repeated_after_a_crash_past_its_rename_succeeds() {
    let (dir, studio) = studio();
    let p = studio
        .import_script_text("Film", "Hello there.")
        .expect("import");
    let target = dir.path().join("done");
    let job = studio
        .queue_export(request(p.id.clone(), target.clone()))
        .expect("queue");
    studio
        .run_worker(true, std::future::pending())
        .await
        .expect("worker");
    // The process died after the rename but before recording success: the row is back in
    // the queue with one attempt used, and the finished folder is in place.
    let db = rusqlite::Connection::open(dir.path().join("data/studio.db")).expect("db");
    db.execute(
        "UPDATE generation_jobs SET status = 'queued', attempt = 1, completed_at = NULL WHERE id = ?1",
        [job.id.as_str()],
    )
    .expect("requeue");
    studio
        .run_worker(true, std::future::pending())
        .await
        .expect("worker");
    let again = studio.get_job(&job.id).expect("job");
    assert_eq!(again.state, JobState::Succeeded, "{:?}", again.error);
    assert!(target.join("metadata.json").exists());
}

/// The files under `dir` of an export folder, sorted (empty when the folder is absent).
fn listed(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_queued_export_writes_only_the_chosen_formats() {
    let (dir, studio) = studio();
    let p = studio
        .import_script_text("Film", "# One\n\nHello there. Goodbye now.")
        .expect("import");
    // Every format first, so the narrower export below has something to leave out.
    let everything = dir.path().join("everything");
    studio
        .export_now(
            &request(p.id.clone(), everything.clone()),
            &videogen_export::NoProgress,
        )
        .expect("export all");
    assert!(listed(&everything.join("timelines")).len() >= 5);
    assert_eq!(listed(&everything.join("captions")).len(), 2);

    let target = dir.path().join("for kdenlive");
    let chosen = videogen_app::ExportRequest {
        formats: vec![ExportFormat::Otio, ExportFormat::Vtt],
        ..request(p.id.clone(), target.clone())
    };
    let all_estimate = studio
        .estimate_export(&request(p.id.clone(), target.clone()))
        .expect("estimate all");
    let chosen_estimate = studio.estimate_export(&chosen).expect("estimate chosen");
    assert!(chosen_estimate.folder_bytes < all_estimate.folder_bytes);

    let job = studio.queue_export(chosen).expect("queue");
    studio
        .run_worker(true, std::future::pending())
        .await
        .expect("worker");
    let done = studio.get_job(&job.id).expect("job");
    assert_eq!(done.state, JobState::Succeeded, "{:?}", done.error);
    assert_eq!(listed(&target.join("timelines")), ["film.otio"]);
    assert_eq!(listed(&target.join("captions")), ["film.vtt"]);
    assert!(target.join("metadata.json").is_file());
}

#[test]
fn an_export_request_from_before_the_format_choice_writes_every_format() {
    let (dir, studio) = studio();
    let p = studio
        .import_script_text("Film", "Hello there.")
        .expect("import");
    // A payload queued by an older version has no `formats`.
    let mut payload =
        serde_json::to_value(request(p.id.clone(), dir.path().join("old"))).expect("json");
    payload
        .as_object_mut()
        .expect("object")
        .remove("formats")
        .expect("had formats");
    let old: videogen_app::ExportRequest = serde_json::from_value(payload).expect("parse");
    assert_eq!(old.formats, ExportFormat::ALL);
}

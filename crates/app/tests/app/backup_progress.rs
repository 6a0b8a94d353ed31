//! Backup and restore with progress and cancel: bytes and files reported up to the whole,
//! and a cancel that leaves nothing behind.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use videogen_app::{FileProgress, FileProgressSink, Studio};
use videogen_model::{AssetKind, ErrorCode, NewCharacter, ProjectId};

use crate::attach_fixtures::wav;
use crate::character_refs::PNG_1X1;
use crate::studio;

/// Every report, and a cancel once `cancel_after` reports have arrived.
struct Watch {
    seen: Mutex<Vec<FileProgress>>,
    cancel_after: Option<usize>,
    asked_after_cancel: AtomicBool,
}

impl Watch {
    fn new(cancel_after: Option<usize>) -> Self {
        Watch {
            seen: Mutex::default(),
            cancel_after,
            asked_after_cancel: AtomicBool::new(false),
        }
    }
    fn seen(&self) -> Vec<FileProgress> {
        self.seen.lock().expect("lock").clone()
    }
}

impl FileProgressSink for Watch {
    fn progress(&self, progress: FileProgress) {
        self.seen.lock().expect("lock").push(progress);
    }
    fn is_cancelled(&self) -> bool {
        let cancel = self
            .cancel_after
            .is_some_and(|n| self.seen.lock().expect("lock").len() >= n);
        if cancel {
            self.asked_after_cancel.store(true, Ordering::Relaxed);
        }
        cancel
    }
}

/// A project with two narrations attached and a cast character with a reference image.
fn project(dir: &Path, studio: &Studio) -> ProjectId {
    let p = studio
        .import_script_text("Film", "# One\n\nHello there. Goodbye now.")
        .expect("import");
    let tree = studio.load_project(&p.id).expect("tree");
    for (n, s) in tree.sections[0].sentences.iter().enumerate() {
        let take = dir.join(format!("take{n}.wav"));
        std::fs::write(&take, wav(1500)).expect("wav");
        studio
            .attach_media(&s.id, AssetKind::Audio, &take)
            .expect("attach");
    }
    let ada = studio
        .create_character(NewCharacter {
            name: "Ada".into(),
            ..Default::default()
        })
        .expect("character");
    let png = dir.join("ada.png");
    std::fs::write(&png, PNG_1X1).expect("png");
    studio
        .add_character_reference(&ada.id, &png)
        .expect("reference");
    studio.add_to_cast(&p.id, &ada.id).expect("cast");
    p.id
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            if e.path().is_dir() {
                stack.push(e.path());
            } else {
                out.push(e.path().display().to_string());
            }
        }
    }
    out.sort();
    out
}

#[test]
fn a_backup_reports_bytes_and_files_up_to_the_whole() {
    let (dir, studio) = studio();
    let id = project(dir.path(), &studio);
    let watch = Watch::new(None);
    let report = studio
        .backup_project_with(&id, &dir.path().join("film.videogen.zip"), &watch)
        .expect("backup");
    let seen = watch.seen();
    let last = *seen.last().expect("reported");
    assert_eq!(last.done_files, last.total_files);
    assert_eq!(last.total_files, report.files);
    assert!(last.total_bytes > 2 * wav(1500).len() as u64);
    assert_eq!(last.done_bytes, last.total_bytes);
    assert!(seen
        .windows(2)
        .all(|w| w[0].done_bytes <= w[1].done_bytes && w[0].done_files <= w[1].done_files));

    // The restore reports its own whole the same way (the reference image is already here,
    // so it is not copied again and not counted).
    let restore = Watch::new(None);
    studio
        .restore_backup_with(&report.path, &restore)
        .expect("restore");
    let last = *restore.seen().last().expect("reported");
    assert_eq!(
        (last.done_files, last.done_bytes),
        (last.total_files, last.total_bytes)
    );
    assert_eq!(last.total_files + 1, report.files);
}

#[test]
fn a_cancelled_backup_writes_no_file() {
    let (dir, studio) = studio();
    let id = project(dir.path(), &studio);
    let out = dir.path().join("backups");
    std::fs::create_dir_all(&out).expect("dir");
    let watch = Watch::new(Some(1));
    let err = studio
        .backup_project_with(&id, &out, &watch)
        .expect_err("cancelled");
    assert_eq!(err.code, ErrorCode::Cancelled, "{}", err.message);
    assert!(watch.asked_after_cancel.load(Ordering::Relaxed));
    assert_eq!(
        files_in(&out),
        Vec::<String>::new(),
        "no backup, no partial file"
    );
    // Not cancelled, the same backup completes.
    studio
        .backup_project_with(&id, &out, &Watch::new(None))
        .expect("backup");
    assert_eq!(files_in(&out).len(), 1);
}

#[test]
fn a_cancelled_restore_adds_no_project_and_no_file() {
    let (dir, studio) = studio();
    let id = project(dir.path(), &studio);
    let backup = studio
        .backup_project(&id, &dir.path().join("film.videogen.zip"))
        .expect("backup");
    // Another machine: its library lacks the character, so the restore places its image.
    let other = Studio::open(dir.path().join("other")).expect("open");
    let before = files_in(other.data_dir());
    let err = other
        .restore_backup_with(&backup.path, &Watch::new(Some(1)))
        .expect_err("cancelled");
    assert_eq!(err.code, ErrorCode::Cancelled, "{}", err.message);
    assert!(other.list_projects().expect("list").is_empty());
    assert!(other.list_characters().expect("characters").is_empty());
    assert_eq!(
        files_in(other.data_dir()),
        before,
        "nothing was added or left"
    );
    assert_eq!(
        std::fs::read_dir(other.data_dir().join("characters"))
            .expect("characters")
            .count(),
        0,
        "not even an empty folder for the character"
    );
    let restored = other
        .restore_backup_with(&backup.path, &Watch::new(None))
        .expect("restore");
    assert_eq!(restored.name, "Film");
}

#[test]
fn a_file_task_is_cancelled_by_its_id_while_it_runs() {
    let (_dir, studio) = studio();
    assert!(!studio.cancel_file_task("t1"), "nothing runs yet");
    let task = studio.start_file_task("t1");
    let other = studio.start_file_task("t2");
    assert!(!task.is_cancelled());
    assert!(studio.cancel_file_task("t1"));
    assert!(task.is_cancelled() && !other.is_cancelled());
    drop(task);
    assert!(
        !studio.cancel_file_task("t1"),
        "finished tasks are forgotten"
    );
    assert!(studio.cancel_file_task("t2"));
}

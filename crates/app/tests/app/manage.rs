//! Looking after projects: duplicate, backup and restore, old takes, the trash, and the
//! export estimate.

use std::io::Write;
use std::path::{Path, PathBuf};

use videogen_app::{ExportRequest, Studio};
use videogen_model::{AssetKind, ErrorCode, NewCharacter, ProjectId, ProjectTree, SentenceId};

use crate::attach_fixtures::wav;
use crate::studio;

/// A two-section project whose first sentence has had two narrations attached (the first
/// one now an old take), both recorded as takes, and a cast character.
fn project_with_media(dir: &Path, studio: &Studio) -> ProjectId {
    let p = studio
        .import_script_text(
            "Film",
            "# One\n\nHello there. Goodbye now.\n\n# Two\n\nA second part.",
        )
        .expect("import");
    let first = first_sentence(studio, &p.id);
    for (n, ms) in [(1, 800), (2, 1200)] {
        let take = dir.join(format!("take{n}.wav"));
        std::fs::write(&take, wav(ms)).expect("wav");
        let s = studio
            .attach_media(&first, AssetKind::Audio, &take)
            .expect("attach");
        record_take(studio, &first, s.audio.file.as_deref().expect("file"));
    }
    let who = studio
        .create_character(NewCharacter {
            name: "Ada".into(),
            description: Some("a mathematician".into()),
            style_lora: None,
            aliases: vec![],
        })
        .expect("character");
    studio.add_to_cast(&p.id, &who.id).expect("cast");
    p.id
}

fn first_sentence(studio: &Studio, id: &ProjectId) -> SentenceId {
    studio.load_project(id).expect("load").sections[0].sentences[0]
        .id
        .clone()
}

/// Records a take row as the pipeline does (attach records none of its own).
fn record_take(studio: &Studio, sentence: &SentenceId, file: &str) {
    let db = rusqlite::Connection::open(studio.layout().database()).expect("db");
    db.execute(
        "INSERT INTO takes (id, sentence_id, kind, rev, file, created_at)
         VALUES (?1, ?2, 'audio', 1, ?3, ?4)",
        rusqlite::params![
            format!("take-{file}"),
            sentence.as_str(),
            file,
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .expect("clock")
                .as_nanos() as i64
        ],
    )
    .expect("insert take");
}

fn take_files(studio: &Studio, project: &ProjectId) -> Vec<String> {
    let db = rusqlite::Connection::open(studio.layout().database()).expect("db");
    let mut stmt = db
        .prepare(
            "SELECT t.file FROM takes t JOIN sentences s ON s.id = t.sentence_id
             JOIN sections c ON c.id = s.section_id WHERE c.project_id = ?1 ORDER BY t.created_at",
        )
        .expect("prepare");
    let rows = stmt
        .query_map([project.as_str()], |r| r.get::<_, String>(0))
        .expect("query");
    rows.map(|r| r.expect("row")).collect()
}

/// A section's title and, per sentence, its text, narration length and whether it has a file.
type Shape = Vec<(String, Vec<(String, Option<i64>, bool)>)>;

/// The tree with ids and times left out: what must survive a copy.
fn shape(tree: &ProjectTree) -> Shape {
    tree.sections
        .iter()
        .map(|s| {
            (
                s.title.clone(),
                s.sentences
                    .iter()
                    .map(|t| (t.text.clone(), t.audio_duration_ms, t.audio.file.is_some()))
                    .collect(),
            )
        })
        .collect()
}

/// Every file under the data dir's `projects/`, relative to it.
fn project_files(studio: &Studio) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![studio.data_dir().join("projects")];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).expect("read dir").flatten() {
            if e.path().is_dir() {
                stack.push(e.path());
            } else {
                out.push(e.path());
            }
        }
    }
    out.sort();
    out
}

#[test]
fn a_backup_restored_on_a_fresh_data_dir_gives_the_same_tree_and_files() {
    let (dir, studio) = studio();
    let id = project_with_media(dir.path(), &studio);
    let report = studio
        .backup_project(&id, &dir.path().join("film.videogen.zip"))
        .expect("backup");
    assert!(report.bytes > 0 && report.files >= 2, "{report:?}");
    assert!(!dir.path().join("film.videogen.zip.partial").exists());

    let other = tempfile::tempdir().expect("temp");
    let fresh = Studio::open(other.path().join("data")).expect("open");
    let restored = fresh.restore_backup(&report.path).expect("restore");
    assert_ne!(restored.id, id, "a restore makes a new project");
    assert_eq!(restored.name, "Film");

    let before = studio.load_project(&id).expect("load");
    let after = fresh.load_project(&restored.id).expect("load");
    assert_eq!(shape(&before), shape(&after));
    let old_file = before.sections[0].sentences[0]
        .audio
        .file
        .clone()
        .expect("file");
    let new_file = after.sections[0].sentences[0]
        .audio
        .file
        .clone()
        .expect("file");
    assert!(new_file.starts_with(&format!("projects/{}/audio/", restored.id.as_str())));
    assert_eq!(
        std::fs::read(studio.data_dir().join(&old_file)).expect("old"),
        std::fs::read(fresh.data_dir().join(&new_file)).expect("restored file")
    );
    // Both takes came along, under the new ids, with their files.
    let takes = take_files(&fresh, &restored.id);
    assert_eq!(takes.len(), 2);
    for t in &takes {
        assert!(fresh.data_dir().join(t).is_file(), "{t} restored");
    }
    // The cast came along with its character.
    assert_eq!(after.project.cast.len(), 1);
    assert_eq!(fresh.list_characters().expect("chars")[0].name, "Ada");
}

#[test]
fn restoring_twice_makes_two_projects_and_overwrites_nothing() {
    let (dir, studio) = studio();
    let id = project_with_media(dir.path(), &studio);
    let report = studio
        .backup_project(&id, dir.path())
        .expect("backup into a folder");
    assert!(report
        .path
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with("Film ") && n.ends_with(".videogen.zip")));
    let a = studio.restore_backup(&report.path).expect("restore");
    let b = studio.restore_backup(&report.path).expect("restore again");
    assert_ne!(a.id, b.id);
    // Beside the original, the restored project's name says so.
    assert_eq!(a.name, "Film (restored)");
    assert_eq!(studio.list_projects().expect("list").len(), 3);
    assert_eq!(
        shape(&studio.load_project(&id).expect("original")),
        shape(&studio.load_project(&b.id).expect("copy"))
    );
    // A backup never overwrites a file.
    let err = studio
        .backup_project(&id, &report.path)
        .expect_err("existing file");
    assert_eq!(err.code, ErrorCode::Conflict);
}

#[test]
fn a_damaged_backup_is_refused_and_changes_nothing() {
    let (dir, studio) = studio();
    let id = project_with_media(dir.path(), &studio);
    let report = studio
        .backup_project(&id, &dir.path().join("b.videogen.zip"))
        .expect("backup");
    let mut bytes = std::fs::read(&report.path).expect("read");
    // Flip a byte inside the data of the first media entry (after its local header).
    let at = (0..bytes.len() - 30)
        .find(|&i| {
            bytes[i..].starts_with(b"PK\x03\x04") && bytes[i + 30..].starts_with(b"files/projects/")
        })
        .expect("a media entry");
    let name = u16::from_le_bytes([bytes[at + 26], bytes[at + 27]]) as usize;
    let extra = u16::from_le_bytes([bytes[at + 28], bytes[at + 29]]) as usize;
    bytes[at + 30 + name + extra + 8] ^= 0xFF;
    let damaged = dir.path().join("damaged.videogen.zip");
    std::fs::write(&damaged, &bytes).expect("write");
    let cut = dir.path().join("cut.videogen.zip");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).expect("write");
    let not_zip = dir.path().join("notes.videogen.zip");
    std::fs::write(&not_zip, b"just some text").expect("write");

    let files_before = project_files(&studio);
    let projects_before = studio.list_projects().expect("list");
    for path in [&damaged, &cut, &not_zip] {
        let err = studio.restore_backup(path).expect_err("damaged");
        assert_eq!(
            err.code,
            ErrorCode::InvalidFile,
            "{}: {}",
            path.display(),
            err.message
        );
        assert!(err.message.contains("not a usable VideoGen Studio backup"));
    }
    assert_eq!(studio.list_projects().expect("list"), projects_before);
    assert_eq!(project_files(&studio), files_before);
}

/// A backup whose manifest says it was written by schema `schema`, with no files.
fn backup_with_schema(path: &Path, schema: i64, rows: serde_json::Value) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).expect("create"));
    zip.start_file("manifest.json", zip::write::SimpleFileOptions::default())
        .expect("start");
    let manifest = serde_json::json!({
        "format": "videogen-studio-backup",
        "formatVersion": 1,
        "schemaVersion": schema,
        "appVersion": "9.9.9",
        "createdAt": 0,
        "projectId": "p",
        "projectName": "Later",
        "files": [],
        "rows": rows,
    });
    zip.write_all(manifest.to_string().as_bytes())
        .expect("write");
    zip.finish().expect("finish");
}

#[test]
fn a_backup_from_a_newer_schema_is_refused_with_a_clear_message() {
    let (dir, studio) = studio();
    let newer = dir.path().join("newer.videogen.zip");
    backup_with_schema(
        &newer,
        videogen_store::LATEST_VERSION + 1,
        serde_json::json!({"tables": {}}),
    );
    let err = studio.restore_backup(&newer).expect_err("newer");
    assert_eq!(err.code, ErrorCode::DatabaseTooNew);
    assert!(
        err.message.contains("newer VideoGen Studio"),
        "{}",
        err.message
    );
    assert!(studio.list_projects().expect("list").is_empty());
    assert!(project_files(&studio).is_empty());
}

#[test]
fn a_backup_naming_a_file_outside_its_project_is_refused() {
    let (dir, studio) = studio();
    let id = project_with_media(dir.path(), &studio);
    let report = studio
        .backup_project(&id, &dir.path().join("b.videogen.zip"))
        .expect("backup");
    let mut archive =
        zip::ZipArchive::new(std::fs::File::open(&report.path).expect("open")).expect("zip");
    let mut manifest: serde_json::Value =
        serde_json::from_reader(archive.by_name("manifest.json").expect("manifest")).expect("json");
    manifest["files"] = serde_json::json!([{"path": "../../evil.txt", "bytes": 1}]);
    let evil = dir.path().join("evil.videogen.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&evil).expect("create"));
    zip.start_file("manifest.json", zip::write::SimpleFileOptions::default())
        .expect("start");
    zip.write_all(manifest.to_string().as_bytes())
        .expect("write");
    zip.finish().expect("finish");
    let err = studio.restore_backup(&evil).expect_err("outside");
    assert_eq!(err.code, ErrorCode::InvalidFile);
    assert_eq!(studio.list_projects().expect("list").len(), 1);
}

#[test]
fn a_duplicate_has_new_ids_its_own_files_and_the_same_script() {
    let (dir, studio) = studio();
    let id = project_with_media(dir.path(), &studio);
    let copy = studio.duplicate_project(&id, None).expect("duplicate");
    assert_eq!(copy.name, "Film (copy)");
    let (a, b) = (
        studio.load_project(&id).expect("a"),
        studio.load_project(&copy.id).expect("b"),
    );
    assert_eq!(shape(&a), shape(&b));
    let ids_a: Vec<_> = a.sentences().map(|s| s.id.clone()).collect();
    assert!(
        b.sentences().all(|s| !ids_a.contains(&s.id)),
        "new sentence ids"
    );
    let file = b.sections[0].sentences[0].audio.file.clone().expect("file");
    assert!(file.starts_with(&format!("projects/{}/", copy.id.as_str())));
    assert!(studio.data_dir().join(&file).is_file());
    assert_eq!(take_files(&studio, &copy.id).len(), 2);

    // Editing the copy leaves the original alone.
    let s = &b.sections[0].sentences[0];
    studio
        .update_sentence(
            &s.id,
            videogen_model::SentencePatch {
                text: Some("Changed in the copy.".into()),
                ..Default::default()
            },
        )
        .expect("edit");
    assert_eq!(
        studio.load_project(&id).expect("a").sections[0].sentences[0].text,
        "Hello there."
    );
    let named = studio
        .duplicate_project(&id, Some("Second cut"))
        .expect("named");
    assert_eq!(named.name, "Second cut");
}

#[test]
fn removing_old_takes_keeps_the_current_take_of_each_piece() {
    let (dir, studio) = studio();
    let id = project_with_media(dir.path(), &studio);
    let tree = studio.load_project(&id).expect("load");
    let current = tree.sections[0].sentences[0]
        .audio
        .file
        .clone()
        .expect("file");
    let takes = take_files(&studio, &id);
    let old = takes
        .iter()
        .find(|t| **t != current)
        .expect("an old take")
        .clone();

    let used = studio.disk_use(&id).expect("disk use");
    assert_eq!(used.old_takes, 1);
    assert!(used.old_take_bytes > 0 && used.audio_bytes >= used.old_take_bytes);
    assert_eq!(used.total_bytes, used.audio_bytes);

    let report = studio.prune_old_takes(&id).expect("prune");
    assert_eq!((report.takes, report.files), (1, 1));
    assert_eq!(report.bytes, used.old_take_bytes);
    assert!(!studio.data_dir().join(&old).exists());
    assert!(studio.data_dir().join(&current).is_file());
    assert_eq!(take_files(&studio, &id), vec![current.clone()]);
    assert_eq!(
        studio.load_project(&id).expect("load").sections[0].sentences[0]
            .audio
            .file
            .as_deref(),
        Some(current.as_str())
    );
    assert_eq!(studio.disk_use(&id).expect("again").old_takes, 0);
    assert_eq!(studio.prune_old_takes(&id).expect("again").takes, 0);
}

#[test]
fn a_deleted_project_comes_back_from_the_trash_with_its_files() {
    let (dir, studio) = studio();
    let id = project_with_media(dir.path(), &studio);
    let file = studio.load_project(&id).expect("load").sections[0].sentences[0]
        .audio
        .file
        .clone()
        .expect("file");
    studio.delete_project(&id).expect("delete");
    assert!(!studio.data_dir().join(&file).exists());
    let trash = studio.list_trash().expect("trash");
    assert_eq!(trash.len(), 1);
    assert_eq!(
        (trash[0].id.clone(), trash[0].name.as_str()),
        (id.clone(), "Film")
    );
    assert!(trash[0].bytes > 0);
    assert_eq!(studio.resolve_trashed("Film").expect("by name"), id);

    let back = studio.restore_from_trash(&id).expect("restore");
    assert_eq!(back.id, id);
    assert!(studio.data_dir().join(&file).is_file());
    assert!(studio.list_trash().expect("trash").is_empty());
    assert_eq!(studio.list_projects().expect("list").len(), 1);
}

#[test]
fn deleting_forever_removes_the_rows_and_the_files() {
    let (dir, studio) = studio();
    let id = project_with_media(dir.path(), &studio);
    studio.delete_project(&id).expect("delete");
    let err = studio
        .purge_from_trash(&ProjectId("nope".into()))
        .expect_err("unknown");
    assert_eq!(err.code, ErrorCode::NotFound);
    studio.purge_from_trash(&id).expect("purge");
    assert!(studio.list_trash().expect("trash").is_empty());
    assert_eq!(
        std::fs::read_dir(studio.layout().trash_dir())
            .expect("trash dir")
            .count(),
        0
    );
    assert_eq!(
        studio.restore_from_trash(&id).expect_err("gone").code,
        ErrorCode::NotFound
    );
    // A live project cannot be purged.
    let live = project_with_media(dir.path(), &studio);
    assert_eq!(
        studio.purge_from_trash(&live).expect_err("live").code,
        ErrorCode::NotFound
    );
    assert_eq!(studio.empty_trash().expect("empty"), 0);
}

#[test]
fn the_export_estimate_counts_media_and_a_zip_doubles_the_size() {
    let (dir, studio) = studio();
    let id = project_with_media(dir.path(), &studio);
    let mut request = ExportRequest {
        project_id: id,
        target: dir.path().join("out"),
        zip: false,
        fps: None,
        size: None,
        sentence_pause_ms: 0,
        section_pause_ms: 0,
        strict: false,
        section: None,
        formats: videogen_model::ExportFormat::all(),
    };
    let plain = studio.estimate_export(&request).expect("estimate");
    // Three sentences: one narration, and a slate for each missing image.
    assert_eq!(plain.media_files, 4);
    assert_eq!(plain.stand_ins, 3, "every scene lacks its image: 3 slates");
    assert_eq!(plain.out_of_date, 0);
    assert!(plain.folder_bytes > wav(1200).len() as u64);
    assert_eq!(plain.zip_bytes, 0);
    request.zip = true;
    let zipped = studio.estimate_export(&request).expect("estimate");
    assert_eq!(zipped.zip_bytes, zipped.folder_bytes);
    assert!(zipped.estimated_ms >= plain.estimated_ms);
    assert!(
        !dir.path().join("out").exists(),
        "an estimate writes nothing"
    );

    // One section: only its scenes (the second section has one, with no narration).
    let second = studio
        .load_project(&request.project_id)
        .expect("load")
        .sections[1]
        .id
        .clone();
    request.section = Some(second);
    request.zip = false;
    assert_eq!(
        studio
            .estimate_export(&request)
            .expect("section")
            .media_files,
        1
    );
    let report = studio
        .export_now(&request, &videogen_export::NoProgress)
        .expect("export one section");
    let images: Vec<&String> = report
        .files
        .iter()
        .filter(|f| f.starts_with("images/"))
        .collect();
    assert_eq!(images.len(), 1, "{:?}", report.files);
    request.section = Some(videogen_model::SectionId("nope".into()));
    assert_eq!(
        studio
            .estimate_export(&request)
            .expect_err("unknown section")
            .code,
        ErrorCode::InvalidInput
    );
}

#[test]
fn a_duplicate_s_clip_still_knows_the_image_it_was_made_from() {
    use videogen_store::repo::{sentences, takes};
    let (dir, studio) = studio();
    let id = project_with_media(dir.path(), &studio);
    let first = first_sentence(&studio, &id);
    let store = videogen_store::Store::open(studio.layout().database()).expect("store");
    let file = |name: &str| {
        let rel = format!("projects/{}/images/{}_{name}", id.as_str(), first.as_str());
        let abs = studio.data_dir().join(&rel);
        std::fs::create_dir_all(abs.parent().expect("folder")).expect("mkdir");
        std::fs::write(&abs, name).expect("write");
        rel
    };
    let (a, clip, b) = (file("a.png"), file("clip.mp4"), file("b.png"));
    // As the pipeline records them: image A, a clip made from A, then image B.
    let record = |kind: AssetKind, f: &str, source: Option<&str>| {
        store
            .write(|tx| {
                let s = sentences::get(tx, &first)?;
                let rev = if kind == AssetKind::Image {
                    s.image.rev
                } else {
                    s.video.rev
                };
                let take = takes::NewTake {
                    rev,
                    file: f,
                    source_file: source,
                    ..Default::default()
                };
                takes::record_sentence_take(tx, &first, kind, &take, None)
            })
            .expect("take");
    };
    record(AssetKind::Image, &a, None);
    record(AssetKind::Video, &clip, Some(&a));
    record(AssetKind::Image, &b, None);

    let copy = studio.duplicate_project(&id, None).expect("duplicate");
    let theirs = first_sentence(&studio, &copy.id);
    let before = studio.load_project(&copy.id).expect("load").sections[0].sentences[0].clone();
    assert!(
        before.video.dirty,
        "the copy's clip of A is out of date beside image B"
    );
    let take_a = studio
        .list_takes(&theirs)
        .expect("takes")
        .into_iter()
        .find(|t| t.kind == AssetKind::Image && t.file.ends_with("_a.png"))
        .expect("image A among the copy's takes");
    assert!(take_a
        .file
        .starts_with(&format!("projects/{}/", copy.id.as_str())));
    let after = studio
        .roll_back_take(&theirs, &take_a.id)
        .expect("roll back");
    assert!(
        !after.video.dirty,
        "in the copy too, the clip made from A is current with A again"
    );
}

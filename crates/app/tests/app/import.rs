//! Script import from files, as the Dashboard and `videogen import` do it.

use videogen_model::ErrorCode;

use crate::studio;

#[test]
fn markdown_headings_become_sections_and_paragraphs_sentences() {
    let (dir, studio) = studio();
    let path = dir.path().join("rome.md");
    std::fs::write(
        &path,
        "# Rise\n\nRome began as a village. Dr. Smith dates it to 753 B.C. by tradition.\n\n\
         ## Republic\n\nIt lasted 482 years. Citizens numbered 3.5 million... or so they say.\n",
    )
    .expect("write");
    let project = studio.import_script_file(&path, None).expect("import");
    assert_eq!(project.name, "rome");
    let tree = studio.load_project(&project.id).expect("load");
    let titles: Vec<&str> = tree.sections.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles, ["Rise", "Republic"]);
    let texts: Vec<&str> = tree.sentences().map(|s| s.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Rome began as a village.",
            "Dr. Smith dates it to 753 B.C. by tradition.",
            "It lasted 482 years.",
            "Citizens numbered 3.5 million... or so they say."
        ]
    );
    assert!(tree
        .sentences()
        .all(|s| s.audio.dirty && s.image.dirty && s.video.dirty));
}

#[test]
fn plain_text_without_headings_is_one_section() {
    let (dir, studio) = studio();
    let path = dir.path().join("notes.txt");
    std::fs::write(
        &path,
        "东京是日本的首都。它有很多人！\n\nЭто тест. Всё хорошо?",
    )
    .expect("write");
    let project = studio
        .import_script_file(&path, Some("Mixed".into()))
        .expect("import");
    let tree = studio.load_project(&project.id).expect("load");
    assert_eq!(tree.sections.len(), 1);
    assert_eq!(tree.sentences().count(), 4);
    assert_eq!(project.name, "Mixed");
}

#[test]
fn empty_binary_and_folder_imports_are_refused_with_their_reason() {
    let (dir, studio) = studio();
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "   \n\n").expect("write");
    let err = studio.import_script_file(&empty, None).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidFile);
    assert!(err.message.contains("empty"), "{}", err.message);

    let binary = dir.path().join("image.txt");
    std::fs::write(&binary, [0x89, b'P', b'N', b'G', 0, 0, 0, 13, 0xff, 0xfe]).expect("write");
    let err = studio.import_script_file(&binary, None).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidFile);
    assert!(err.message.contains("not text"), "{}", err.message);

    let err = studio.import_script_file(dir.path(), None).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidFile);

    let err = studio
        .import_script_file(&dir.path().join("missing.md"), None)
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Io);
    assert!(err.message.contains("missing.md"), "{}", err.message);
    assert!(
        studio.list_projects().expect("list").is_empty(),
        "no half-made project"
    );
}

#[test]
fn an_oversized_sentence_refuses_the_whole_import() {
    let (_dir, studio) = studio();
    let text = format!("# Big\n\nShort one. {}", "word ".repeat(2_000));
    let err = studio.import_script_text("Big", &text).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(err.message.contains("Section 1"), "{}", err.message);
    assert!(studio.list_projects().expect("list").is_empty());
}

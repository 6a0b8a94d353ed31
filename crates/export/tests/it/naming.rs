//! Names sort in story order at every size; odd and Unicode titles stay safe.

use std::path::Path;

use videogen_export::{build_plan, ExportOptions};

use crate::support::{project, touch_media, ALL};

fn names_sort_in_story_order(count: usize) {
    let sections = [("Intro", count / 2), ("Zebra part", count - count / 2)];
    let tree = project(&sections, (24, 1), (320, 180), |_| 1000, ALL);
    let dir = tempfile::tempdir().unwrap();
    touch_media(&tree, dir.path());
    let plan = build_plan(&tree, dir.path(), &ExportOptions::default()).unwrap();
    for kind in ["audio", "images", "video"] {
        let story: Vec<String> = plan
            .sentences
            .iter()
            .map(|s| match kind {
                "audio" => s.audio.as_ref().unwrap().path.clone(),
                "images" => s.image.path.clone(),
                _ => s.picture_path().to_string(),
            })
            .collect();
        let mut sorted = story.clone();
        sorted.sort();
        assert_eq!(story, sorted, "{kind} names out of story order for {count}");
    }
    let width = if count > 999 { 4 } else { 3 };
    assert!(plan.sentences.iter().all(|s| s.number.len() == width));
    assert_eq!(
        plan.sentences[0].audio.as_ref().unwrap().path,
        format!("audio/{}1_intro_audio.wav", "0".repeat(width - 1))
    );
}

#[test]
fn names_sort_in_story_order_for_9_99_999_and_2700_sentences() {
    for count in [9, 99, 999, 2700] {
        names_sort_in_story_order(count);
    }
}

#[test]
fn odd_and_unicode_titles_give_safe_ascii_names() {
    let titles = [
        ("../../x", 1),
        ("CON", 1),
        ("🎬🎥", 1),
        ("שלום עולם", 1),
        ("", 1),
        ("a/b\\c:d*?\"<>|", 1),
        ("日本語のタイトル", 1),
        (&*"very long title ".repeat(20), 1),
        ("..", 1),
    ];
    let tree = project(&titles, (25, 1), (320, 180), |_| 1000, ALL);
    let dir = tempfile::tempdir().unwrap();
    touch_media(&tree, dir.path());
    let plan = build_plan(&tree, dir.path(), &ExportOptions::default()).unwrap();
    let mut seen = std::collections::HashSet::new();
    for s in &plan.sentences {
        for path in [
            s.audio.as_ref().unwrap().path.as_str(),
            &s.image.path,
            s.picture_path(),
        ] {
            assert!(seen.insert(path.to_string()), "duplicate name {path}");
            let (folder, name) = path.split_once('/').unwrap();
            assert!(["audio", "images", "video"].contains(&folder));
            assert!(
                !name.contains('/') && !name.starts_with('.'),
                "unsafe {path}"
            );
            assert!(
                name.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_.".contains(&b)),
                "non-ASCII or unsafe characters in {path}"
            );
            assert!(Path::new(path).components().count() == 2);
        }
    }
    let slugs: Vec<&str> = plan.sections.iter().map(|s| s.slug.as_str()).collect();
    assert_eq!(slugs[0], "x");
    assert_eq!(slugs[1], "con-x");
    assert_eq!(slugs[4], "section-05");
    assert_eq!(slugs[8], "section-09");
    assert!(slugs[3].is_ascii() && !slugs[3].is_empty());
    assert!(slugs.iter().all(|s| s.len() <= 40));
}

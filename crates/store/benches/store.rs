//! Store figures for a three-hour project (issue 2): 300 sections × 9 sentences of 15–25
//! words with prompts filled. Run with `make bench` or `cargo bench -p videogen-store`.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use videogen_model::{NewProject, ProjectId, SentenceId, SentencePatch};
use videogen_store::repo::sentences::SentenceDraft;
use videogen_store::repo::{projects, sections, sentences};
use videogen_store::Store;

const SECTIONS: usize = 300;
const PER_SECTION: usize = 9;

const WORDS: &[&str] = &[
    "empire",
    "river",
    "ancient",
    "soldiers",
    "marched",
    "across",
    "the",
    "valley",
    "before",
    "dawn",
    "while",
    "merchants",
    "counted",
    "silver",
    "coins",
    "in",
    "crowded",
    "markets",
    "of",
    "a",
    "city",
    "that",
    "never",
    "slept",
    "and",
    "history",
    "remembers",
];

/// A deterministic sentence of 15–25 words.
fn sentence(i: usize) -> String {
    let n = 15 + (i * 7) % 11;
    let words: Vec<&str> = (0..n)
        .map(|k| WORDS[(i * 31 + k * 17) % WORDS.len()])
        .collect();
    format!("{}.", words.join(" "))
}

fn script() -> Vec<(String, Vec<SentenceDraft>)> {
    (0..SECTIONS)
        .map(|s| {
            let drafts = (0..PER_SECTION)
                .map(|k| {
                    let i = s * PER_SECTION + k;
                    SentenceDraft {
                        text: sentence(i),
                        image_prompt: Some(format!("cinematic wide shot, {}", sentence(i + 1))),
                        video_prompt: Some(format!("slow push in, {}", sentence(i + 2))),
                    }
                })
                .collect();
            (format!("Chapter {}", s + 1), drafts)
        })
        .collect()
}

fn insert(store: &Store, name: &str, script: &[(String, Vec<SentenceDraft>)]) -> ProjectId {
    store
        .write(|tx| {
            let p = projects::create(
                tx,
                &NewProject {
                    name: name.into(),
                    ..Default::default()
                },
            )?;
            for (title, drafts) in script {
                let section = sections::create(tx, &p.id, title, None)?;
                sentences::append_drafts(tx, &section.id, drafts)?;
            }
            Ok(p.id)
        })
        .expect("insert")
}

fn bench(c: &mut Criterion) {
    let script = script();
    let dir = tempfile::tempdir().expect("dir");
    let store = Store::open(dir.path().join("studio.db")).expect("open");

    let mut group = c.benchmark_group("store");
    group.sample_size(20);
    let mut n = 0;
    group.bench_function("insert_2700_sentence_project", |b| {
        b.iter_batched(
            || {
                n += 1;
                format!("Bench {n}")
            },
            |name| black_box(insert(&store, &name, &script)),
            BatchSize::PerIteration,
        )
    });
    group.finish();

    // A fresh database for the read figures: 100 projects, one of them the big one.
    let dir = tempfile::tempdir().expect("dir");
    let store = Store::open(dir.path().join("studio.db")).expect("open");
    let big = insert(&store, "Three hours", &script);
    let small: Vec<_> = script.iter().take(3).cloned().collect();
    for i in 0..99 {
        insert(&store, &format!("Project {i}"), &small);
    }
    let tree = store.read(|c| projects::load_tree(c, &big)).expect("tree");
    assert_eq!(tree.sentences().count(), SECTIONS * PER_SECTION);
    let ids: Vec<SentenceId> = tree.sentences().map(|s| s.id.clone()).collect();

    let mut group = c.benchmark_group("store");
    group.bench_function("load_2700_sentence_project", |b| {
        b.iter(|| black_box(store.read(|c| projects::load_tree(c, &big)).expect("load")))
    });
    let mut k = 0usize;
    group.bench_function("edit_sentence_text_with_dirty_rules", |b| {
        b.iter(|| {
            k += 1;
            let id = &ids[(k * 997) % ids.len()];
            let patch = SentencePatch {
                text: Some(format!("{} Edit {k}.", sentence(k))),
                ..Default::default()
            };
            black_box(
                store
                    .write(|tx| sentences::update(tx, id, &patch))
                    .expect("edit"),
            )
        })
    });
    group.bench_function("list_100_projects", |b| {
        b.iter(|| black_box(store.read(projects::list).expect("list")))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! Store figures for a three-hour project (issue 2): 300 sections × 9 sentences of 15–25
//! words with prompts filled. Run with `make bench` or `cargo bench -p videogen-store`.
//! After criterion has run, each figure's median (criterion's `estimates.json`) is
//! compared with its target; the bench exits 1 when one misses.

use std::hint::black_box;

use criterion::{criterion_group, BatchSize, Criterion};
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

/// Each figure's target: the median of one iteration, at most this many milliseconds.
const TARGETS: [(&str, f64); 4] = [
    ("insert_2700_sentence_project", 300.0),
    ("load_2700_sentence_project", 15.0),
    ("edit_sentence_text_with_dirty_rules", 2.0),
    ("list_100_projects", 5.0),
];

/// Where criterion writes its results (its own rule: `CRITERION_HOME`, else
/// `<target dir>/criterion`).
fn criterion_dir() -> std::path::PathBuf {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return home.into();
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(".."));
    target.join("criterion")
}

/// Compares the medians criterion just wrote with [`TARGETS`]; figures not run this time
/// (a filter on the command line) are skipped, never judged from an older run.
fn check_targets(started: std::time::SystemTime) -> usize {
    let mut missed = 0;
    for (name, target_ms) in TARGETS {
        let file = criterion_dir()
            .join("store")
            .join(name)
            .join("new/estimates.json");
        let fresh = std::fs::metadata(&file)
            .and_then(|m| m.modified())
            .is_ok_and(|t| t >= started);
        if !fresh {
            println!("{name}: not run");
            continue;
        }
        let median_ms = std::fs::read(&file)
            .ok()
            .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
            .and_then(|v| v.pointer("/median/point_estimate")?.as_f64())
            .map(|ns| ns / 1e6);
        match median_ms {
            Some(ms) if ms <= target_ms => {
                println!("PASS {name}: median {ms:.3} ms (target <= {target_ms} ms)")
            }
            Some(ms) => {
                println!("FAIL {name}: median {ms:.3} ms (target <= {target_ms} ms)");
                missed += 1;
            }
            None => {
                println!("FAIL {name}: no median in {}", file.display());
                missed += 1;
            }
        }
    }
    missed
}

fn main() {
    // `cargo test --benches` runs each benchmark once in test mode: nothing to judge.
    let judged = !std::env::args().any(|a| a == "--test" || a == "--list");
    let started = std::time::SystemTime::now();
    benches();
    Criterion::default().configure_from_args().final_summary();
    if judged {
        let missed = check_targets(started);
        if missed > 0 {
            eprintln!("store bench: {missed} target(s) missed");
            std::process::exit(1);
        }
    }
}

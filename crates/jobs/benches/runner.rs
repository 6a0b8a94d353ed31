//! Runner benchmarks (DESIGN.md figures for issue 4), outside `cargo test`:
//!
//! - no-op jobs through enqueue → claim → run → complete, with events: jobs per second;
//! - claim latency with 100,000 finished jobs against an empty table;
//! - memory (PSS) of a process whose runner holds 10,000 queued jobs.
//!
//! Targets: ≥ 2,000 jobs/s one enqueue per call, claim latency within 2×, PSS ≤ 50 MB; the
//! bench exits 1 when a part it ran misses its target.
//!
//! Run: `cargo bench -p videogen-jobs --bench runner`.

use std::time::{Duration, Instant};

use tokio::sync::broadcast;
use videogen_jobs::{
    CancellationToken, JobContext, NewJob, Queue, Registry, RunMode, Runner, RunnerConfig,
    RunnerLock,
};
use videogen_model::{JobKind, JobResult, JobTarget};
use videogen_store::Store;

fn noop_registry() -> Registry {
    let mut registry = Registry::new();
    registry.register(JobKind::Diagnostic, |_ctx: JobContext| async {
        Ok(JobResult {
            file: None,
            duration_ms: None,
            word_timings: None,
        })
    });
    registry
}

fn open(
    dir: &tempfile::TempDir,
    capacity: usize,
) -> (Queue, broadcast::Sender<videogen_model::DomainEvent>) {
    let store = Store::open(dir.path().join("studio.db")).expect("open store");
    let (events, _) = broadcast::channel(capacity);
    (Queue::new(store, events.clone()), events)
}

/// PSS of this process in kB (`/proc/self/smaps_rollup`).
fn pss_kb() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/self/smaps_rollup").ok()?;
    text.lines()
        .find(|l| l.starts_with("Pss:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
}

/// Returns the process PSS in MB with the queue held.
async fn memory_with_10k_queued() -> f64 {
    let dir = tempfile::tempdir().expect("temp dir");
    let (queue, _events) = open(&dir, 1024);
    let before = pss_kb().unwrap_or(0);
    let jobs = (0..10_000)
        .map(|_| NewJob::new(JobKind::Diagnostic, JobTarget::None))
        .collect();
    queue.enqueue_many(jobs).expect("enqueue");
    // Handlers that never finish: the runner holds its slots and 10,000 jobs stay queued.
    let mut registry = Registry::new();
    let (started_tx, mut started) = tokio::sync::mpsc::unbounded_channel::<()>();
    registry.register(JobKind::Diagnostic, move |_ctx: JobContext| {
        let started = started_tx.clone();
        async move {
            let _ = started.send(());
            std::future::pending::<Result<JobResult, videogen_jobs::HandlerError>>().await
        }
    });
    let lock = RunnerLock::try_acquire(queue.store().path()).expect("lock");
    let stop = CancellationToken::new();
    let runner = Runner::new(queue.clone(), registry, RunnerConfig::default());
    let run = runner.run(&lock, RunMode::Forever, stop.clone());
    let measure = async {
        for _ in 0..JobKind::Diagnostic.default_concurrency() {
            started.recv().await;
        }
        let counts = queue.counts().expect("counts");
        let pss = pss_kb().unwrap_or(0);
        stop.cancel();
        (counts, pss)
    };
    let (result, (counts, pss)) = tokio::join!(run, measure);
    result.expect("runner");
    println!(
        "memory: {} queued + {} running: process PSS {:.1} MB ({:.1} MB before the queue and runner)",
        counts.queued,
        counts.running,
        pss as f64 / 1024.0,
        before as f64 / 1024.0
    );
    pss as f64 / 1024.0
}

/// `n` no-op jobs, enqueued `batch` per transaction while the runner works.
async fn throughput(n: usize, batch: usize) -> f64 {
    let dir = tempfile::tempdir().expect("temp dir");
    // Room for every event of a run, so the listener never lags and misses one.
    let (queue, events) = open(&dir, 65_536);
    // A listener, as the window and tray are: events are built and delivered. It also
    // tells when the last job finished.
    let stop = CancellationToken::new();
    let mut rx = events.subscribe();
    let listener = {
        let stop = stop.clone();
        tokio::spawn(async move {
            let (mut seen, mut done) = (0u64, 0usize);
            loop {
                match rx.recv().await {
                    Ok(event) => {
                        seen += 1;
                        if matches!(event, videogen_model::DomainEvent::JobSucceeded { .. }) {
                            done += 1;
                            if done == n {
                                stop.cancel();
                            }
                        }
                    }
                    Err(broadcast::error::RecvError::Lagged(k)) => seen += k,
                    Err(broadcast::error::RecvError::Closed) => return seen,
                }
            }
        })
    };
    let lock = RunnerLock::try_acquire(queue.store().path()).expect("lock");
    let config = RunnerConfig::default().with_limit(JobKind::Diagnostic, 64);
    let runner = Runner::new(queue.clone(), noop_registry(), config);
    let start = Instant::now();
    // The pipeline enqueues one job per call (an edit) or a batch (generate all).
    let producer = {
        let queue = queue.clone();
        tokio::task::spawn_blocking(move || {
            for _ in 0..n / batch {
                let jobs = (0..batch)
                    .map(|_| NewJob::new(JobKind::Diagnostic, JobTarget::None))
                    .collect();
                queue.enqueue_many(jobs).expect("enqueue");
            }
        })
    };
    let summary = runner.run(&lock, RunMode::Forever, stop.clone()).await;
    producer.await.expect("producer");
    let elapsed = start.elapsed();
    let summary = summary.expect("runner");
    assert_eq!(summary.succeeded as usize, n);
    drop(runner);
    drop(queue);
    drop(events);
    let seen = listener.await.unwrap_or(0);
    let rate = n as f64 / elapsed.as_secs_f64();
    println!(
        "throughput: {n} no-op jobs, {batch} per enqueue, in {elapsed:.2?} = {rate:.0} jobs/s ({seen} events)"
    );
    rate
}

/// Enqueue alone, one job per transaction: the store's cost per small write transaction.
fn enqueue_only(n: usize) -> f64 {
    let dir = tempfile::tempdir().expect("temp dir");
    let (queue, _events) = open(&dir, 1024);
    let start = Instant::now();
    for _ in 0..n {
        queue
            .enqueue(NewJob::new(JobKind::Diagnostic, JobTarget::None))
            .expect("enqueue");
    }
    let rate = n as f64 / start.elapsed().as_secs_f64();
    println!("enqueue only: {n} jobs, one per transaction: {rate:.0} jobs/s");
    rate
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn claim_latency(finished: u32) -> Duration {
    let dir = tempfile::tempdir().expect("temp dir");
    let (queue, _events) = open(&dir, 1024);
    queue
        .store()
        .write(|tx| {
            tx.execute(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
                 INSERT INTO generation_jobs (id, job_type, status, progress, attempt,
                    created_at, completed_at)
                 SELECT printf('00000000-0000-7000-8000-%012d', i), 'diagnostic', 'succeeded', 1, 1,
                    1700000000000 + i, 1700000000000 + i FROM n",
                [finished],
            )?;
            Ok(())
        })
        .expect("fill table");
    let mut samples = Vec::new();
    for _ in 0..2000 {
        let job = queue
            .enqueue(NewJob::new(JobKind::Diagnostic, JobTarget::None))
            .expect("enqueue")
            .job;
        let t = Instant::now();
        let n = videogen_jobs::claim_one_for_bench(&queue, JobKind::Diagnostic).expect("claim");
        samples.push(t.elapsed());
        assert_eq!(n, 1);
        queue
            .store()
            .write(|tx| {
                tx.execute(
                    "UPDATE generation_jobs SET status = 'succeeded', completed_at = 1 WHERE id = ?1",
                    [job.id.as_str()],
                )?;
                Ok(())
            })
            .expect("finish");
    }
    median(samples)
}

/// Prints a verdict; returns whether the target was missed.
fn verdict(what: &str, ok: bool) -> bool {
    println!("{} {what}", if ok { "PASS" } else { "FAIL" });
    !ok
}

fn main() {
    // `cargo bench -p videogen-jobs --bench runner -- NAME…` runs only the named parts.
    let only: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let wants = |name: &str| only.is_empty() || only.iter().any(|o| o == name);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let mut missed = 0;
    // Memory first, before other benchmarks grow the heap.
    if wants("memory") {
        let mb = runtime.block_on(memory_with_10k_queued());
        missed += usize::from(verdict(
            &format!("memory with 10,000 queued: {mb:.1} MB (target <= 50 MB)"),
            mb <= 50.0,
        ));
    }
    if wants("enqueue") {
        enqueue_only(10_000);
    }
    if wants("throughput") {
        for batch in [1, 100] {
            let mut rates: Vec<f64> = (0..3)
                .map(|_| runtime.block_on(throughput(10_000, batch)))
                .collect();
            rates.sort_by(f64::total_cmp);
            println!(
                "throughput median, {batch} per enqueue: {:.0} jobs/s",
                rates[1]
            );
            if batch == 1 {
                missed += usize::from(verdict(
                    &format!(
                        "throughput, one enqueue per call: {:.0} jobs/s (target >= 2,000)",
                        rates[1]
                    ),
                    rates[1] >= 2000.0,
                ));
            }
        }
    }
    if wants("claim") {
        let empty = claim_latency(0);
        let full = claim_latency(100_000);
        let ratio = full.as_secs_f64() / empty.as_secs_f64();
        println!(
            "claim latency (median of 2000): empty table {empty:.1?}, 100,000 finished jobs {full:.1?} ({ratio:.2}x)"
        );
        missed += usize::from(verdict(
            &format!("claim latency with 100,000 finished jobs: {ratio:.2}x empty (target <= 2x)"),
            ratio <= 2.0,
        ));
    }
    if missed > 0 {
        eprintln!("runner bench: {missed} target(s) missed");
        std::process::exit(1);
    }
}

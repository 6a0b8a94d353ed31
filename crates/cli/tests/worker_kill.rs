//! Crash test with a real process: `videogen worker` is SIGKILLed at 10 moments chosen by a
//! seeded RNG from observed progress (jobs done), restarted each time, and at the end every
//! job succeeded, every output file is whole, no recorded step ran again, and no job went
//! past its attempts.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use videogen_app::Studio;
use videogen_model::JobState;

const JOBS: u32 = 200;
const KILLS: usize = 10;
/// A job can be caught running by every kill, so it gets more attempts than kills.
const MAX_ATTEMPTS: u32 = KILLS as u32 + 3;
/// Each step "works" this long, so kills land inside steps as well as between them.
const STEP_MS: &str = "4";
const SEED: u64 = 0x5eed_0004;
/// Generous: the whole test takes a few seconds.
const DEADLINE: Duration = Duration::from_secs(50);

/// SplitMix64: a seeded RNG in a few lines, so the kill points repeat run after run.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// Ten distinct "jobs done" counts in 1..JOBS, ascending.
fn kill_points(seed: u64) -> Vec<u32> {
    let mut rng = SplitMix(seed);
    let mut points = std::collections::BTreeSet::new();
    while points.len() < KILLS {
        points.insert(1 + (rng.next() % u64::from(JOBS - 1)) as u32);
    }
    points.into_iter().collect()
}

fn videogen(data: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_videogen"));
    cmd.arg("--data-dir").arg(data);
    cmd
}

fn scratch_dir() -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("worker_kill-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// Polls the database (another process writes it) until `done` jobs succeeded.
fn wait_for_done(studio: &Studio, worker: &mut Child, done: u32, started: Instant) {
    loop {
        let counts = studio.job_counts().expect("counts");
        if counts.succeeded >= done {
            return;
        }
        if let Some(status) = worker.try_wait().expect("worker status") {
            panic!(
                "the worker stopped by itself ({status}) at {} jobs done",
                counts.succeeded
            );
        }
        assert!(started.elapsed() < DEADLINE, "no progress: {counts:?}");
        // Polling an external process: a short pause between looks, not a synchronisation.
        std::thread::sleep(Duration::from_millis(2));
    }
}

#[test]
fn worker_killed_ten_times_loses_nothing_and_redoes_no_recorded_step() {
    let started = Instant::now();
    let dir = scratch_dir();
    let (data, out, log) = (dir.join("data"), dir.join("out"), dir.join("steps.log"));
    let queued = videogen(&data)
        .args([
            "jobs",
            "enqueue-diagnostic",
            "--count",
            &JOBS.to_string(),
            "--step-ms",
            STEP_MS,
        ])
        .args(["--max-attempts", &MAX_ATTEMPTS.to_string()])
        .arg("--out")
        .arg(&out)
        .arg("--steps-log")
        .arg(&log)
        .status()
        .expect("run videogen");
    assert!(queued.success());
    let studio = Studio::open(&data).expect("open data dir");

    for point in kill_points(SEED) {
        let mut worker = videogen(&data)
            .arg("worker")
            .stdout(Stdio::null())
            .spawn()
            .expect("start worker");
        wait_for_done(&studio, &mut worker, point, started);
        worker.kill().expect("SIGKILL the worker");
        worker.wait().expect("reap worker");
    }
    let last = videogen(&data)
        .arg("worker")
        .stdout(Stdio::null())
        .status()
        .expect("final worker");
    assert!(
        last.success(),
        "the last worker ends cleanly when the queue is empty"
    );

    let jobs = videogen_app::testing::all_jobs_for_tests(&studio).expect("jobs");
    assert_eq!(jobs.len(), JOBS as usize);
    let mut logged: HashMap<(String, String), Vec<String>> = HashMap::new();
    let text = std::fs::read_to_string(&log).expect("steps log");
    for line in text.lines() {
        let parts: Vec<&str> = line.split(' ').collect();
        assert_eq!(parts.len(), 3, "torn log line {line:?}");
        logged
            .entry((parts[0].to_owned(), parts[1].to_owned()))
            .or_default()
            .push(parts[2].to_owned());
    }
    let mut repeated = 0;
    for job in &jobs {
        assert_eq!(
            job.state,
            JobState::Succeeded,
            "job {} is {}",
            job.id,
            job.state
        );
        assert!(
            job.attempt <= job.max_attempts,
            "job {} ran {} attempts",
            job.id,
            job.attempt
        );
        let file = job.result_file.as_deref().expect("result file");
        let content = std::fs::read_to_string(file).expect("output file");
        assert_eq!(
            content,
            videogen_app::testing::diagnostic_output_for_tests(&studio, &job.id)
                .expect("expected output")
        );
        for (step, output) in
            videogen_app::testing::job_step_outputs(&studio, &job.id).expect("steps")
        {
            let recorded = output.as_str().expect("nonce").to_owned();
            let runs = &logged[&(job.id.to_string(), step.clone())];
            // An execution cut short before it was recorded may be repeated (at least
            // once); the recorded one must be the last, and must have happened once.
            assert_eq!(
                runs.last(),
                Some(&recorded),
                "job {} step {step} ran after it was recorded",
                job.id
            );
            assert_eq!(runs.iter().filter(|n| **n == recorded).count(), 1);
            repeated += runs.len() - 1;
        }
    }
    assert_eq!(
        logged.len(),
        2 * JOBS as usize,
        "every job logged both steps"
    );
    // The kills landed inside steps: some executions were cut short and run again.
    assert!(
        repeated > 0,
        "no kill interrupted a step; the test proved nothing"
    );
    let retried = jobs.iter().filter(|j| j.attempt > 1).count();
    eprintln!(
        "{KILLS} kills: {repeated} cut-short step executions run again, \
         {retried} jobs charged an extra attempt, {:?}",
        started.elapsed()
    );
    assert!(started.elapsed() < DEADLINE);
    let _ = std::fs::remove_dir_all(&dir);
}

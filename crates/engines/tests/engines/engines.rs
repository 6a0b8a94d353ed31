//! The supervisor and the two engines, for real.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use videogen_engines::{Engine, EngineEvent, Supervisor};
use videogen_providers::{
    CancellationToken, RetryPolicy, TtsClient, TtsParams, TtsVariant, WhisperClient, WhisperConfig,
};

use crate::installed;

const SENTENCE: &str = "The quick brown fox jumps over the lazy dog near the river bank.";

fn piper_client(url: url::Url) -> TtsClient {
    TtsClient::new(url)
        .with_variant(TtsVariant::Piper)
        .with_retry(RetryPolicy::none())
}

/// Engine processes still alive that this supervisor started: their command line names the
/// engines folder and their environment carries the supervisor's tag. Zombies have an
/// empty command line, so an exited but unreaped process does not count.
fn live_engines(dir: &Path, owner: &str) -> Vec<u32> {
    let dir = dir.to_string_lossy().to_string();
    let tag = format!("VIDEOGEN_ENGINES_OWNER={owner}");
    let mut pids = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let cmdline = std::fs::read(entry.path().join("cmdline")).unwrap_or_default();
        let cmdline = String::from_utf8_lossy(&cmdline).replace('\0', " ");
        if !cmdline.contains(&dir) {
            continue;
        }
        let environ = std::fs::read(entry.path().join("environ")).unwrap_or_default();
        if environ.split(|b| *b == 0).any(|v| v == tag.as_bytes()) {
            pids.push(pid);
        }
    }
    pids
}

fn wait_until_gone(dir: &Path, owner: &str, within: Duration) -> Vec<u32> {
    let deadline = Instant::now() + within;
    loop {
        let left = live_engines(dir, owner);
        if left.is_empty() || Instant::now() > deadline {
            return left;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Mean absolute sample value, and whether any sample is loud.
fn loudness(path: &Path) -> (f64, bool) {
    let mut reader = hound::WavReader::open(path).unwrap();
    let spec = reader.spec();
    assert_eq!(spec.bits_per_sample, 16);
    assert_eq!(spec.sample_format, hound::SampleFormat::Int);
    assert_eq!(spec.channels, 1);
    let samples: Vec<i16> = reader.samples::<i16>().map(Result::unwrap).collect();
    let mean = samples
        .iter()
        .map(|s| f64::from(s.unsigned_abs()))
        .sum::<f64>()
        / samples.len().max(1) as f64;
    (mean, samples.iter().any(|s| s.unsigned_abs() > 3000))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_draft_voice_speaks_and_the_draft_timings_time_its_words() {
    let (dir, _, _) = installed();
    let supervisor = Supervisor::new(&dir);
    let cancel = CancellationToken::new();
    let out = tempfile::tempdir().unwrap();

    let piper = piper_client(supervisor.ensure(Engine::Piper).await.unwrap());
    let voices = piper.voices(&cancel).await.unwrap();
    assert!(
        voices.iter().any(|v| v.id == "en_US-joe-medium"),
        "{voices:?}"
    );
    let wav = out.path().join("sentence.wav");
    let speech = piper
        .synthesize(
            SENTENCE,
            "en_US-joe-medium",
            &TtsParams::default(),
            &wav,
            &cancel,
        )
        .await
        .unwrap();
    assert_eq!(speech.sample_rate, 22050);
    assert!((2000..8000).contains(&speech.duration_ms), "{speech:?}");
    let (mean, loud) = loudness(&wav);
    assert!(mean > 200.0 && loud, "mean {mean}, loud {loud}");

    // Our transcription server, read by the studio's unchanged Whisper client.
    let whisper_url = supervisor.ensure(Engine::Whisper).await.unwrap();
    let whisper = WhisperClient::new(WhisperConfig::new(whisper_url));
    assert!(whisper.health(&cancel).await.ok);
    let transcript = whisper.transcribe(&wav, &cancel).await.unwrap();
    let words: Vec<&str> = transcript.words.iter().map(|w| w.norm.as_str()).collect();
    for expected in ["quick", "brown", "fox", "lazy", "dog", "river"] {
        assert!(words.contains(&expected), "{expected} not in {words:?}");
    }
    assert!(!transcript.segments.is_empty());
    let last = transcript.words.last().unwrap();
    assert!(
        last.end_ms <= speech.duration_ms + 100,
        "{last:?} {speech:?}"
    );
    assert!(
        transcript
            .words
            .windows(2)
            .all(|w| w[0].start_ms <= w[1].start_ms),
        "{:?}",
        transcript.words
    );
    assert!(
        transcript.words[0].start_ms < 1000,
        "{:?}",
        transcript.words[0]
    );

    supervisor.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_transcription_server_answers_errors_in_openai_shape() {
    let (dir, _, _) = installed();
    let supervisor = Supervisor::new(&dir);
    let url = supervisor.ensure(Engine::Whisper).await.unwrap();
    let http = reqwest::Client::new();
    let endpoint = url.join("v1/audio/transcriptions").unwrap();
    let cases = [
        (
            reqwest::multipart::Form::new().text("model", "whisper-1"),
            400,
            "file",
        ),
        (
            reqwest::multipart::Form::new().part(
                "file",
                reqwest::multipart::Part::bytes(Vec::new()).file_name("a.wav"),
            ),
            400,
            "model",
        ),
        (
            reqwest::multipart::Form::new()
                .text("model", "whisper-1")
                .part(
                    "file",
                    reqwest::multipart::Part::bytes(b"not audio".to_vec()).file_name("a.wav"),
                ),
            400,
            "decoded",
        ),
        (
            reqwest::multipart::Form::new()
                .text("model", "whisper-1")
                .text("response_format", "json")
                .text("timestamp_granularities[]", "word")
                .part(
                    "file",
                    reqwest::multipart::Part::bytes(b"RIFF".to_vec()).file_name("a.wav"),
                ),
            400,
            "verbose_json",
        ),
    ];
    for (form, status, needle) in cases {
        let resp = http
            .post(endpoint.clone())
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status().as_u16(), status);
        let body: serde_json::Value = resp.json().await.unwrap();
        let message = body["error"]["message"].as_str().unwrap_or_default();
        assert!(message.contains(needle), "{needle}: {body}");
        assert_eq!(body["error"]["type"], "invalid_request_error");
    }
    let resp = http.get(url.join("nowhere").unwrap()).send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 404);
    let body: serde_json::Value = resp.json().await.unwrap();
    assert!(body["error"]["message"].is_string(), "{body}");
    supervisor.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_engine_killed_mid_job_is_restarted_and_shutdown_leaves_no_process() {
    let (dir, _, _) = installed();
    let supervisor = Supervisor::new(&dir);
    let mut events = supervisor.subscribe();
    let cancel = CancellationToken::new();
    let out = tempfile::tempdir().unwrap();
    let url = supervisor.ensure(Engine::Piper).await.unwrap();
    let pid = supervisor.pid(Engine::Piper).unwrap();

    // A long text keeps Piper busy for seconds; kill it while it speaks.
    let long = SENTENCE.repeat(12);
    let job = {
        let client = piper_client(url.clone());
        let wav = out.path().join("long.wav");
        let cancel = cancel.clone();
        tokio::spawn(async move {
            client
                .synthesize(&long, "", &TtsParams::default(), &wav, &cancel)
                .await
        })
    };
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert!(!job.is_finished(), "the job ended before the kill");
    // SAFETY: kill(2) with a pid we started and SIGKILL has no memory effects.
    assert_eq!(unsafe { libc::kill(pid as i32, libc::SIGKILL) }, 0);
    let failed = job.await.unwrap();
    assert!(failed.is_err(), "the killed job cannot have succeeded");

    let restarted = tokio::time::timeout(Duration::from_secs(60), async {
        loop {
            match events.recv().await.unwrap() {
                e @ EngineEvent::Restarted { .. } => return e,
                _ => continue,
            }
        }
    })
    .await
    .expect("a restart within a minute");
    assert_eq!(restarted.to_string(), "draft voice restarted");
    let again = supervisor.ensure(Engine::Piper).await.unwrap();
    assert_eq!(again, url, "the restarted engine keeps its port");
    assert_ne!(supervisor.pid(Engine::Piper), Some(pid));
    let speech = piper_client(again)
        .synthesize(
            SENTENCE,
            "",
            &TtsParams::default(),
            &out.path().join("a.wav"),
            &cancel,
        )
        .await
        .unwrap();
    assert!(speech.duration_ms > 2000);

    supervisor.ensure(Engine::Whisper).await.unwrap();
    assert_eq!(live_engines(&dir, supervisor.owner_tag()).len(), 2);
    supervisor.shutdown().await;
    assert!(live_engines(&dir, supervisor.owner_tag()).is_empty());
    assert!(supervisor.ensure(Engine::Piper).await.is_err());
}

/// Not a test on its own: the child process of the next test. It starts both engines,
/// prints its supervisor's tag, and waits to be killed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "run by a_sigkilled_parent_leaves_no_engine_behind"]
async fn child_process_holding_engines() {
    if std::env::var_os("VIDEOGEN_ENGINES_TEST_CHILD").is_none() {
        return;
    }
    let (dir, _, _) = installed();
    let supervisor = Supervisor::new(&dir);
    supervisor.ensure(Engine::Piper).await.unwrap();
    supervisor.ensure(Engine::Whisper).await.unwrap();
    println!("OWNER {}", supervisor.owner_tag());
    tokio::time::sleep(Duration::from_secs(300)).await;
}

#[test]
fn a_sigkilled_parent_leaves_no_engine_behind() {
    let (dir, _, _) = installed();
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "engines::child_process_holding_engines",
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("VIDEOGEN_ENGINES_TEST_CHILD", "1")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let owner = BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        // libtest's "test … ... " has no newline before what the test prints.
        .find_map(|l| {
            l.split_once("OWNER ")
                .map(|(_, tag)| tag.trim().to_string())
        })
        .expect("the child prints its owner tag once its engines run");
    assert_eq!(live_engines(&dir, &owner).len(), 2, "both engines run");
    child.kill().unwrap(); // SIGKILL: no destructor, no shutdown runs
    child.wait().unwrap();
    let left = wait_until_gone(&dir, &owner, Duration::from_secs(10));
    assert!(left.is_empty(), "engines outlived their parent: {left:?}");
}

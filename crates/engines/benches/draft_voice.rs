//! Draft voice real-time factor on a warm engine (issue 12: ≤ 0.3× on 2 cores).
//!
//! `cargo bench -p videogen-engines --bench draft_voice`. Uses the engines in
//! `VIDEOGEN_ENGINES_DIR`, else `target/engines` (installing them first if needed), speaks
//! one warm-up sentence, then times a set of paragraphs. Exits non-zero on a miss.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use videogen_engines::{install, Engine, NoProgress, Supervisor};
use videogen_providers::{CancellationToken, TtsClient, TtsParams, TtsVariant};

const TARGET_RTF: f64 = 0.3;

const PARAGRAPHS: [&str; 4] = [
    "Every long video starts with a script. The studio splits it into sections and \
     sentences, and each sentence gets its own narration, picture and clip.",
    "On a laptop without a graphics card the draft voice reads the script aloud, so the \
     creator can hear the pacing long before the final narration is recorded.",
    "In twenty twenty-six the project cost three dollars a month to host, which is less \
     than a cup of coffee in most cities.",
    "Doctor Smith and her team in Boston checked the timings word by word, and the cuts \
     fell into the pauses between sentences every time.",
];

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> ExitCode {
    let dir = std::env::var_os("VIDEOGEN_ENGINES_DIR")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/engines"));
    if let Err(e) = install(&dir, &NoProgress) {
        eprintln!("draft_voice: cannot install the engines: {e}");
        return ExitCode::FAILURE;
    }
    let supervisor = Supervisor::new(&dir);
    let url = match supervisor.ensure(Engine::Piper).await {
        Ok(url) => url,
        Err(e) => {
            eprintln!("draft_voice: {e}");
            return ExitCode::FAILURE;
        }
    };
    let client = TtsClient::new(url).with_variant(TtsVariant::Piper);
    let cancel = CancellationToken::new();
    let out = std::env::temp_dir().join(format!("draft_voice_{}", std::process::id()));
    let _ = std::fs::create_dir_all(&out);
    let speak = |i: usize, text: &'static str| {
        let client = &client;
        let cancel = &cancel;
        let path = out.join(format!("{i}.wav"));
        async move {
            client
                .synthesize(text, "", &TtsParams::default(), &path, cancel)
                .await
        }
    };
    if let Err(e) = speak(99, "Warming up the draft voice.").await {
        eprintln!("draft_voice: {e}");
        return ExitCode::FAILURE;
    }
    let mut audio_ms = 0u64;
    let started = Instant::now();
    for (i, text) in PARAGRAPHS.iter().enumerate() {
        match speak(i, text).await {
            Ok(file) => audio_ms += file.duration_ms,
            Err(e) => {
                eprintln!("draft_voice: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    let wall = started.elapsed().as_secs_f64();
    supervisor.shutdown().await;
    let _ = std::fs::remove_dir_all(&out);
    let audio = audio_ms as f64 / 1000.0;
    let rtf = wall / audio;
    println!(
        "draft voice (Piper, en_US-joe-medium, warm): {audio:.2} s of speech in {wall:.2} s wall: \
         real-time factor {rtf:.3} (target ≤ {TARGET_RTF}) on {} cores",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    if rtf <= TARGET_RTF {
        ExitCode::SUCCESS
    } else {
        eprintln!("draft_voice: MISS: real-time factor {rtf:.3} > {TARGET_RTF}");
        ExitCode::FAILURE
    }
}

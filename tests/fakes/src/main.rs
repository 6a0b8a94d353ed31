//! `videogen-fakes <service> --port N`: runs one fake server by hand.

use std::time::Duration;

use clap::{Parser, ValueEnum};

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Which {
    /// Fake ComfyUI.
    Comfyui,
    /// Fake Chatterbox-TTS-Server.
    Tts,
    /// Fake chatterbox-tts-api (OpenAI-compatible variant).
    TtsOpenai,
    /// Fake speaches (OpenAI-compatible Whisper).
    Whisper,
    /// Fake whisper.cpp server.
    WhisperCpp,
    /// Fake OpenAI-compatible LLM.
    Llm,
}

/// Runs a fake service on 127.0.0.1.
#[derive(Parser, Debug)]
#[command(name = "videogen-fakes")]
struct Args {
    /// The service to fake.
    service: Which,
    /// Port to listen on (0 = any).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// ComfyUI: milliseconds of "GPU time" per prompt.
    #[arg(long, default_value_t = 500)]
    gpu_ms: u64,
    /// ComfyUI: progress messages per prompt, spread evenly over its GPU time.
    #[arg(long, default_value_t = 4)]
    steps: u32,
    /// ComfyUI: append one line per progress message to this file, with the monotonic
    /// clock when it was sent (for timing how fast progress reaches a screen).
    #[arg(long, value_name = "FILE")]
    progress_log: Option<std::path::PathBuf>,
    /// ComfyUI: installed model files (repeatable).
    #[arg(long = "model")]
    models: Vec<String>,
    /// LLM: the API key to accept.
    #[arg(long, default_value = "sk-test")]
    api_key: String,
    /// LLM: accept any key or none (as a local Ollama or llama.cpp server does).
    #[arg(long, conflicts_with = "api_key")]
    no_key: bool,
    /// LLM and ComfyUI: append one line per request to this file (LLM: what each chat
    /// request asks for, e.g. `Write section 3`; ComfyUI: `prompt <id>` per queued prompt).
    #[arg(long, value_name = "FILE")]
    log: Option<std::path::PathBuf>,
}

fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let port = args.port;
    match args.service {
        Which::Comfyui => {
            let config = videogen_fakes::ComfyConfig {
                gpu_time: Duration::from_millis(args.gpu_ms),
                models: args.models,
                request_log: args.log,
                progress_steps: args.steps,
                progress_log: args.progress_log,
                ..Default::default()
            };
            let fake = videogen_fakes::FakeComfy::start_on(port, config)?;
            let url = fake.url();
            serve(url, fake)
        }
        Which::Tts | Which::TtsOpenai => {
            let config = videogen_fakes::TtsConfig {
                openai_variant: matches!(args.service, Which::TtsOpenai),
                ..Default::default()
            };
            let fake = videogen_fakes::FakeTts::start_on(port, config)?;
            let url = fake.url();
            serve(url, fake)
        }
        Which::Whisper | Which::WhisperCpp => {
            let config = videogen_fakes::WhisperConfig {
                whisper_cpp: matches!(args.service, Which::WhisperCpp),
                ..Default::default()
            };
            let fake = videogen_fakes::FakeWhisper::start_on(port, config)?;
            let url = fake.url();
            serve(url, fake)
        }
        Which::Llm => {
            let config = videogen_fakes::LlmConfig {
                api_key: (!args.no_key).then_some(args.api_key),
                request_log: args.log,
                ..Default::default()
            };
            let fake = videogen_fakes::FakeLlm::start_on(port, config)?;
            let url = fake.url();
            serve(url, fake)
        }
    }
}

/// Prints the address and keeps the fake alive until the process is stopped.
fn serve<T>(url: String, fake: T) -> std::io::Result<()> {
    println!("{url}");
    let _keep = fake;
    loop {
        std::thread::park();
    }
}

//! How the pipeline plugs into the runner: a handler per kind, a health gate per service
//! (keyed by the resource its jobs name, so Chatterbox being down stalls only projects that
//! use Chatterbox), and the per-endpoint limits (DESIGN.md, Jobs: concurrency).

use std::collections::HashMap;

use videogen_jobs::{BoxFuture, Registry, ServiceGate};
use videogen_model::JobKind;
use videogen_providers::{CancellationToken, ComfyPool, TtsClient, WhisperClient};

use crate::render_jobs::Asset;
use crate::{narration, prompts, render_jobs, script, Pipeline};

struct ComfyGate(std::sync::Arc<ComfyPool>);

impl ServiceGate for ComfyGate {
    fn service(&self) -> &str {
        "ComfyUI"
    }
    fn resource(&self) -> &str {
        "comfyui"
    }
    fn check(&self) -> BoxFuture<'_, bool> {
        Box::pin(async move {
            let cancel = CancellationToken::new();
            for client in self.0.clients() {
                if client.health(&cancel).await.ok {
                    return true;
                }
            }
            false
        })
    }
}

struct TtsGate(std::sync::Arc<TtsClient>);

impl ServiceGate for TtsGate {
    fn service(&self) -> &str {
        "the TTS server"
    }
    fn resource(&self) -> &str {
        "tts:chatterbox"
    }
    fn check(&self) -> BoxFuture<'_, bool> {
        Box::pin(async move { self.0.health(&CancellationToken::new()).await.ok })
    }
}

struct WhisperGate(std::sync::Arc<WhisperClient>);

impl ServiceGate for WhisperGate {
    fn service(&self) -> &str {
        "Whisper"
    }
    fn resource(&self) -> &str {
        "whisper"
    }
    fn check(&self) -> BoxFuture<'_, bool> {
        Box::pin(async move { self.0.health(&CancellationToken::new()).await.ok })
    }
}

/// Registers every generation handler and service gate.
pub fn register(registry: &mut Registry, p: &Pipeline) {
    registry
        .register(JobKind::ScriptOutline, script::outline_handler(p.clone()))
        .register(JobKind::ScriptShort, script::write_handler(p.clone()))
        .register(JobKind::ScriptLong, script::write_handler(p.clone()))
        .register(
            JobKind::PromptsImage,
            prompts::handler(p.clone(), JobKind::PromptsImage),
        )
        .register(
            JobKind::PromptsVideo,
            prompts::handler(p.clone(), JobKind::PromptsVideo),
        )
        .register(
            JobKind::AudioSentence,
            narration::sentence_handler(p.clone()),
        )
        .register(JobKind::AudioSection, narration::section_handler(p.clone()))
        .register(JobKind::AudioAlign, narration::align_handler(p.clone()))
        .register(
            JobKind::Image,
            render_jobs::handler(p.clone(), Asset::Image),
        )
        .register(
            JobKind::Video,
            render_jobs::handler(p.clone(), Asset::Video),
        );
    registry.register(JobKind::Roughcut, crate::roughcut::handler(p.clone()));
    let services = p.services();
    registry
        .gate(ComfyGate(services.comfy.clone()))
        .gate(TtsGate(services.tts.clone()))
        .gate(WhisperGate(services.whisper.clone()));
}

/// Jobs that may run at once per resource: a TTS or Whisper server takes one request at a
/// time (they serialise and stall otherwise); a ComfyUI server holds two prompts, one
/// rendering and the next queued so the GPU never waits on our uploads; image and video
/// jobs share those slots. The offline renderers are CPU work on a small machine.
pub fn resource_limits(p: &Pipeline) -> HashMap<String, u32> {
    let servers = p.services().comfy.clients().count().max(1) as u32;
    HashMap::from([
        (
            "comfyui".to_owned(),
            servers * videogen_providers::pool::DEFAULT_PER_SERVER as u32,
        ),
        ("tts:chatterbox".to_owned(), 1),
        ("tts:piper".to_owned(), 1),
        ("whisper".to_owned(), 1),
        ("whisper:draft".to_owned(), 1),
        ("llm".to_owned(), 2),
        ("local".to_owned(), 1),
    ])
}

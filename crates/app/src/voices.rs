//! Voices of each TTS engine and a spoken preview of one, for the Voice-over screen's
//! picker. Chatterbox is the server in the settings; the draft voice is Piper, started on
//! demand by this process's supervisor. Previews are cached by engine, voice and text, so
//! playing the same line twice costs one synthesis.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use videogen_model::{AppError, TtsEngine};
use videogen_providers::{CancellationToken, TtsClient, TtsParams, TtsVariant};

use crate::Studio;

/// The longest preview line, in characters: a preview is a sentence or two, not a script.
pub const PREVIEW_MAX_CHARS: usize = 400;

/// A voice an engine offers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct VoiceOption {
    /// What a project stores as its voice (a file name on Chatterbox, a model name on Piper).
    pub id: String,
    /// Name to show.
    pub name: String,
}

/// A spoken preview, written under the cache folder of the data dir.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct VoicePreview {
    /// Absolute path of the WAV (inside the data dir, so the window may play it).
    pub path: String,
    /// Its length, ms.
    pub duration_ms: u32,
    /// Whether it was already cached.
    pub cached: bool,
}

impl Studio {
    /// `cache/`: files the studio can make again (previews, test renders); safe to delete.
    pub fn cache_dir(&self) -> PathBuf {
        self.data_dir().join("cache")
    }

    /// The voices `engine` offers, as its server lists them.
    pub async fn list_voices(&self, engine: TtsEngine) -> Result<Vec<VoiceOption>, AppError> {
        let client = self.voice_client(engine).await?;
        let voices = client.voices(&CancellationToken::new()).await?;
        Ok(voices
            .into_iter()
            .map(|v| VoiceOption {
                id: v.id,
                name: v.name,
            })
            .collect())
    }

    /// Speaks `text` with `voice` of `engine` into a cached WAV and returns where it is.
    pub async fn preview_voice(
        &self,
        engine: TtsEngine,
        voice: &str,
        text: &str,
    ) -> Result<VoicePreview, AppError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(AppError::invalid(
                "Type a line for the voice to read before asking for a preview.",
            ));
        }
        if text.chars().count() > PREVIEW_MAX_CHARS {
            return Err(AppError::invalid(format!(
                "A preview reads at most {PREVIEW_MAX_CHARS} characters: shorten the line."
            )));
        }
        let dir = self.cache_dir().join("voice-previews");
        let out = dir.join(format!(
            "{}-{:016x}.wav",
            engine.as_str(),
            fnv1a(&[voice.as_bytes(), text.as_bytes()])
        ));
        if let Some(duration_ms) = wav_duration_ms(&out) {
            return Ok(VoicePreview {
                path: out.display().to_string(),
                duration_ms,
                cached: true,
            });
        }
        std::fs::create_dir_all(&dir)
            .map_err(|e| crate::io_error(format_args!("Cannot create {}", dir.display()), e))?;
        let client = self.voice_client(engine).await?;
        let speech = client
            .synthesize(
                text,
                voice,
                &TtsParams::default(),
                &out,
                &CancellationToken::new(),
            )
            .await?;
        Ok(VoicePreview {
            path: speech.path.display().to_string(),
            duration_ms: u32::try_from(speech.duration_ms).unwrap_or(u32::MAX),
            cached: false,
        })
    }

    /// A client for `engine`: Chatterbox at the configured address; the draft voice
    /// started (if installed) by the supervisor.
    async fn voice_client(&self, engine: TtsEngine) -> Result<TtsClient, AppError> {
        match engine {
            TtsEngine::Chatterbox => {
                let url = self
                    .service_endpoints()?
                    .tts
                    .ok_or_else(|| AppError::invalid("No TTS address is configured."))?;
                Ok(TtsClient::new(url))
            }
            TtsEngine::Piper => {
                let url = self
                    .supervisor()
                    .ensure(videogen_engines::Engine::Piper)
                    .await?;
                Ok(TtsClient::new(url).with_variant(TtsVariant::Piper))
            }
        }
    }
}

/// The length of a readable WAV file, or `None` (missing, partial, not a WAV).
fn wav_duration_ms(path: &std::path::Path) -> Option<u32> {
    let reader = hound::WavReader::open(path).ok()?;
    let rate = reader.spec().sample_rate;
    (rate > 0).then(|| (u64::from(reader.duration()) * 1000 / u64::from(rate)) as u32)
}

/// FNV-1a over the parts with a separator: a cache key that stays the same across builds
/// (the standard library's hasher may change between Rust versions).
fn fnv1a(parts: &[&[u8]]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.iter().chain(std::iter::once(&0xff)) {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_keys_differ_by_voice_and_text_and_do_not_run_together() {
        let a = fnv1a(&[b"Emily.wav", b"Hello"]);
        assert_ne!(a, fnv1a(&[b"Olivia.wav", b"Hello"]));
        assert_ne!(a, fnv1a(&[b"Emily.wav", b"Hello!"]));
        // "ab" + "c" is not "a" + "bc".
        assert_ne!(fnv1a(&[b"ab", b"c"]), fnv1a(&[b"a", b"bc"]));
        assert_eq!(a, fnv1a(&[b"Emily.wav", b"Hello"]));
    }
}

//! Whisper transcription with word timings: the OpenAI-compatible endpoint (speaches,
//! faster-whisper-server, OpenAI) or whisper.cpp's `/inference` (protocols/whisper.md).

use std::path::Path;
use std::time::Duration;

use serde::Deserialize;
use tokio::sync::OnceCell;
use tokio_util::sync::CancellationToken;
use url::Url;

use crate::error::{ProviderError, Result, Service};
use crate::http::{self, RetryPolicy};
use crate::Health;

/// Which endpoint the server speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WhisperVariant {
    /// `POST /v1/audio/transcriptions` with `verbose_json` and both granularities.
    OpenAi,
    /// whisper.cpp `POST /inference` (word entries are sub-word tokens).
    WhisperCpp,
}

/// Settings of the Whisper client.
#[derive(Clone, Debug)]
pub struct WhisperConfig {
    /// Base URL, e.g. `http://127.0.0.1:8005`.
    pub base_url: Url,
    /// Model name sent to OpenAI-compatible servers (ignored by whisper.cpp).
    pub model: String,
    /// Bearer key, when the server wants one.
    pub api_key: Option<String>,
    /// Language code, or `None` to auto-detect.
    pub language: Option<String>,
    /// The endpoint; `None` tries the OpenAI one and falls back to whisper.cpp on 404.
    pub variant: Option<WhisperVariant>,
    /// Time allowed for one transcription.
    pub timeout: Duration,
}

impl WhisperConfig {
    /// Defaults for a base URL.
    pub fn new(base_url: Url) -> Self {
        Self {
            base_url,
            model: "whisper-1".into(),
            api_key: None,
            language: Some("en".into()),
            variant: None,
            timeout: Duration::from_secs(900),
        }
    }
}

/// A recognised word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    /// Start, ms from the start of the file.
    pub start_ms: u64,
    /// End, ms.
    pub end_ms: u64,
    /// As spoken, trimmed, punctuation kept (`world.`).
    pub text: String,
    /// For matching against the script: lower case, letters and digits only (`world`).
    pub norm: String,
}

/// A recognised segment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    /// Start, ms.
    pub start_ms: u64,
    /// End, ms.
    pub end_ms: u64,
    /// Text, trimmed.
    pub text: String,
}

/// A transcription.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transcript {
    /// Whole text, trimmed.
    pub text: String,
    /// Language as reported (a name or a code).
    pub language: Option<String>,
    /// Audio length, ms.
    pub duration_ms: Option<u64>,
    /// Segments.
    pub segments: Vec<Segment>,
    /// Words, monotonic in time.
    pub words: Vec<Word>,
}

/// The matching form of a word: lower case letters and digits only.
pub fn match_form(word: &str) -> String {
    word.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(|c| c.to_lowercase())
        .collect()
}

#[derive(Deserialize)]
struct RawWord {
    word: String,
    start: f64,
    end: f64,
}

#[derive(Deserialize)]
struct RawSegment {
    #[serde(default)]
    start: f64,
    #[serde(default)]
    end: f64,
    #[serde(default)]
    text: String,
    words: Option<Vec<RawWord>>,
}

#[derive(Deserialize)]
struct RawTranscript {
    text: String,
    language: Option<String>,
    duration: Option<f64>,
    segments: Option<Vec<RawSegment>>,
    words: Option<Vec<RawWord>>,
}

fn ms(seconds: f64) -> u64 {
    if seconds.is_finite() && seconds > 0.0 {
        (seconds * 1000.0).round() as u64
    } else {
        0
    }
}

/// Rebuilds words from tokens: a leading space starts a word; other tokens (sub-words,
/// punctuation) join the word before them. Times are clamped to be monotonic.
fn words_from_tokens(tokens: &[RawWord]) -> Vec<Word> {
    let mut words: Vec<Word> = Vec::new();
    let mut last_end = 0u64;
    for token in tokens {
        let start = ms(token.start).max(last_end);
        let end = ms(token.end).max(start);
        let starts_word = token.word.starts_with(char::is_whitespace) || words.is_empty();
        let only_punct = match_form(&token.word).is_empty();
        let leading_punct =
            starts_word && only_punct && token.word.trim().chars().all(|c| "\"'“¿([{-".contains(c));
        if starts_word && (!only_punct || leading_punct) || words.is_empty() {
            words.push(Word {
                start_ms: start,
                end_ms: end,
                text: token.word.trim().to_string(),
                norm: String::new(),
            });
        } else if let Some(last) = words.last_mut() {
            last.text.push_str(token.word.trim());
            last.end_ms = last.end_ms.max(end);
        }
        last_end = end;
    }
    // Leading punctuation words ("(") join the next word.
    let mut merged: Vec<Word> = Vec::new();
    let mut pending = String::new();
    for mut w in words {
        if match_form(&w.text).is_empty() && !pending.is_empty()
            || match_form(&w.text).is_empty() && merged.is_empty()
        {
            pending.push_str(&w.text);
            continue;
        }
        if match_form(&w.text).is_empty() {
            if let Some(last) = merged.last_mut() {
                last.text.push_str(&w.text);
            }
            continue;
        }
        w.text = format!("{pending}{}", w.text);
        pending.clear();
        merged.push(w);
    }
    for w in &mut merged {
        w.norm = match_form(&w.text);
    }
    merged
}

fn normalise(raw: RawTranscript, variant: WhisperVariant) -> Transcript {
    let segments = raw.segments.unwrap_or_default();
    let tokens: Vec<RawWord> = match raw.words {
        Some(words) if !words.is_empty() => words,
        _ => segments
            .iter()
            .flat_map(|s| s.words.iter().flatten())
            .map(|w| RawWord {
                word: w.word.clone(),
                start: w.start,
                end: w.end,
            })
            .collect(),
    };
    // OpenAI strips leading spaces from words; every entry is then a whole word.
    let tokens: Vec<RawWord> =
        if variant == WhisperVariant::OpenAi && tokens.iter().all(|t| !t.word.starts_with(' ')) {
            tokens
                .into_iter()
                .map(|t| RawWord {
                    word: format!(" {}", t.word),
                    ..t
                })
                .collect()
        } else {
            tokens
        };
    Transcript {
        text: raw.text.trim().to_string(),
        language: raw.language,
        duration_ms: raw.duration.map(ms),
        segments: segments
            .iter()
            .map(|s| Segment {
                start_ms: ms(s.start),
                end_ms: ms(s.end).max(ms(s.start)),
                text: s.text.trim().to_string(),
            })
            .collect(),
        words: words_from_tokens(&tokens),
    }
}

/// The Whisper client. Calls should be serialised: servers run one at a time.
#[derive(Debug)]
pub struct WhisperClient {
    http: reqwest::Client,
    config: WhisperConfig,
    retry: RetryPolicy,
    detected: OnceCell<WhisperVariant>,
}

impl WhisperClient {
    /// A client for these settings.
    pub fn new(config: WhisperConfig) -> Self {
        let detected = OnceCell::new_with(config.variant);
        Self {
            http: http::build_client(None),
            config,
            retry: RetryPolicy::default(),
            detected,
        }
    }

    /// Sets the retry policy.
    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Transcribes the audio file with word and segment timings.
    pub async fn transcribe(&self, audio: &Path, cancel: &CancellationToken) -> Result<Transcript> {
        let bytes = tokio::fs::read(audio)
            .await
            .map_err(|e| ProviderError::io("read", audio, e))?;
        if bytes.is_empty() {
            return Err(ProviderError::InvalidInput(format!(
                "the audio file {} is empty; generate the audio again",
                audio.display()
            )));
        }
        let name = audio
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("audio.wav")
            .to_string();
        let variant = match self.detected.get() {
            Some(v) => *v,
            None => match self
                .post(WhisperVariant::OpenAi, &bytes, &name, cancel)
                .await
            {
                Ok(t) => {
                    let _ = self.detected.set(WhisperVariant::OpenAi);
                    return Ok(t);
                }
                // whisper.cpp answers unknown paths with a plain-text 404.
                Err(ProviderError::Refused {
                    status: 404,
                    message,
                    ..
                }) if message.contains("File Not Found") => {
                    let _ = self.detected.set(WhisperVariant::WhisperCpp);
                    WhisperVariant::WhisperCpp
                }
                Err(e) => return Err(e),
            },
        };
        self.post(variant, &bytes, &name, cancel).await
    }

    async fn post(
        &self,
        variant: WhisperVariant,
        bytes: &[u8],
        name: &str,
        cancel: &CancellationToken,
    ) -> Result<Transcript> {
        let path = match variant {
            WhisperVariant::OpenAi => "v1/audio/transcriptions",
            WhisperVariant::WhisperCpp => "inference",
        };
        let url = http::join(&self.config.base_url, path);
        let timeout = self.config.timeout;
        let resp = http::send(
            Service::Whisper,
            &url,
            &self.retry,
            Some(timeout),
            cancel,
            || {
                let part = reqwest::multipart::Part::bytes(bytes.to_vec())
                    .file_name(name.to_string())
                    .mime_str("audio/wav")
                    .map_err(|e| ProviderError::failed(Service::Whisper, e.to_string()))?;
                let mut form = reqwest::multipart::Form::new()
                    .part("file", part)
                    .text("response_format", "verbose_json")
                    .text("temperature", "0");
                if let Some(lang) = &self.config.language {
                    form = form.text("language", lang.clone());
                }
                form = match variant {
                    WhisperVariant::OpenAi => form
                        .text("model", self.config.model.clone())
                        .text("timestamp_granularities[]", "word")
                        .text("timestamp_granularities[]", "segment"),
                    WhisperVariant::WhisperCpp => form.text("token_timestamps", "true"),
                };
                let mut builder = self.http.post(&url).timeout(timeout).multipart(form);
                if let Some(key) = self.config.api_key.as_ref().filter(|k| !k.is_empty()) {
                    builder = builder.bearer_auth(key);
                }
                Ok(builder)
            },
        )
        .await?;
        let text = http::cancellable(cancel, async {
            resp.text()
                .await
                .map_err(|e| http::transport_error(Service::Whisper, &url, &e, Some(timeout)))
        })
        .await?;
        let raw: RawTranscript = serde_json::from_str(&text).map_err(|e| {
            ProviderError::failed(
                Service::Whisper,
                format!("the transcription is not the expected JSON ({e})"),
            )
        })?;
        Ok(normalise(raw, variant))
    }

    /// `GET /health` (speaches `{"message":"OK"}`, whisper.cpp `{"status":"ok"}`; 503 while loading).
    pub async fn health(&self, cancel: &CancellationToken) -> Health {
        let url = http::join(&self.config.base_url, "health");
        match http::send(
            Service::Whisper,
            &url,
            &RetryPolicy::none(),
            None,
            cancel,
            || Ok(self.http.get(&url).timeout(Duration::from_secs(10))),
        )
        .await
        {
            Ok(_) => Health::ok(None),
            Err(e) => Health::from_error(&e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tok(word: &str, start: f64, end: f64) -> RawWord {
        RawWord {
            word: word.into(),
            start,
            end,
        }
    }

    #[test]
    fn whisper_cpp_tokens_are_rebuilt_into_words_with_punctuation_attached() {
        let words = words_from_tokens(&[
            tok(" Hel", 0.0, 0.2),
            tok("lo", 0.2, 0.48),
            tok(" world", 0.48, 1.1),
            tok(".", 1.1, 1.52),
        ]);
        let texts: Vec<_> = words
            .iter()
            .map(|w| (w.text.as_str(), w.norm.as_str(), w.start_ms, w.end_ms))
            .collect();
        assert_eq!(
            texts,
            vec![("Hello", "hello", 0, 480), ("world.", "world", 480, 1520)]
        );
    }

    #[test]
    fn overlapping_times_are_clamped_to_be_monotonic() {
        let words = words_from_tokens(&[tok(" a", 0.0, 0.5), tok(" b", 0.4, 0.3)]);
        assert!(words[1].start_ms >= words[0].end_ms && words[1].end_ms >= words[1].start_ms);
    }

    #[test]
    fn match_form_drops_spaces_punctuation_and_case() {
        assert_eq!(match_form(" Don't,"), "dont");
        assert_eq!(match_form("Élan!"), "élan");
    }
}

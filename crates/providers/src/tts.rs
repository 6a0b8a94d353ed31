//! Text-to-speech: Chatterbox, as devnen's Chatterbox-TTS-Server (`/tts`) or the
//! OpenAI-compatible travisvn/chatterbox-tts-api (protocols/chatterbox.md), or Piper's HTTP
//! server, the offline draft voice (protocols/piper.md). The server is detected on first
//! contact, or named with [`TtsClient::with_variant`].

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;
use serde_json::{json, Value};
use tokio::sync::OnceCell;
use tokio_util::sync::CancellationToken;
use url::Url;

use crate::error::{ProviderError, Result, Service};
use crate::http::{self, RetryPolicy};
use crate::Health;

/// Which server answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TtsVariant {
    /// devnen/Chatterbox-TTS-Server (`POST /tts`, `GET /get_predefined_voices`).
    Devnen,
    /// travisvn/chatterbox-tts-api (`POST /v1/audio/speech`, `GET /health`).
    OpenAiCompatible,
    /// Piper 1.8's `python -m piper.http_server` (`POST /synthesize`, `GET /info`,
    /// `GET /voices`): the draft voice.
    Piper,
}

/// A voice the server offers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Voice {
    /// What to send as the voice (a file name on devnen's server).
    pub id: String,
    /// Name to show.
    pub name: String,
}

/// Generation parameters; `None` leaves the server default.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TtsParams {
    /// Sampling temperature.
    pub temperature: Option<f32>,
    /// Emotion exaggeration.
    pub exaggeration: Option<f32>,
    /// CFG weight.
    pub cfg_weight: Option<f32>,
    /// Non-zero for reproducible output.
    pub seed: Option<u32>,
    /// Speed factor.
    pub speed: Option<f32>,
    /// Language code for the multilingual model.
    pub language: Option<String>,
}

/// A WAV written by [`TtsClient::synthesize`].
#[derive(Clone, Debug, PartialEq)]
pub struct SpeechFile {
    /// Where it is.
    pub path: PathBuf,
    /// Its length.
    pub duration_ms: u64,
    /// Its sample rate.
    pub sample_rate: u32,
}

/// travisvn's server refuses input over 3000 characters; we split well below that.
const OPENAI_MAX_CHARS: usize = 2500;

/// The Chatterbox client. Calls should be serialised: the server handles one at a time.
#[derive(Debug)]
pub struct TtsClient {
    http: reqwest::Client,
    base: Url,
    timeout: Duration,
    retry: RetryPolicy,
    variant: OnceCell<TtsVariant>,
}

impl TtsClient {
    /// A client for a base URL such as `http://127.0.0.1:8004`. Synthesis can take minutes.
    pub fn new(base: Url) -> Self {
        let timeout = Duration::from_secs(900);
        Self {
            http: http::build_client(None),
            base,
            timeout,
            retry: RetryPolicy::default(),
            variant: OnceCell::new(),
        }
    }

    /// Sets the time allowed for one synthesis request.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Sets the retry policy.
    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Names the server instead of detecting it (the draft voice is always Piper).
    pub fn with_variant(self, variant: TtsVariant) -> Self {
        Self {
            variant: OnceCell::new_with(Some(variant)),
            ..self
        }
    }

    /// Which server this is: `GET /get_predefined_voices` exists only on devnen's,
    /// `GET /health` only on travisvn's, `GET /info` only on Piper's.
    pub async fn variant(&self, cancel: &CancellationToken) -> Result<TtsVariant> {
        self.variant
            .get_or_try_init(|| async {
                let probe = |path: &'static str| {
                    let url = http::join(&self.base, path);
                    async move {
                        http::send(Service::Tts, &url, &RetryPolicy::none(), None, cancel, || {
                            Ok(self.http.get(&url).timeout(Duration::from_secs(20)))
                        })
                        .await
                    }
                };
                match probe("get_predefined_voices").await {
                    Ok(_) => Ok(TtsVariant::Devnen),
                    Err(e @ (ProviderError::Unreachable { .. } | ProviderError::Cancelled)) => Err(e),
                    Err(first) => match probe("health").await {
                        Ok(_) => Ok(TtsVariant::OpenAiCompatible),
                        Err(_) => match probe("info").await {
                            Ok(_) => Ok(TtsVariant::Piper),
                            Err(_) => Err(ProviderError::failed(
                                Service::Tts,
                                format!("the server at {} is neither Chatterbox-TTS-Server, chatterbox-tts-api nor Piper ({first}); check the TTS address", self.base),
                            )),
                        },
                    },
                }
            })
            .await
            .copied()
    }

    async fn get_json(&self, path: &str, cancel: &CancellationToken) -> Result<Value> {
        let url = http::join(&self.base, path);
        let resp = http::send(Service::Tts, &url, &self.retry, None, cancel, || {
            Ok(self.http.get(&url).timeout(Duration::from_secs(60)))
        })
        .await?;
        resp.json().await.map_err(|e| {
            ProviderError::failed(Service::Tts, format!("{path} did not return JSON ({e})"))
        })
    }

    /// The voices the server offers.
    pub async fn voices(&self, cancel: &CancellationToken) -> Result<Vec<Voice>> {
        match self.variant(cancel).await? {
            TtsVariant::Devnen => {
                #[derive(Deserialize)]
                struct Predefined {
                    display_name: String,
                    filename: String,
                }
                let v = self.get_json("get_predefined_voices", cancel).await?;
                let list: Vec<Predefined> = serde_json::from_value(v).map_err(|e| {
                    ProviderError::failed(
                        Service::Tts,
                        format!("the voice list has an unexpected shape ({e})"),
                    )
                })?;
                Ok(list
                    .into_iter()
                    .map(|p| Voice {
                        id: p.filename,
                        name: p.display_name,
                    })
                    .collect())
            }
            TtsVariant::OpenAiCompatible => {
                let v = self.get_json("v1/voices", cancel).await?;
                let list = v
                    .get("voices")
                    .and_then(|l| l.as_array())
                    .cloned()
                    .unwrap_or_default();
                Ok(list
                    .iter()
                    .filter_map(|item| {
                        let name = item
                            .as_str()
                            .or_else(|| item.get("name").and_then(|n| n.as_str()))?;
                        Some(Voice {
                            id: name.to_string(),
                            name: name.to_string(),
                        })
                    })
                    .collect())
            }
            TtsVariant::Piper => {
                let v = self.get_json("voices", cancel).await?;
                let list = v.as_object().ok_or_else(|| {
                    ProviderError::failed(
                        Service::Tts,
                        "the draft voice's voice list is not a JSON object",
                    )
                })?;
                Ok(list
                    .iter()
                    .map(|(id, config)| Voice {
                        id: id.clone(),
                        name: piper_voice_name(id, config),
                    })
                    .collect())
            }
        }
    }

    /// Is the model loaded and ready?
    pub async fn health(&self, cancel: &CancellationToken) -> Health {
        let variant = match self.variant(cancel).await {
            Ok(v) => v,
            Err(e) => return Health::from_error(&e),
        };
        let (path, ready): (&str, fn(&Value) -> bool) = match variant {
            TtsVariant::Devnen => ("api/model-info", |v| {
                v.get("loaded").and_then(|l| l.as_bool()) == Some(true)
            }),
            TtsVariant::OpenAiCompatible => ("health", |v| {
                v.get("status").and_then(|s| s.as_str()) == Some("healthy")
            }),
            // Piper loads its voice before it listens: an answer means ready.
            TtsVariant::Piper => ("info", |v| v.get("voice").is_some()),
        };
        match self.get_json(path, cancel).await {
            Ok(v) if ready(&v) => Health::ok(
                v.get("type")
                    .or_else(|| v.pointer("/voice/name"))
                    .and_then(|t| t.as_str())
                    .map(String::from),
            ),
            Ok(_) => Health::fail(
                "the TTS model is not loaded yet; wait for the server to finish starting"
                    .to_string(),
            ),
            Err(e) => Health::from_error(&e),
        }
    }

    /// Speaks `text` with `voice` into a WAV at `out`, written to a temporary name in the
    /// same folder and renamed once complete and readable.
    pub async fn synthesize(
        &self,
        text: &str,
        voice: &str,
        params: &TtsParams,
        out: &Path,
        cancel: &CancellationToken,
    ) -> Result<SpeechFile> {
        if text.trim().is_empty() {
            return Err(ProviderError::InvalidInput(
                "there is no text to speak: the sentence is empty".into(),
            ));
        }
        let variant = self.variant(cancel).await?;
        let bytes = match variant {
            TtsVariant::Devnen => {
                self.post_audio("tts", &self.devnen_body(text, voice, params), cancel)
                    .await?
            }
            TtsVariant::OpenAiCompatible => {
                let chunks = split_text(text, OPENAI_MAX_CHARS);
                let mut parts = Vec::with_capacity(chunks.len());
                for chunk in &chunks {
                    let body = self.openai_body(chunk, voice, params);
                    parts.push(self.post_audio("v1/audio/speech", &body, cancel).await?);
                }
                if parts.len() == 1 {
                    parts.remove(0)
                } else {
                    concat_wavs(&parts)?
                }
            }
            // Piper splits sentences itself and has no length limit.
            TtsVariant::Piper => self.piper_synthesize(text, voice, params, cancel).await?,
        };
        write_wav_atomically(bytes, out).await
    }

    /// `POST /synthesize`. Piper's quirks (protocols/piper.md): the WAV comes back as
    /// `text/html`, so the bytes are judged by their RIFF header; every failure is an HTML
    /// 500 page, so a 500 is reported as the draft voice failing, not as a busy server.
    async fn piper_synthesize(
        &self,
        text: &str,
        voice: &str,
        p: &TtsParams,
        cancel: &CancellationToken,
    ) -> Result<Vec<u8>> {
        let mut body = json!({"text": text.trim()});
        if !voice.is_empty() {
            body["voice"] = json!(voice);
        }
        // Piper's length_scale is a duration factor: 2.0 is half speed.
        if let Some(speed) = p.speed.filter(|s| s.is_finite() && *s > 0.0) {
            body["length_scale"] = json!(1.0 / speed);
        }
        let bytes = self
            .post_audio("synthesize", &body, cancel)
            .await
            .map_err(|e| match e {
                ProviderError::Busy {
                    status: status @ 500,
                    message,
                    ..
                } => ProviderError::failed(
                    Service::Tts,
                    format!(
                        "the draft voice failed (HTTP {status}: {}); its log is in the engines folder's logs/piper.log",
                        html_title(&message)
                    ),
                ),
                other => other,
            })?;
        if !bytes.starts_with(b"RIFF") {
            return Err(bad_audio(format!(
                "the draft voice answered {} bytes that do not start with RIFF",
                bytes.len()
            )));
        }
        Ok(bytes)
    }

    fn devnen_body(&self, text: &str, voice: &str, p: &TtsParams) -> Value {
        json!({
            "text": text, "voice_mode": "predefined", "predefined_voice_id": voice,
            "output_format": "wav", "split_text": true, "chunk_size": 120,
            "temperature": p.temperature, "exaggeration": p.exaggeration, "cfg_weight": p.cfg_weight,
            "seed": p.seed, "speed_factor": p.speed, "language": p.language,
        })
    }

    fn openai_body(&self, text: &str, voice: &str, p: &TtsParams) -> Value {
        let mut body =
            json!({"model": "chatterbox", "input": text, "voice": voice, "response_format": "wav"});
        for (key, value) in [
            ("speed", p.speed),
            ("exaggeration", p.exaggeration),
            ("cfg_weight", p.cfg_weight),
            ("temperature", p.temperature),
        ] {
            if let Some(v) = value {
                body[key] = json!(v);
            }
        }
        body
    }

    async fn post_audio(
        &self,
        path: &str,
        body: &Value,
        cancel: &CancellationToken,
    ) -> Result<Vec<u8>> {
        let url = http::join(&self.base, path);
        let resp = http::send(
            Service::Tts,
            &url,
            &self.retry,
            Some(self.timeout),
            cancel,
            || Ok(self.http.post(&url).timeout(self.timeout).json(body)),
        )
        .await
        .map_err(|e| match e {
            ProviderError::Refused {
                status: 404,
                message,
                ..
            } => {
                ProviderError::InvalidInput(format!("{message} Choose one of the server's voices."))
            }
            other => other,
        })?;
        let bytes = http::cancellable(cancel, async {
            resp.bytes()
                .await
                .map_err(|e| http::transport_error(Service::Tts, &url, &e, Some(self.timeout)))
        })
        .await?;
        // Takes the buffer over when it is the only owner (a 5-second take is 250 kB).
        Ok(Vec::from(bytes))
    }
}

/// A voice's display name from its `.onnx.json` config: `Joe (English, United States, medium)`.
fn piper_voice_name(id: &str, config: &Value) -> String {
    let dataset = config.get("dataset").and_then(Value::as_str);
    let Some(dataset) = dataset else {
        return id.to_string();
    };
    let mut name: String = dataset
        .chars()
        .take(1)
        .flat_map(char::to_uppercase)
        .chain(dataset.chars().skip(1))
        .collect();
    let details: Vec<&str> = [
        config.pointer("/language/name_english"),
        config.pointer("/language/country_english"),
        config.pointer("/audio/quality"),
    ]
    .into_iter()
    .flatten()
    .filter_map(Value::as_str)
    .collect();
    if !details.is_empty() {
        name = format!("{name} ({})", details.join(", "));
    }
    name
}

/// The `<title>` of Flask's HTML error page ("500 Internal Server Error"), else the text.
fn html_title(body: &str) -> String {
    body.split_once("<title>")
        .and_then(|(_, rest)| rest.split_once("</title>"))
        .map(|(title, _)| title.trim().to_string())
        .unwrap_or_else(|| body.chars().take(120).collect())
}

/// Splits text at sentence ends (then spaces) into pieces of at most `max` bytes.
pub(crate) fn split_text(text: &str, max: usize) -> Vec<String> {
    let mut chunks = Vec::new();
    let mut current = String::new();
    let mut sentence = String::new();
    let flush_sentence = |sentence: &mut String, current: &mut String, chunks: &mut Vec<String>| {
        if current.len() + sentence.len() > max && !current.is_empty() {
            chunks.push(std::mem::take(current).trim().to_string());
        }
        // A single sentence longer than the limit is cut at spaces.
        while sentence.len() > max {
            let cut = sentence[..max]
                .rfind(' ')
                .filter(|&i| i > 0)
                .unwrap_or_else(|| floor_char(sentence, max));
            chunks.push(sentence[..cut].trim().to_string());
            *sentence = sentence[cut..].to_string();
        }
        current.push_str(sentence);
        sentence.clear();
    };
    for ch in text.chars() {
        sentence.push(ch);
        if matches!(ch, '.' | '!' | '?' | '\n') {
            flush_sentence(&mut sentence, &mut current, &mut chunks);
        }
    }
    flush_sentence(&mut sentence, &mut current, &mut chunks);
    if !current.trim().is_empty() {
        chunks.push(current.trim().to_string());
    }
    chunks.retain(|c| !c.is_empty());
    chunks
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i.max(1)
}

fn bad_audio(e: impl std::fmt::Display) -> ProviderError {
    ProviderError::failed(Service::Tts, format!("the server returned audio that is not a readable WAV ({e}); check that the output format is wav"))
}

/// Joins WAV parts of the same format into one.
fn concat_wavs(parts: &[Vec<u8>]) -> Result<Vec<u8>> {
    let mut spec = None;
    let mut samples: Vec<i16> = Vec::new();
    for part in parts {
        let mut reader = hound::WavReader::new(std::io::Cursor::new(part)).map_err(bad_audio)?;
        let s = reader.spec();
        if *spec.get_or_insert(s) != s {
            return Err(bad_audio("the parts have different formats"));
        }
        for sample in reader.samples::<i16>() {
            samples.push(sample.map_err(bad_audio)?);
        }
    }
    let spec = spec.ok_or_else(|| bad_audio("no audio"))?;
    let mut out = std::io::Cursor::new(Vec::new());
    let mut writer = hound::WavWriter::new(&mut out, spec).map_err(bad_audio)?;
    for s in samples {
        writer.write_sample(s).map_err(bad_audio)?;
    }
    writer.finalize().map_err(bad_audio)?;
    Ok(out.into_inner())
}

/// Checks the bytes are a WAV, measures it, writes it beside `out` and renames.
pub(crate) async fn write_wav_atomically(bytes: Vec<u8>, out: &Path) -> Result<SpeechFile> {
    let reader = hound::WavReader::new(std::io::Cursor::new(&bytes)).map_err(bad_audio)?;
    let spec = reader.spec();
    let frames = u64::from(reader.duration());
    let duration_ms = if spec.sample_rate == 0 {
        0
    } else {
        frames * 1000 / u64::from(spec.sample_rate)
    };
    let tmp = crate::temp_path(out);
    // The buffer moves to the blocking thread (`tokio::fs::write` would copy it first).
    let path = tmp.clone();
    tokio::task::spawn_blocking(move || std::fs::write(&path, bytes))
        .await
        .unwrap_or_else(|e| Err(std::io::Error::other(e)))
        .map_err(|e| ProviderError::io("write", &tmp, e))?;
    tokio::fs::rename(&tmp, out)
        .await
        .map_err(|e| ProviderError::io("rename into", out, e))?;
    Ok(SpeechFile {
        path: out.to_path_buf(),
        duration_ms,
        sample_rate: spec.sample_rate,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_split_at_sentence_ends_within_the_limit() {
        let text = "One two three. Four five six! Seven eight nine? Ten.";
        let chunks = split_text(text, 20);
        assert!(chunks.iter().all(|c| c.len() <= 20), "{chunks:?}");
        assert_eq!(chunks.join(" "), text);
        assert_eq!(chunks[0], "One two three.");
    }

    #[test]
    fn piper_voice_names_come_from_the_config() {
        let config = json!({"dataset": "joe", "audio": {"quality": "medium"},
            "language": {"name_english": "English", "country_english": "United States"}});
        assert_eq!(
            piper_voice_name("en_US-joe-medium", &config),
            "Joe (English, United States, medium)"
        );
        assert_eq!(piper_voice_name("x", &json!({})), "x");
    }

    #[test]
    fn the_title_of_an_html_error_page_is_kept() {
        let page = "<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n<h1>Internal Server Error</h1>";
        assert_eq!(html_title(page), "500 Internal Server Error");
    }

    #[test]
    fn a_sentence_longer_than_the_limit_is_cut_at_spaces() {
        let chunks = split_text("aaaa bbbb cccc dddd", 10);
        assert!(chunks.iter().all(|c| c.len() <= 10), "{chunks:?}");
        assert_eq!(chunks.join(" "), "aaaa bbbb cccc dddd");
    }
}

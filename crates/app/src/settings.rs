//! Settings: service addresses and job limits, stored in the `settings` table and edited
//! with `videogen config` or the Settings screen. Environment variables override them for
//! one run and are never stored. The LLM API key lives in the OS keychain only.

use serde::{Deserialize, Serialize};
use videogen_model::{AppError, ErrorCode, ExportFormat, JobKind};
use videogen_store::repo::settings;

use crate::Studio;

/// Where a setting's value came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum SettingSource {
    /// Built-in default.
    Default,
    /// Stored in the database.
    Stored,
    /// An environment variable of this run.
    Environment,
}

/// One setting as `config list` shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SettingValue {
    /// The key, e.g. `comfyui.url`.
    pub key: String,
    /// The value in effect.
    pub value: String,
    /// Where it came from.
    pub source: SettingSource,
    /// What it is for.
    pub help: String,
}

struct Spec {
    key: &'static str,
    env: Option<&'static str>,
    default: &'static str,
    help: &'static str,
    check: fn(&str) -> Result<String, String>,
}

const SPECS: &[Spec] = &[
    Spec {
        key: "export.folder",
        env: None,
        default: "",
        help: "Folder the export, rough-cut and backup dialogs offer first (the last one used)",
        check: non_empty,
    },
    Spec {
        key: EXPORT_FORMATS_KEY,
        env: None,
        default: "fcpxml,xmeml,otio,mlt,edl,srt,vtt",
        help: "Timelines and captions the export dialog ticks first (the last ones chosen; none: media only)",
        check: format_list,
    },
    Spec {
        key: "export.zip",
        env: None,
        default: "false",
        help: "Whether the export dialog asks for a ZIP first (the last choice; true or false)",
        check: boolean,
    },
    Spec {
        key: "comfyui.url",
        env: Some("VIDEOGEN_COMFYUI_URL"),
        default: "http://127.0.0.1:8188",
        help: "ComfyUI server; a comma-separated list makes a pool",
        check: url_list,
    },
    Spec {
        key: "tts.url",
        env: Some("VIDEOGEN_TTS_URL"),
        default: "http://127.0.0.1:8004",
        help: "Chatterbox TTS server",
        check: url,
    },
    Spec {
        key: "whisper.url",
        env: Some("VIDEOGEN_WHISPER_URL"),
        default: "http://127.0.0.1:8005",
        help: "Whisper server (OpenAI-compatible or whisper.cpp)",
        check: url,
    },
    Spec {
        key: "llm.url",
        env: Some("VIDEOGEN_LLM_URL"),
        default: "https://api.deepseek.com",
        help: "OpenAI-compatible chat API base URL (DeepSeek, Ollama, llama.cpp)",
        check: url,
    },
    Spec {
        key: "llm.model",
        env: Some("VIDEOGEN_LLM_MODEL"),
        default: "deepseek-flash",
        help: "LLM model name",
        check: non_empty,
    },
    Spec {
        key: "llm.price.cache_hit",
        env: None,
        default: "0.028",
        help: "LLM price, US dollars per million input tokens served from the cache",
        check: price,
    },
    Spec {
        key: "llm.price.cache_miss",
        env: None,
        default: "0.28",
        help: "LLM price, US dollars per million input tokens not in the cache",
        check: price,
    },
    Spec {
        key: "llm.price.output",
        env: None,
        default: "0.42",
        help: "LLM price, US dollars per million output tokens",
        check: price,
    },
    Spec {
        key: "jobs.keep_awake",
        env: None,
        default: "true",
        help: "Keep the system from sleeping while jobs run (true or false)",
        check: boolean,
    },
    Spec {
        key: "notify.batches",
        env: None,
        default: "true",
        help: "Show a desktop notification when a batch of jobs finishes or fails (true or false)",
        check: boolean,
    },
];

fn boolean(value: &str) -> Result<String, String> {
    match value.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "on" | "1" => Ok("true".into()),
        "false" | "no" | "off" | "0" => Ok("false".into()),
        _ => Err(format!("{value:?} is not true or false")),
    }
}

/// The setting that remembers the export dialog's last choice of formats.
pub const EXPORT_FORMATS_KEY: &str = "export.formats";

/// A comma-separated list of export formats, in the order of [`ExportFormat::ALL`] without
/// repeats; `none` for an export of media only.
fn format_list(value: &str) -> Result<String, String> {
    if value.trim().eq_ignore_ascii_case("none") {
        return Ok("none".into());
    }
    let chosen: Vec<ExportFormat> = value
        .split(',')
        .filter(|p| !p.trim().is_empty())
        .map(|p| ExportFormat::parse(p).map_err(|e| e.message))
        .collect::<Result<_, _>>()?;
    Ok(ExportFormat::ALL
        .into_iter()
        .filter(|f| chosen.contains(f))
        .map(ExportFormat::as_str)
        .collect::<Vec<_>>()
        .join(","))
}

fn price(value: &str) -> Result<String, String> {
    let v: f64 = value
        .trim()
        .parse()
        .map_err(|_| format!("{value:?} is not a number of dollars"))?;
    if !v.is_finite() || !(0.0..=1000.0).contains(&v) {
        return Err(format!("{value:?} is not a price from 0 to 1000 dollars"));
    }
    Ok(v.to_string())
}

const CONCURRENCY_PREFIX: &str = "jobs.concurrency.";
const KEYCHAIN_SERVICE: &str = "studio.videogen.app";
const KEYCHAIN_USER: &str = "llm-api-key";
const API_KEY_ENV: &str = "VIDEOGEN_LLM_API_KEY";

fn url(value: &str) -> Result<String, String> {
    let v = value.trim().trim_end_matches('/');
    let rest = v
        .strip_prefix("http://")
        .or_else(|| v.strip_prefix("https://"))
        .ok_or_else(|| format!("{value:?} is not an http:// or https:// address"))?;
    if rest.is_empty() || rest.contains(char::is_whitespace) {
        return Err(format!("{value:?} has no host"));
    }
    Ok(v.to_owned())
}

fn url_list(value: &str) -> Result<String, String> {
    let parts: Vec<String> = value
        .split(',')
        .filter(|p| !p.trim().is_empty())
        .map(url)
        .collect::<Result<_, _>>()?;
    if parts.is_empty() {
        return Err("no address given".into());
    }
    Ok(parts.join(","))
}

fn non_empty(value: &str) -> Result<String, String> {
    let v = value.trim();
    if v.is_empty() {
        return Err("the value is empty".into());
    }
    Ok(v.to_owned())
}

/// Addresses of the services, with environment overrides applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceSettings {
    /// ComfyUI servers (a pool when several).
    pub comfyui: Vec<String>,
    /// Chatterbox TTS server.
    pub tts: String,
    /// Whisper server.
    pub whisper: String,
    /// LLM base URL.
    pub llm_url: String,
    /// LLM model name.
    pub llm_model: String,
}

impl Studio {
    /// Every known setting with the value in effect and where it came from.
    pub fn config_list(&self) -> Result<Vec<SettingValue>, AppError> {
        let stored = self.store().read(settings::list)?;
        let mut out = Vec::new();
        for spec in SPECS {
            out.push(self.effective(spec, &stored));
        }
        for kind in JobKind::ALL
            .into_iter()
            .filter(|k| *k != JobKind::Diagnostic)
        {
            let key = format!("{CONCURRENCY_PREFIX}{}", kind.as_str());
            let value = stored
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| v.to_string());
            out.push(SettingValue {
                help: format!("how many {} jobs may run at once", kind.as_str()),
                source: if value.is_some() {
                    SettingSource::Stored
                } else {
                    SettingSource::Default
                },
                value: value.unwrap_or_else(|| kind.default_concurrency().to_string()),
                key,
            });
        }
        Ok(out)
    }

    /// One setting's value in effect.
    pub fn config_get(&self, key: &str) -> Result<SettingValue, AppError> {
        self.config_list()?
            .into_iter()
            .find(|s| s.key == key)
            .ok_or_else(|| unknown_key(key))
    }

    /// Stores a setting after checking it; an empty value goes back to the default.
    pub fn config_set(&self, key: &str, value: &str) -> Result<SettingValue, AppError> {
        let stored = if value.trim().is_empty() {
            None
        } else if let Some(spec) = SPECS.iter().find(|s| s.key == key) {
            let v = (spec.check)(value).map_err(|why| {
                AppError::invalid(format!(
                    "Cannot set {key}: {why}. Example: {}",
                    spec.default
                ))
            })?;
            Some(serde_json::Value::String(v))
        } else if let Some(kind) = key
            .strip_prefix(CONCURRENCY_PREFIX)
            .and_then(JobKind::parse)
        {
            let n: u32 = value
                .trim()
                .parse()
                .ok()
                .filter(|n| (1..=64).contains(n))
                .ok_or_else(|| {
                    AppError::invalid(format!(
                    "Cannot set {key}: {value:?} is not a whole number from 1 to 64 (default {}).",
                    kind.default_concurrency()
                ))
                })?;
            Some(serde_json::Value::from(n))
        } else {
            return Err(unknown_key(key));
        };
        self.store()
            .write(|tx| settings::set(tx, key, stored.as_ref()))?;
        self.config_get(key)
    }

    /// Service addresses in effect (environment over stored over default).
    pub fn service_settings(&self) -> Result<ServiceSettings, AppError> {
        let all = self.config_list()?;
        let get = |k: &str| {
            all.iter()
                .find(|s| s.key == k)
                .map(|s| s.value.clone())
                .unwrap_or_default()
        };
        Ok(ServiceSettings {
            comfyui: get("comfyui.url").split(',').map(str::to_owned).collect(),
            tts: get("tts.url"),
            whisper: get("whisper.url"),
            llm_url: get("llm.url"),
            llm_model: get("llm.model"),
        })
    }

    /// The concurrency limit in effect for a job kind.
    pub fn concurrency_limit(&self, kind: JobKind) -> Result<u32, AppError> {
        let key = format!("{CONCURRENCY_PREFIX}{}", kind.as_str());
        let stored = self.store().read(|c| settings::get(c, &key))?;
        Ok(stored
            .and_then(|v| v.as_u64())
            .map(|n| n as u32)
            .unwrap_or_else(|| kind.default_concurrency()))
    }

    /// The LLM API key: `VIDEOGEN_LLM_API_KEY` for this run, else the OS keychain.
    /// `Ok(None)` when neither has one.
    pub fn llm_api_key(&self) -> Result<Option<String>, AppError> {
        if let Some(key) = std::env::var(API_KEY_ENV)
            .ok()
            .filter(|k| !k.trim().is_empty())
        {
            return Ok(Some(key));
        }
        match keychain_entry()?.get_password() {
            Ok(key) => Ok(Some(key)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(no_keychain(e)),
        }
    }

    /// Stores the LLM API key in the OS keychain (never in the database or a log).
    pub fn set_llm_api_key(&self, key: &str) -> Result<(), AppError> {
        let key = key.trim();
        if key.is_empty() {
            return match keychain_entry()?.delete_credential() {
                Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
                Err(e) => Err(no_keychain(e)),
            };
        }
        keychain_entry()?.set_password(key).map_err(no_keychain)
    }

    fn effective(&self, spec: &Spec, stored: &[(String, serde_json::Value)]) -> SettingValue {
        // A malformed variable is kept as typed (and reported where it is used), never
        // silently replaced by the stored value: the user meant to override it.
        let env = spec
            .env
            .and_then(|name| std::env::var(name).ok())
            .filter(|v| !v.trim().is_empty())
            .map(|v| (spec.check)(&v).unwrap_or(v));
        let from_db = stored
            .iter()
            .find(|(k, _)| k == spec.key)
            .and_then(|(_, v)| v.as_str().map(str::to_owned));
        let (value, source) = match (env, from_db) {
            (Some(v), _) => (v, SettingSource::Environment),
            (None, Some(v)) => (v, SettingSource::Stored),
            (None, None) => (spec.default.to_owned(), SettingSource::Default),
        };
        SettingValue {
            key: spec.key.to_owned(),
            value,
            source,
            help: spec.help.to_owned(),
        }
    }
}

fn keychain_entry() -> Result<keyring::Entry, AppError> {
    keyring::Entry::new(KEYCHAIN_SERVICE, KEYCHAIN_USER).map_err(no_keychain)
}

fn no_keychain(err: keyring::Error) -> AppError {
    AppError::new(
        ErrorCode::ServiceUnavailable,
        format!(
            "No keychain answered ({err}). The API key is kept only in the OS keychain: unlock or start one \
             (GNOME Keyring, KWallet), or set {API_KEY_ENV} in the environment for this run."
        ),
    )
}

fn unknown_key(key: &str) -> AppError {
    let known: Vec<&str> = SPECS.iter().map(|s| s.key).collect();
    AppError::invalid(format!(
        "Unknown setting {key:?}: use one of {}, or {CONCURRENCY_PREFIX}<job kind>.",
        known.join(", ")
    ))
}

//! `videogen config list|get|set|api-key`.

use std::io::BufRead;

use clap::{Args, Subcommand};
use videogen_app::{SettingSource, SettingValue, Studio};
use videogen_model::AppError;

/// Arguments of `videogen config`.
#[derive(Args)]
pub struct ConfigArgs {
    #[command(subcommand)]
    command: ConfigCommand,
}

#[derive(Subcommand)]
enum ConfigCommand {
    /// Every setting with its value and where it comes from.
    List,
    /// One setting.
    Get {
        /// e.g. comfyui.url
        key: String,
    },
    /// Store a setting (an empty value goes back to the default).
    Set {
        /// e.g. comfyui.url
        key: String,
        /// e.g. http://127.0.0.1:8188,http://10.0.0.5:8188
        value: String,
    },
    /// Store the LLM API key in the OS keychain, read from standard input (so it stays out
    /// of the shell history); an empty line removes it.
    ApiKey,
}

/// `videogen config`.
pub fn run(studio: &Studio, args: ConfigArgs) -> Result<(), AppError> {
    match args.command {
        ConfigCommand::List => {
            for s in studio.config_list()? {
                print_setting(&s);
            }
            let key = match studio.llm_api_key() {
                Ok(Some(_)) => "set",
                Ok(None) => "not set (videogen config api-key)",
                Err(_) => "no keychain; use VIDEOGEN_LLM_API_KEY",
            };
            println!("{:<32} {key}", "llm.api_key");
        }
        ConfigCommand::Get { key } => print_setting(&studio.config_get(&key)?),
        ConfigCommand::Set { key, value } => print_setting(&studio.config_set(&key, &value)?),
        ConfigCommand::ApiKey => {
            let mut line = String::new();
            std::io::stdin().lock().read_line(&mut line).map_err(|e| {
                AppError::invalid(format!("Cannot read the key from standard input: {e}"))
            })?;
            studio.set_llm_api_key(&line)?;
            println!(
                "{}",
                if line.trim().is_empty() {
                    "API key removed from the keychain."
                } else {
                    "API key stored in the keychain."
                }
            );
        }
    }
    Ok(())
}

fn print_setting(s: &SettingValue) {
    let source = match s.source {
        SettingSource::Default => "default",
        SettingSource::Stored => "stored",
        SettingSource::Environment => "environment",
    };
    println!("{:<32} {:<40} ({source})", s.key, s.value);
}

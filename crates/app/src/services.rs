//! The services as configured: `videogen doctor` and running one workflow template.

use std::path::Path;

use videogen_model::{AppError, ErrorCode};
use videogen_providers::{doctor, run_workflow, CancellationToken, DoctorReport, ServiceEndpoints};

use crate::Studio;

impl Studio {
    /// The service addresses in effect (settings, then environment overrides), the API key
    /// (environment, then keychain) and the user's template folder.
    pub fn service_endpoints(&self) -> Result<ServiceEndpoints, AppError> {
        let s = self.service_settings()?;
        let parse = |what: &str, text: &str| {
            url::Url::parse(text).map_err(|e| {
                AppError::invalid(format!(
                    "The {what} address {text:?} is not a URL ({e}): fix the VIDEOGEN_*_URL variable or `videogen config set` it."
                ))
            })
        };
        let comfyui = s
            .comfyui
            .iter()
            .map(|u| parse("ComfyUI", u))
            .collect::<Result<Vec<_>, _>>()?;
        // No keychain (headless) is not an error here: the environment may hold the key,
        // and the doctor reports a missing one.
        let llm_api_key = match self.llm_api_key() {
            Ok(key) => key,
            Err(err) => {
                tracing::warn!("{}", err.message);
                None
            }
        };
        Ok(ServiceEndpoints {
            comfyui,
            tts: Some(parse("TTS", &s.tts)?),
            whisper: Some(parse("Whisper", &s.whisper)?),
            llm_url: Some(parse("LLM", &s.llm_url)?),
            llm_model: Some(s.llm_model),
            llm_api_key,
            templates_dir: Some(self.layout().workflows_dir()),
        })
    }

    /// Checks every service and what each active model's workflow lacks on each ComfyUI
    /// server.
    pub async fn doctor(&self, cancel: &CancellationToken) -> Result<DoctorReport, AppError> {
        let endpoints = self.service_endpoints()?;
        let templates: Vec<String> = self
            .list_models()?
            .into_iter()
            .filter(|m| m.is_active)
            .map(|m| m.workflow_file)
            .collect();
        Ok(doctor(&endpoints, &templates, cancel).await)
    }

    /// Runs one template (`test/image`, `image/flux-2`, …) on the ComfyUI pool with
    /// `name=value` overrides and saves its first output to `out`.
    pub async fn run_workflow_template(
        &self,
        template: &str,
        overrides: &[String],
        input_image: Option<&Path>,
        out: &Path,
        cancel: &CancellationToken,
    ) -> Result<videogen_providers::doctor::WorkflowRun, AppError> {
        let endpoints = self.service_endpoints()?;
        if endpoints.comfyui.is_empty() {
            return Err(AppError::new(
                ErrorCode::InvalidInput,
                "No ComfyUI server is configured: `videogen config set comfyui.url http://127.0.0.1:8188`.",
            ));
        }
        Ok(run_workflow(&endpoints, template, overrides, input_image, out, cancel).await?)
    }
}

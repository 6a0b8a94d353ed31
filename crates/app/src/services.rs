//! The services as configured: `videogen doctor` and running one workflow template.

use std::path::Path;

use videogen_model::{AppError, ModelBackend};
use videogen_providers::{doctor, run_workflow, CancellationToken, DoctorReport, ServiceEndpoints};

use crate::Studio;

impl Studio {
    /// The service addresses in effect (settings, then environment overrides) and the user's
    /// template folder; without the LLM API key, which only what calls the LLM looks up
    /// ([`Studio::llm_api_key`]), so that nothing else asks the keychain or warns that
    /// none answered.
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
        Ok(ServiceEndpoints {
            comfyui,
            tts: Some(parse("TTS", &s.tts)?),
            whisper: Some(parse("Whisper", &s.whisper)?),
            llm_url: Some(parse("LLM", &s.llm_url)?),
            llm_model: Some(s.llm_model),
            llm_api_key: None,
            templates_dir: Some(self.layout().workflows_dir()),
        })
    }

    /// Checks every service and what each active model's workflow lacks on each ComfyUI
    /// server. A missing API key, or a keychain that does not answer, is one of its notes.
    pub async fn doctor(&self, cancel: &CancellationToken) -> Result<DoctorReport, AppError> {
        let mut endpoints = self.service_endpoints()?;
        let key_note = match self.llm_api_key() {
            Ok(Some(key)) => {
                endpoints.llm_api_key = Some(key);
                None
            }
            Ok(None) => Some(
                "No LLM API key is set: `videogen config api-key` stores one in the keychain \
                 (or set VIDEOGEN_LLM_API_KEY); a local LLM may not need one."
                    .to_owned(),
            ),
            Err(err) => Some(err.message),
        };
        // Only ComfyUI models have a template to check: the offline ones (title cards,
        // Ken Burns) have none and need no server.
        let templates: Vec<String> = self
            .list_models()?
            .into_iter()
            .filter(|m| m.is_active && m.backend == ModelBackend::Comfyui)
            .map(|m| m.workflow_file)
            .collect();
        let mut report = doctor(&endpoints, &templates, cancel).await;
        report.notes.extend(key_note);
        Ok(report)
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
        Ok(run_workflow(&endpoints, template, overrides, input_image, out, cancel).await?)
    }
}

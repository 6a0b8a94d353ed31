//! Checking a workflow against a server's `/object_info`: node classes it lacks, and
//! model files (checkpoints, UNets, text encoders, VAEs, LoRAs) not in its lists.

use serde::Serialize;
use serde_json::{Map, Value};

/// A node class the server does not have (a custom node or a newer ComfyUI is needed).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MissingNode {
    /// Node id in the workflow.
    pub node_id: String,
    /// Its class.
    pub class_type: String,
}

/// A model file the workflow names that the server does not list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MissingModel {
    /// Node id in the workflow.
    pub node_id: String,
    /// Its class, e.g. `UNETLoader`.
    pub class_type: String,
    /// The input, e.g. `unet_name`.
    pub input: String,
    /// The file name, e.g. `flux2_dev_fp8mixed.safetensors`.
    pub file: String,
}

/// What a server lacks to run a workflow.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct WorkflowCheck {
    /// Node classes it lacks.
    pub missing_nodes: Vec<MissingNode>,
    /// Model files it lacks.
    pub missing_models: Vec<MissingModel>,
}

impl WorkflowCheck {
    /// Nothing is missing.
    pub fn is_ok(&self) -> bool {
        self.missing_nodes.is_empty() && self.missing_models.is_empty()
    }
}

const MODEL_EXTENSIONS: &[&str] = &[
    ".safetensors",
    ".ckpt",
    ".pt",
    ".pth",
    ".bin",
    ".gguf",
    ".sft",
    ".onnx",
];

/// The options of a combo input spec: `[["a","b"],{..}]` (v1) or `["COMBO",{"options":[..]}]` (v3).
fn combo_options(spec: &Value) -> Option<Vec<&str>> {
    let first = spec.get(0)?;
    let list = if let Some(list) = first.as_array() {
        list
    } else if first.as_str() == Some("COMBO") {
        spec.get(1)?.get("options")?.as_array()?
    } else {
        return None;
    };
    Some(list.iter().filter_map(|v| v.as_str()).collect())
}

pub(super) fn check(workflow: &Map<String, Value>, info: &Value) -> WorkflowCheck {
    let mut result = WorkflowCheck::default();
    let mut ids: Vec<&String> = workflow.keys().collect();
    ids.sort_by_key(|id| (id.parse::<u64>().unwrap_or(u64::MAX), id.to_string()));
    for id in ids {
        let node = &workflow[id];
        let Some(class) = node.get("class_type").and_then(|c| c.as_str()) else {
            continue;
        };
        let Some(def) = info.get(class).filter(|d| d.is_object()) else {
            result.missing_nodes.push(MissingNode {
                node_id: id.clone(),
                class_type: class.to_string(),
            });
            continue;
        };
        let Some(inputs) = node.get("inputs").and_then(|i| i.as_object()) else {
            continue;
        };
        for (name, value) in inputs {
            let Some(file) = value.as_str() else { continue };
            // Unfilled placeholders ({{lora_name|}}) are checked when bound, not here.
            if file.contains("{{")
                || !MODEL_EXTENSIONS
                    .iter()
                    .any(|ext| file.to_ascii_lowercase().ends_with(ext))
            {
                continue;
            }
            let spec = ["required", "optional"]
                .iter()
                .find_map(|group| def.pointer(&format!("/input/{group}/{name}")));
            let Some(options) = spec.and_then(combo_options) else {
                continue;
            };
            if !options.contains(&file) {
                result.missing_models.push(MissingModel {
                    node_id: id.clone(),
                    class_type: class.to_string(),
                    input: name.clone(),
                    file: file.to_string(),
                });
            }
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn lists_model_files_and_node_classes_the_server_lacks() {
        let info = json!({
            "UNETLoader": {"input": {"required": {"unet_name": [["have.safetensors"], {}], "weight_dtype": [["default"], {}]}}},
            "VAELoader": {"input": {"required": {"vae_name": ["COMBO", {"options": ["ae.safetensors"]}]}}}
        });
        let wf = json!({
            "1": {"class_type": "UNETLoader", "inputs": {"unet_name": "want.safetensors", "weight_dtype": "default"}},
            "2": {"class_type": "VAELoader", "inputs": {"vae_name": "ae.safetensors"}},
            "3": {"class_type": "Flux2Scheduler", "inputs": {}}
        });
        let check = check(wf.as_object().unwrap(), &info);
        assert_eq!(check.missing_models.len(), 1);
        assert_eq!(check.missing_models[0].file, "want.safetensors");
        assert_eq!(check.missing_nodes[0].class_type, "Flux2Scheduler");
    }
}

//! Reading what a prompt produced, and what the server said when it refused one.

use serde_json::Value;

use super::OutputFile;
use crate::http;

const VIDEO_EXTENSIONS: &[&str] = &["mp4", "webm", "mov", "mkv", "gif", "avi"];

/// Lists every file under every output node (any list whose items have filename + type).
pub fn outputs_of(outputs: &Value) -> Vec<OutputFile> {
    let Some(nodes) = outputs.as_object() else {
        return Vec::new();
    };
    let mut ids: Vec<&String> = nodes.keys().collect();
    ids.sort_by_key(|id| (id.parse::<u64>().unwrap_or(u64::MAX), id.to_string()));
    let mut files = Vec::new();
    for id in ids {
        let Some(node) = nodes[id].as_object() else {
            continue;
        };
        let animated = node
            .get("animated")
            .and_then(|a| a.as_array())
            .is_some_and(|a| a.iter().any(|x| x.as_bool() == Some(true)));
        for (key, list) in node {
            let Some(items) = list.as_array() else {
                continue;
            };
            for item in items {
                let (Some(filename), Some(kind)) = (
                    item.get("filename").and_then(|f| f.as_str()),
                    item.get("type").and_then(|t| t.as_str()),
                ) else {
                    continue;
                };
                let ext = filename
                    .rsplit('.')
                    .next()
                    .unwrap_or_default()
                    .to_ascii_lowercase();
                files.push(OutputFile {
                    node_id: id.clone(),
                    filename: filename.to_string(),
                    subfolder: item
                        .get("subfolder")
                        .and_then(|s| s.as_str())
                        .unwrap_or_default()
                        .to_string(),
                    kind: kind.to_string(),
                    is_video: key == "gifs" || animated || VIDEO_EXTENSIONS.contains(&ext.as_str()),
                });
            }
        }
    }
    files
}

/// Turns a `/prompt` 400 body into one message naming node, input and problem.
pub fn describe_prompt_error(body: &str) -> String {
    let Ok(v) = serde_json::from_str::<Value>(body) else {
        return http::error_message(body);
    };
    let mut parts = Vec::new();
    let error = v.get("error");
    let head = error
        .and_then(|e| e.get("message"))
        .and_then(|m| m.as_str())
        .unwrap_or("the workflow was refused");
    let details = error
        .and_then(|e| e.get("details"))
        .and_then(|m| m.as_str())
        .unwrap_or_default();
    if let Some(nodes) = v
        .get("node_errors")
        .and_then(|n| n.as_object())
        .filter(|n| !n.is_empty())
    {
        for (id, node) in nodes {
            let class = node
                .get("class_type")
                .and_then(|c| c.as_str())
                .unwrap_or("?");
            for e in node
                .get("errors")
                .and_then(|e| e.as_array())
                .into_iter()
                .flatten()
            {
                let input = e
                    .pointer("/extra_info/input_name")
                    .and_then(|i| i.as_str())
                    .unwrap_or("-");
                let problem = e
                    .get("details")
                    .and_then(|d| d.as_str())
                    .filter(|d| !d.is_empty())
                    .or_else(|| e.get("message").and_then(|m| m.as_str()))
                    .unwrap_or("invalid");
                let kind = e.get("type").and_then(|t| t.as_str()).unwrap_or_default();
                parts.push(format!(
                    "node {id} ({class}) input '{input}': {problem} [{kind}]"
                ));
            }
        }
        format!("{head}: {}", parts.join("; "))
    } else if details.is_empty() {
        head.to_string()
    } else {
        format!("{head} ({details})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn outputs_include_images_and_videos_under_images_or_gifs() {
        let outputs = json!({
            "9": {"images": [{"filename": "a.png", "subfolder": "", "type": "output"}]},
            "12": {"images": [{"filename": "v.mp4", "subfolder": "video", "type": "output"}], "animated": [true]},
            "10": {"gifs": [{"filename": "AnimateDiff_00001.mp4", "subfolder": "", "type": "output", "format": "video/h264-mp4"}]},
            "11": {"text": ["hello"]}
        });
        let files = outputs_of(&outputs);
        let names: Vec<_> = files
            .iter()
            .map(|f| (f.filename.as_str(), f.is_video))
            .collect();
        assert_eq!(
            names,
            vec![
                ("a.png", false),
                ("AnimateDiff_00001.mp4", true),
                ("v.mp4", true)
            ]
        );
    }

    #[test]
    fn node_errors_name_node_input_and_problem() {
        let body = r#"{"error":{"type":"prompt_outputs_failed_validation","message":"Prompt outputs failed validation","details":"","extra_info":{}},
          "node_errors":{"1":{"class_type":"LoadImage","dependent_outputs":["2"],"errors":[{"type":"custom_validation_failed","message":"Custom validation failed for node","details":"image - Invalid image file: missing.png","extra_info":{"input_name":"image"}}]}}}"#;
        let msg = describe_prompt_error(body);
        assert!(
            msg.contains(
                "node 1 (LoadImage) input 'image': image - Invalid image file: missing.png"
            ),
            "{msg}"
        );
    }
}

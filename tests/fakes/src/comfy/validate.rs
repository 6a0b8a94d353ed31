//! `POST /prompt` validation with the real server's error bodies (protocols/comfyui.md §2).

use serde_json::{json, Map, Value};

use super::ComfyState;

fn top(kind: &str, message: &str, details: &str) -> Value {
    json!({"error": {"type": kind, "message": message, "details": details, "extra_info": {}}, "node_errors": {}})
}

fn input_error(kind: &str, message: &str, details: String, input: &str) -> Value {
    json!({"type": kind, "message": message, "details": details, "extra_info": {"input_name": input}})
}

/// Options of a combo spec, v1 `[[..],{}]` or v3 `["COMBO",{"options":[..]}]`.
fn combo(spec: &Value) -> Option<Vec<Value>> {
    let first = spec.get(0)?;
    if let Some(list) = first.as_array() {
        return Some(list.clone());
    }
    if first.as_str() == Some("COMBO") {
        return spec.get(1)?.get("options")?.as_array().cloned();
    }
    None
}

fn check_input(
    name: &str,
    value: &Value,
    spec: &Value,
    prompt: &Map<String, Value>,
    state: &ComfyState,
) -> Option<Value> {
    if let Some(link) = value.as_array() {
        let target = link.first().and_then(|t| t.as_str()).unwrap_or_default();
        if link.len() != 2 || !prompt.contains_key(target) {
            return Some(input_error(
                "bad_linked_input",
                "Bad linked input, must be a length-2 list of [string, int]",
                format!("{name}, {value}"),
                name,
            ));
        }
        return None;
    }
    let opts = spec.get(1);
    let num = |k: &str| opts.and_then(|o| o.get(k)).and_then(Value::as_f64);
    match spec.get(0).and_then(|t| t.as_str()) {
        Some("INT") | Some("FLOAT") => {
            let Some(v) = value.as_f64() else {
                return Some(input_error(
                    "invalid_input_type",
                    "Failed to convert an input value to a number",
                    format!("{name}, {value}"),
                    name,
                ));
            };
            if let Some(min) = num("min").filter(|m| v < *m) {
                return Some(input_error(
                    "value_smaller_than_min",
                    &format!("Value {v} smaller than min of {min}"),
                    name.to_string(),
                    name,
                ));
            }
            if let Some(max) = num("max").filter(|m| v > *m) {
                return Some(input_error(
                    "value_bigger_than_max",
                    &format!("Value {v} bigger than max of {max}"),
                    name.to_string(),
                    name,
                ));
            }
            None
        }
        _ => {
            let mut options = combo(spec)?;
            if name == "image" && spec.get(1).and_then(|o| o.get("image_upload")).is_some() {
                // LoadImage lists the input folder.
                let inner = state.lock();
                options = inner
                    .files
                    .keys()
                    .filter(|(t, _, _)| t == "input")
                    .map(|(_, s, n)| {
                        Value::from(if s.is_empty() {
                            n.clone()
                        } else {
                            format!("{s}/{n}")
                        })
                    })
                    .collect();
                if !options.contains(value) {
                    return Some(input_error(
                        "custom_validation_failed",
                        "Custom validation failed for node",
                        format!(
                            "image - Invalid image file: {}",
                            value.as_str().unwrap_or_default()
                        ),
                        name,
                    ));
                }
                return None;
            }
            if options.contains(value) {
                return None;
            }
            let listed = if options.len() > 20 {
                format!("(list of length {})", options.len())
            } else {
                Value::Array(options).to_string()
            };
            let shown = value
                .as_str()
                .map(String::from)
                .unwrap_or_else(|| value.to_string());
            Some(input_error(
                "value_not_in_list",
                "Value not in list",
                format!("{name}: '{shown}' not in {listed}"),
                name,
            ))
        }
    }
}

/// Returns the output node ids, or the 400 body.
pub(super) fn validate(prompt: &Value, state: &ComfyState) -> Result<Vec<String>, Value> {
    let Some(nodes) = prompt.as_object() else {
        return Err(top(
            "invalid_prompt",
            "Cannot execute because the prompt is not an object.",
            "",
        ));
    };
    let info = &state.object_info;
    let mut outputs = Vec::new();
    for (id, node) in nodes {
        let Some(class) = node.get("class_type").and_then(|c| c.as_str()) else {
            return Err(top(
                "invalid_prompt",
                "Cannot execute because a node is missing the class_type property.",
                &format!("Node ID '#{id}'"),
            ));
        };
        let Some(def) = info.get(class) else {
            return Err(top(
                "invalid_prompt",
                &format!("Cannot execute because node {class} does not exist."),
                &format!("Node ID '#{id}'"),
            ));
        };
        if def.get("output_node").and_then(|o| o.as_bool()) == Some(true) {
            outputs.push(id.clone());
        }
    }
    if outputs.is_empty() {
        return Err(top("prompt_no_outputs", "Prompt has no outputs", ""));
    }
    let mut node_errors = Map::new();
    let mut ids: Vec<&String> = nodes.keys().collect();
    ids.sort();
    for id in ids {
        let node = &nodes[id];
        let class = node["class_type"].as_str().unwrap_or_default();
        let def = &info[class];
        let inputs = node
            .get("inputs")
            .and_then(|i| i.as_object())
            .cloned()
            .unwrap_or_default();
        let mut errors = Vec::new();
        if let Some(required) = def.pointer("/input/required").and_then(|r| r.as_object()) {
            for (name, spec) in required {
                match inputs.get(name) {
                    None => errors.push(input_error(
                        "required_input_missing",
                        "Required input is missing",
                        name.clone(),
                        name,
                    )),
                    Some(value) => errors.extend(check_input(name, value, spec, nodes, state)),
                }
            }
        }
        if let Some(optional) = def.pointer("/input/optional").and_then(|r| r.as_object()) {
            for (name, spec) in optional {
                if let Some(value) = inputs.get(name) {
                    errors.extend(check_input(name, value, spec, nodes, state));
                }
            }
        }
        if !errors.is_empty() {
            node_errors.insert(
                id.clone(),
                json!({"errors": errors, "dependent_outputs": outputs, "class_type": class}),
            );
        }
    }
    if node_errors.is_empty() {
        return Ok(outputs);
    }
    let first = node_errors
        .values()
        .next()
        .and_then(|n| n["errors"].get(0))
        .cloned()
        .unwrap_or(Value::Null);
    let details = format!(
        "{}: {}",
        first["message"].as_str().unwrap_or_default(),
        first["details"].as_str().unwrap_or_default()
    );
    Err(
        json!({"error": {"type": "prompt_outputs_failed_validation", "message": "Prompt outputs failed validation", "details": details, "extra_info": {}}, "node_errors": node_errors}),
    )
}

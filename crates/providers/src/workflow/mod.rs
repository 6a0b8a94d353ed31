//! ComfyUI API-format templates with `{{placeholder}}` values, and the binder that fills
//! them with typed values. Adding a model is a JSON file and a model row, never code.
//!
//! Grammar: a string value `"{{seed}}"` is replaced by the typed value (a JSON number for
//! `seed`); `"{{prompt}}, cinematic"` interpolates text; `{{steps|20}}` carries a default.
//! A node whose `_meta.bypass_when_empty` names a placeholder bound to an empty value is
//! removed and its outputs rewired to the inputs named in `_meta.passthrough` (an optional
//! LoRA loader). `_meta` is frontend metadata that ComfyUI ignores.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use crate::error::{ProviderError, Result};

/// The type of a placeholder's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamKind {
    /// Text.
    Text,
    /// Whole number.
    Int,
    /// Decimal number.
    Float,
}

/// Every placeholder a template may use, with its type.
pub const PLACEHOLDERS: &[(&str, ParamKind)] = &[
    ("prompt", ParamKind::Text),
    ("negative_prompt", ParamKind::Text),
    ("seed", ParamKind::Int),
    ("width", ParamKind::Int),
    ("height", ParamKind::Int),
    ("steps", ParamKind::Int),
    ("cfg", ParamKind::Float),
    ("frames", ParamKind::Int),
    ("fps", ParamKind::Float),
    ("lora_name", ParamKind::Text),
    ("lora_strength", ParamKind::Float),
    ("reference_image", ParamKind::Text),
    ("input_image", ParamKind::Text),
    ("camera", ParamKind::Text),
    ("motion", ParamKind::Float),
];

/// The type of a placeholder, or `None` if there is no such placeholder.
pub fn kind_of(name: &str) -> Option<ParamKind> {
    PLACEHOLDERS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, k)| *k)
}

/// A typed value for a placeholder.
#[derive(Clone, Debug, PartialEq)]
pub enum ParamValue {
    /// Text.
    Text(String),
    /// Whole number.
    Int(i64),
    /// Decimal number.
    Float(f64),
}

impl ParamValue {
    fn to_json(&self) -> Value {
        match self {
            ParamValue::Text(t) => Value::String(t.clone()),
            ParamValue::Int(i) => Value::from(*i),
            ParamValue::Float(f) => Value::from(*f),
        }
    }

    fn to_text(&self) -> String {
        match self {
            ParamValue::Text(t) => t.clone(),
            ParamValue::Int(i) => i.to_string(),
            ParamValue::Float(f) => f.to_string(),
        }
    }

    fn is_empty(&self) -> bool {
        matches!(self, ParamValue::Text(t) if t.trim().is_empty())
    }

    /// Parses `text` as the type of placeholder `name`; the error names both.
    pub fn parse(name: &str, text: &str) -> Result<Self> {
        let kind = kind_of(name).ok_or_else(|| unknown_placeholder(name))?;
        let bad = |what: &str| {
            ProviderError::InvalidInput(format!("the value '{text}' for '{name}' is not {what}"))
        };
        Ok(match kind {
            ParamKind::Text => ParamValue::Text(text.to_string()),
            ParamKind::Int => {
                ParamValue::Int(text.trim().parse().map_err(|_| bad("a whole number"))?)
            }
            ParamKind::Float => {
                let f: f64 = text.trim().parse().map_err(|_| bad("a number"))?;
                if !f.is_finite() {
                    return Err(bad("a finite number"));
                }
                ParamValue::Float(f)
            }
        })
    }

    /// Converts to the type of `kind` (an Int given for a Float placeholder is fine).
    fn coerce(self, name: &str, kind: ParamKind) -> Result<Self> {
        match (kind, self) {
            (ParamKind::Text, v @ ParamValue::Text(_))
            | (ParamKind::Int, v @ ParamValue::Int(_))
            | (ParamKind::Float, v @ ParamValue::Float(_)) => Ok(v),
            (ParamKind::Float, ParamValue::Int(i)) => Ok(ParamValue::Float(i as f64)),
            (ParamKind::Text, v) => Ok(ParamValue::Text(v.to_text())),
            (_, v) => ParamValue::parse(name, &v.to_text()),
        }
    }
}

fn unknown_placeholder(name: &str) -> ProviderError {
    let known: Vec<&str> = PLACEHOLDERS.iter().map(|(n, _)| *n).collect();
    ProviderError::InvalidInput(format!(
        "'{name}' is not a known placeholder; use one of: {}",
        known.join(", ")
    ))
}

/// Values for a template's placeholders.
pub type Params = BTreeMap<String, ParamValue>;

/// Parses `name=value` overrides (as typed on the command line) into typed values.
pub fn parse_overrides<S: AsRef<str>>(overrides: &[S]) -> Result<Params> {
    let mut params = Params::new();
    for item in overrides {
        let item = item.as_ref();
        let (name, value) = item.split_once('=').ok_or_else(|| {
            ProviderError::InvalidInput(format!(
                "'{item}' is not name=value (for example steps=20)"
            ))
        })?;
        params.insert(
            name.trim().to_string(),
            ParamValue::parse(name.trim(), value)?,
        );
    }
    Ok(params)
}

/// A loaded template.
#[derive(Clone, Debug)]
pub struct Template {
    name: String,
    graph: Map<String, Value>,
    /// Placeholder name -> default (as text), if any.
    placeholders: BTreeMap<String, Option<String>>,
}

/// Finds `{{name}}` / `{{name|default}}` occurrences in a string.
fn scan(text: &str) -> Vec<(usize, usize, String, Option<String>)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find("{{").map(|i| i + from) {
        let Some(close) = text[open..].find("}}").map(|i| i + open) else {
            break;
        };
        let body = &text[open + 2..close];
        let (name, default) = match body.split_once('|') {
            Some((n, d)) => (n.trim().to_string(), Some(d.to_string())),
            None => (body.trim().to_string(), None),
        };
        found.push((open, close + 2, name, default));
        from = close + 2;
    }
    found
}

fn walk_strings<'a>(value: &'a Value, out: &mut Vec<&'a str>) {
    match value {
        Value::String(s) => out.push(s),
        Value::Array(a) => a.iter().for_each(|v| walk_strings(v, out)),
        Value::Object(o) => o
            .iter()
            .filter(|(k, _)| k.as_str() != "_meta")
            .for_each(|(_, v)| walk_strings(v, out)),
        _ => {}
    }
}

impl Template {
    /// Parses an API-format template; refuses UI-format JSON and unknown placeholders.
    pub fn parse(name: &str, text: &str) -> Result<Self> {
        let bad = |why: String| {
            ProviderError::InvalidInput(format!(
                "the workflow template {name} cannot be used: {why}"
            ))
        };
        let value: Value =
            serde_json::from_str(text).map_err(|e| bad(format!("it is not valid JSON ({e})")))?;
        let Value::Object(graph) = value else {
            return Err(bad("it is not a JSON object".into()));
        };
        if graph.contains_key("nodes") && graph.contains_key("links") {
            return Err(bad(
                "it is in UI format; export it from ComfyUI with \"Export (API)\"".into(),
            ));
        }
        for (id, node) in &graph {
            if node.get("class_type").and_then(|c| c.as_str()).is_none()
                || !node.get("inputs").is_some_and(|i| i.is_object())
            {
                return Err(bad(format!(
                    "node {id} has no class_type or inputs (is it API format?)"
                )));
            }
        }
        let mut placeholders: BTreeMap<String, Option<String>> = BTreeMap::new();
        let mut strings = Vec::new();
        let whole = Value::Object(graph.clone());
        walk_strings(&whole, &mut strings);
        for s in strings {
            for (_, _, pname, default) in scan(s) {
                let kind = kind_of(&pname).ok_or_else(|| {
                    bad(format!("it uses an unknown placeholder {{{{{pname}}}}}"))
                })?;
                if let Some(d) = &default {
                    if !d.is_empty() || kind != ParamKind::Text {
                        ParamValue::parse(&pname, d).map_err(|e| bad(e.to_string()))?;
                    }
                }
                let entry = placeholders.entry(pname).or_insert(None);
                if entry.is_none() {
                    *entry = default;
                }
            }
        }
        Ok(Self {
            name: name.to_string(),
            graph,
            placeholders,
        })
    }

    /// Its name, e.g. `image/flux-2`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The placeholders it uses.
    pub fn placeholders(&self) -> BTreeSet<String> {
        self.placeholders.keys().cloned().collect()
    }

    /// Whether it uses `name`.
    pub fn uses(&self, name: &str) -> bool {
        self.placeholders.contains_key(name)
    }

    /// The raw graph, placeholders unfilled.
    pub fn graph(&self) -> &Map<String, Value> {
        &self.graph
    }

    /// Refuses a template that lacks a placeholder the caller must fill (e.g. `prompt`
    /// for an image model, `input_image` for image-to-video), naming it.
    pub fn require(&self, names: &[&str]) -> Result<()> {
        for n in names {
            if !self.uses(n) {
                return Err(ProviderError::InvalidInput(format!(
                    "the workflow template {} has no {{{{{n}}}}} placeholder, which this kind of model needs; add it to the template",
                    self.name
                )));
            }
        }
        Ok(())
    }

    /// Refuses values for placeholders the template does not use (user overrides), naming them.
    pub fn check_overrides(&self, params: &Params) -> Result<()> {
        for name in params.keys() {
            if kind_of(name).is_none() {
                return Err(unknown_placeholder(name));
            }
            if !self.uses(name) {
                return Err(ProviderError::InvalidInput(format!(
                    "the workflow template {} has no placeholder '{name}'; it uses: {}",
                    self.name,
                    self.placeholders()
                        .into_iter()
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
        }
        Ok(())
    }

    /// Fills every placeholder from `params` or its default; a placeholder with neither is
    /// refused, naming it. Values for placeholders the template does not use are ignored.
    pub fn bind(&self, params: &Params) -> Result<Value> {
        let mut values: BTreeMap<&str, ParamValue> = BTreeMap::new();
        for (name, default) in &self.placeholders {
            let kind = kind_of(name).ok_or_else(|| unknown_placeholder(name))?;
            let value = match (params.get(name), default) {
                (Some(v), _) => v.clone().coerce(name, kind)?,
                (None, Some(d)) if d.is_empty() && kind == ParamKind::Text => {
                    ParamValue::Text(String::new())
                }
                (None, Some(d)) => ParamValue::parse(name, d)?,
                (None, None) => {
                    return Err(ProviderError::InvalidInput(format!(
                    "the workflow template {} needs a value for {{{{{name}}}}} and none was given",
                    self.name
                )))
                }
            };
            values.insert(name.as_str(), value);
        }
        let mut graph = self.graph.clone();
        for node in graph.values_mut() {
            if let Some(inputs) = node.get_mut("inputs") {
                fill(inputs, &values);
            }
        }
        bypass_empty(&mut graph, &values);
        Ok(Value::Object(graph))
    }
}

fn fill(value: &mut Value, values: &BTreeMap<&str, ParamValue>) {
    match value {
        Value::String(s) => {
            let found = scan(s);
            if found.is_empty() {
                return;
            }
            if found.len() == 1 && found[0].0 == 0 && found[0].1 == s.len() {
                if let Some(v) = values.get(found[0].2.as_str()) {
                    *value = v.to_json();
                }
                return;
            }
            let mut out = String::new();
            let mut last = 0;
            for (start, end, name, _) in found {
                out.push_str(&s[last..start]);
                if let Some(v) = values.get(name.as_str()) {
                    out.push_str(&v.to_text());
                }
                last = end;
            }
            out.push_str(&s[last..]);
            *value = Value::String(out.trim().to_string());
        }
        Value::Array(a) => a.iter_mut().for_each(|v| fill(v, values)),
        Value::Object(o) => o.values_mut().for_each(|v| fill(v, values)),
        _ => {}
    }
}

/// Removes nodes marked `bypass_when_empty` whose placeholder is empty and rewires their
/// consumers to the passthrough inputs.
fn bypass_empty(graph: &mut Map<String, Value>, values: &BTreeMap<&str, ParamValue>) {
    let doomed: Vec<(String, Vec<Value>)> = graph
        .iter()
        .filter_map(|(id, node)| {
            let meta = node.get("_meta")?;
            let key = meta.get("bypass_when_empty")?.as_str()?;
            if !values.get(key).is_some_and(ParamValue::is_empty) {
                return None;
            }
            let through = meta.get("passthrough")?.as_array()?;
            let links = through
                .iter()
                .filter_map(|name| node.get("inputs")?.get(name.as_str()?).cloned())
                .collect();
            Some((id.clone(), links))
        })
        .collect();
    for (id, links) in doomed {
        graph.remove(&id);
        for node in graph.values_mut() {
            let Some(Value::Object(inputs)) = node.get_mut("inputs") else {
                continue;
            };
            for input in inputs.values_mut() {
                let target = match input.as_array() {
                    Some(link) if link.len() == 2 && link[0].as_str() == Some(&id) => {
                        link[1].as_u64()
                    }
                    _ => None,
                };
                if let Some(slot) = target.and_then(|s| links.get(s as usize)) {
                    *input = slot.clone();
                }
            }
        }
    }
}

mod store;

pub use store::{TemplateStore, BUILTIN};

#[cfg(test)]
mod tests;

//! Where templates come from: the user's folder first, then the built-ins.

use std::path::{Path, PathBuf};

use super::Template;
use crate::error::{ProviderError, Result};

/// The built-in templates, embedded from `workflows/`.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "image/flux-2",
        include_str!("../../../../workflows/image/flux-2.json"),
    ),
    (
        "image/z-image-turbo",
        include_str!("../../../../workflows/image/z-image-turbo.json"),
    ),
    (
        "image/qwen",
        include_str!("../../../../workflows/image/qwen.json"),
    ),
    (
        "video/wan-2.2",
        include_str!("../../../../workflows/video/wan-2.2.json"),
    ),
    (
        "video/ltx-2",
        include_str!("../../../../workflows/video/ltx-2.json"),
    ),
    (
        "test/image",
        include_str!("../../../../workflows/test/image.json"),
    ),
    (
        "test/video",
        include_str!("../../../../workflows/test/video.json"),
    ),
];

/// Finds templates by name: the user's folder first, then the built-ins.
#[derive(Clone, Debug, Default)]
pub struct TemplateStore {
    user_dir: Option<PathBuf>,
}

impl TemplateStore {
    /// A store over the user's template folder (e.g. `<data dir>/workflows`), if any.
    pub fn new(user_dir: Option<PathBuf>) -> Self {
        Self { user_dir }
    }

    /// Loads `image/flux-2` from `<user dir>/image/flux-2.json` or the built-ins.
    pub fn load(&self, name: &str) -> Result<Template> {
        let valid = !name.is_empty()
            && name.split('/').all(|part| {
                !part.is_empty()
                    && part
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
                    && part != "."
                    && part != ".."
            });
        if !valid {
            return Err(ProviderError::InvalidInput(format!(
                "'{name}' is not a template name like image/flux-2"
            )));
        }
        if let Some(dir) = &self.user_dir {
            let path = dir.join(format!("{name}.json"));
            match std::fs::read_to_string(&path) {
                Ok(text) => return Template::parse(name, &text),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(ProviderError::io("read", &path, e)),
            }
        }
        match BUILTIN.iter().find(|(n, _)| *n == name) {
            Some((_, text)) => Template::parse(name, text),
            None => Err(ProviderError::InvalidInput(format!(
                "there is no workflow template named {name}: add {name}.json to {}, or use a built-in ({})",
                self.user_dir.as_deref().map(Path::display).map(|d| d.to_string()).unwrap_or_else(|| "the templates folder".into()),
                BUILTIN.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
            ))),
        }
    }
}

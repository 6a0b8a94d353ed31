//! How patches cross the IPC boundary: a field left out means "leave as is", and `null` on
//! a field that holds an optional value means "clear it". serde alone reads both as `None`,
//! which made a project's model or style impossible to clear from the window.

use serde::{Deserialize, Deserializer};

/// Reads a present field (even `null`) as `Some(…)`, so that with `#[serde(default)]` an
/// absent field stays `None` and `null` becomes `Some(None)`.
pub fn nullable<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

#[cfg(test)]
mod tests {
    use crate::{GenerationModelId, ProjectPatch, SentencePatch};

    #[test]
    fn absent_leaves_and_null_clears() {
        let left: ProjectPatch = serde_json::from_str(r#"{"name":"A"}"#).unwrap();
        assert_eq!(left.name.as_deref(), Some("A"));
        assert_eq!(left.model_id, None);
        assert_eq!(left.style_id, None);

        let cleared: ProjectPatch =
            serde_json::from_str(r#"{"modelId":null,"styleId":null}"#).unwrap();
        assert_eq!(cleared.model_id, Some(None));
        assert_eq!(cleared.style_id, Some(None));

        let set: ProjectPatch = serde_json::from_str(r#"{"modelId":"m1"}"#).unwrap();
        assert_eq!(set.model_id, Some(Some(GenerationModelId("m1".into()))));

        let prompt: SentencePatch = serde_json::from_str(r#"{"imagePrompt":null}"#).unwrap();
        assert_eq!(prompt.image_prompt, Some(None));
        assert_eq!(prompt.text, None);
    }
}

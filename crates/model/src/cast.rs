//! Which characters a sentence shows: the one matcher used by the planner (whose
//! descriptions and references go into a render) and by the dirty rule (editing a character
//! makes stale exactly the images that show it).

use crate::{Character, CharacterId};

/// Whether `text` mentions `name` as whole words, ignoring case: "Ada" matches "Ada's" and
/// "ADA," but not "Adam" or "Canada".
pub fn mentions(text: &str, name: &str) -> bool {
    let name = name.trim();
    if name.is_empty() {
        return false;
    }
    let hay = text.to_lowercase();
    let needle = name.to_lowercase();
    let mut from = 0;
    while let Some(at) = hay[from..].find(&needle) {
        let start = from + at;
        let end = start + needle.len();
        let before_ok = hay[..start]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let after_ok = hay[end..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric());
        if before_ok && after_ok {
            return true;
        }
        // Step past the first character of this match (a char boundary).
        from = start + hay[start..].chars().next().map_or(1, char::len_utf8);
    }
    false
}

/// Whether `text` mentions the character by name or by any alias.
pub fn mentions_character(text: &str, character: &Character) -> bool {
    std::iter::once(&character.name)
        .chain(character.aliases.iter())
        .any(|n| mentions(text, n))
}

/// The characters of `cast` that a sentence shows: those the user chose (`cast_override`),
/// else those whose name or alias its text mentions. In cast order.
pub fn shown<'a>(
    text: &str,
    cast_override: Option<&[CharacterId]>,
    cast: &'a [Character],
) -> Vec<&'a Character> {
    match cast_override {
        Some(ids) => cast.iter().filter(|c| ids.contains(&c.id)).collect(),
        None => cast
            .iter()
            .filter(|c| mentions_character(text, c))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ada() -> Character {
        Character {
            id: CharacterId("c1".into()),
            name: "Ada".into(),
            description: None,
            aliases: vec!["the Countess".into()],
            reference_images: vec![],
            style_lora: None,
            created_at: 0,
        }
    }

    #[test]
    fn whole_words_ignoring_case() {
        assert!(mentions("Ada's engine ran.", "Ada"));
        assert!(mentions("And then, ADA!", "ada"));
        assert!(!mentions("Adam ran.", "Ada"));
        assert!(!mentions("Canada is large.", "Ada"));
        assert!(mentions("Canada and Ada.", "Ada"));
        assert!(!mentions("anything", " "));
    }

    #[test]
    fn aliases_count_and_override_wins() {
        let cast = [ada()];
        assert_eq!(shown("The Countess wrote.", None, &cast).len(), 1);
        assert!(shown("Nobody here.", None, &cast).is_empty());
        // The user said this sentence shows nobody, although it names her.
        assert!(shown("Ada wrote.", Some(&[]), &cast).is_empty());
        assert_eq!(shown("Nobody here.", Some(&[ada().id]), &cast).len(), 1);
    }
}

//! Typed ids. Every id is a UUID v7 in lower-case hyphenated text; the newtypes keep a
//! sentence id from being passed where a project id is expected.

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, specta::Type,
        )]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            /// The id as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The first eight characters, as `show` prints them.
            pub fn short(&self) -> &str {
                self.0.get(..8).unwrap_or(&self.0)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                Self(value)
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                Self(value.to_owned())
            }
        }
    };
}

id_type!(
    /// Id of a project.
    ProjectId
);
id_type!(
    /// Id of a section of a project's script.
    SectionId
);
id_type!(
    /// Id of a sentence: the unit that gets one narration, one image and one clip.
    SentenceId
);
id_type!(
    /// Id of a character in the library.
    CharacterId
);
id_type!(
    /// Id of a generation model (a ComfyUI workflow template and its defaults).
    GenerationModelId
);
id_type!(
    /// Id of a visual style (prompt prefix or LoRA).
    StyleId
);
id_type!(
    /// Id of a long-form script outline.
    OutlineId
);
id_type!(
    /// Id of a background job.
    JobId
);

//! A GPU budget (issue 12): three hours of image-to-video is tens of GPU-hours that nobody
//! waits for. Within a budget, each section's opening scenes and the scenes whose prompts
//! ask for motion get a generated clip; the rest get a Ken Burns move over their image. The
//! choice is stored per sentence, and the user may change any.

use serde::{Deserialize, Serialize};
use videogen_model::{ClipChoice, ProjectTree, Sentence, SentenceId};

/// Scenes at the start of each section that get a generated clip first.
pub const OPENING_SCENES: usize = 2;

/// Words in a prompt or a sentence that ask for motion.
const MOTION_WORDS: &[&str] = &[
    "moves", "moving", "runs", "running", "flies", "flying", "falls", "falling", "rises", "rising",
    "flows", "flowing", "waves", "turns", "turning", "spins", "spinning", "rolls", "rolling",
    "walks", "walking", "races", "explodes", "crashes", "storm", "pours", "dances", "swirls",
    "sweeps", "charges", "gallops", "launches", "erupts", "crowd", "march",
];

/// What a budget proposes.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BudgetProposal {
    /// Per sentence, in story order: a generated clip or a Ken Burns move.
    pub choices: Vec<(SentenceId, ClipChoice)>,
    /// Scenes that get a generated clip.
    pub generated: u32,
    /// Scenes that get a Ken Burns move.
    pub ken_burns: u32,
    /// Estimated GPU time of the generated clips, ms.
    pub gpu_ms: i64,
}

fn asks_for_motion(s: &Sentence) -> bool {
    let text = format!("{} {}", s.effective_video_prompt().unwrap_or(""), s.text).to_lowercase();
    text.split(|c: char| !c.is_alphanumeric())
        .any(|w| MOTION_WORDS.contains(&w))
}

/// Proposes a clip choice for every sentence within `budget_ms` of GPU time, a generated
/// clip costing `clip_ms` (the median of recorded renders, or a stated default).
pub fn propose(tree: &ProjectTree, budget_ms: i64, clip_ms: i64) -> BudgetProposal {
    let clip_ms = clip_ms.max(1);
    let mut order: Vec<(u8, usize, &Sentence)> = Vec::new();
    let mut index = 0;
    for section in &tree.sections {
        for (i, s) in section.sentences.iter().enumerate() {
            let rank = if i < OPENING_SCENES {
                0
            } else if asks_for_motion(s) {
                1
            } else {
                2
            };
            order.push((rank, index, s));
            index += 1;
        }
    }
    let mut by_priority = order.clone();
    by_priority.sort_by_key(|(rank, i, _)| (*rank, *i));
    let affordable = (budget_ms.max(0) / clip_ms) as usize;
    let chosen: std::collections::HashSet<&SentenceId> = by_priority
        .iter()
        .take(affordable)
        .map(|(_, _, s)| &s.id)
        .collect();
    let choices: Vec<(SentenceId, ClipChoice)> = order
        .iter()
        .map(|(_, _, s)| {
            let c = if chosen.contains(&s.id) {
                ClipChoice::Generated
            } else {
                ClipChoice::KenBurns
            };
            (s.id.clone(), c)
        })
        .collect();
    let generated = chosen.len() as u32;
    BudgetProposal {
        ken_burns: choices.len() as u32 - generated,
        generated,
        gpu_ms: i64::from(generated) * clip_ms,
        choices,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use videogen_model::{
        AssetState, CameraMovement, Project, ProjectId, Section, SectionId, SectionNarration,
        SentenceStatus,
    };

    fn sentence(id: &str, text: &str, order: u32) -> Sentence {
        let asset = AssetState {
            file: None,
            dirty: true,
            rev: 1,
            file_rev: None,
        };
        Sentence {
            id: SentenceId(id.into()),
            section_id: SectionId("s".into()),
            text: text.into(),
            spoken_text: None,
            order,
            image_prompt: None,
            image_prompt_user: None,
            image_prompt_stale: false,
            video_prompt: None,
            video_prompt_user: None,
            video_prompt_stale: false,
            camera_movement: CameraMovement::Static,
            motion_strength: 0.5,
            audio: asset.clone(),
            audio_duration_ms: None,
            audio_start_ms: None,
            audio_end_ms: None,
            section_audio_file: None,
            word_timings: None,
            image: asset.clone(),
            video: asset,
            video_duration_ms: None,
            status: SentenceStatus::Pending,
            cast_override: None,
            image_seed: None,
            clip_choice: None,
            created_at: 0,
            updated_at: 0,
        }
    }

    fn tree(sections: Vec<Vec<Sentence>>) -> ProjectTree {
        let project: Project = serde_json::from_value(serde_json::json!({
            "id": "p", "name": "P", "topic": null, "targetDurationMin": 8, "visualStyle": "", "voiceId": null,
            "modelId": null, "videoModelId": null, "styleId": null, "status": "draft", "width": 1920, "height": 1080,
            "fpsNum": 24, "fpsDen": 1, "llmUsage": {"promptTokens": 0, "completionTokens": 0, "cacheHitTokens": 0,
            "cacheMissTokens": 0, "calls": 0}, "llmCostUsd": 0.0, "llmSpendCapUsd": null, "narrationMode": "sentence",
            "ttsEngine": "chatterbox", "ttsSettings": {"temperature": null, "exaggeration": null, "cfgWeight": null,
            "seed": null, "speed": null}, "language": "en", "sentencePauseMs": 0, "sourceNotes": null, "cast": [],
            "createdAt": 0, "updatedAt": 0
        })).expect("project");
        let _ = ProjectId("p".into());
        ProjectTree {
            project,
            sections: sections
                .into_iter()
                .enumerate()
                .map(|(i, sentences)| Section {
                    id: SectionId(format!("s{i}")),
                    project_id: ProjectId("p".into()),
                    title: String::new(),
                    order: i as u32,
                    narration: SectionNarration {
                        file: None,
                        duration_ms: None,
                        dirty: true,
                        rev: 1,
                    },
                    sentences,
                    created_at: 0,
                })
                .collect(),
        }
    }

    #[test]
    fn openings_first_then_motion_then_the_rest_within_the_budget() {
        let t = tree(vec![
            vec![
                sentence("a1", "It begins.", 0),
                sentence("a2", "Then calm.", 1),
                sentence("a3", "Quiet talk.", 2),
                sentence("a4", "The storm crashes on the rocks.", 3),
            ],
            vec![
                sentence("b1", "Next part.", 0),
                sentence("b2", "More.", 1),
                sentence("b3", "Still.", 2),
            ],
        ]);
        let chosen = |p: &BudgetProposal| -> Vec<String> {
            p.choices
                .iter()
                .filter(|(_, c)| *c == ClipChoice::Generated)
                .map(|(id, _)| id.0.clone())
                .collect()
        };
        // Four clips: the two openings of each section.
        let p = propose(&t, 4 * 60_000, 60_000);
        assert_eq!(chosen(&p), ["a1", "a2", "b1", "b2"]);
        assert_eq!((p.generated, p.ken_burns, p.gpu_ms), (4, 3, 240_000));
        // One more: the scene that asks for motion, before the quiet ones.
        assert_eq!(
            chosen(&propose(&t, 5 * 60_000, 60_000)),
            ["a1", "a2", "a4", "b1", "b2"]
        );
        // No budget: every scene is a Ken Burns move.
        assert_eq!(propose(&t, 0, 60_000).generated, 0);
    }
}

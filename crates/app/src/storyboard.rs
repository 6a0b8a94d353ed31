//! The storyboard: every scene of a project as one compact row (a 2,700-scene project is
//! listed without word timings or prompts), and "regenerate" for pieces that are not stale.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use videogen_model::{
    AppError, AssetKind, AssetState, CameraMovement, ClipChoice, JobKind, JobTarget, ProjectId,
    SectionId, Sentence, SentenceId,
};
use videogen_pipeline::{Generated, Scope, Stage};
use videogen_store::dirty::{self, Edit};
use videogen_store::repo::{projects, sentences};

use crate::Studio;

/// The longest excerpt of a scene's text a row carries, in characters.
const EXCERPT_CHARS: usize = 160;

/// One piece (narration, image or clip) of a scene, as a row shows it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PieceState {
    /// A file is there (perhaps out of date).
    pub has_file: bool,
    /// Its inputs changed since the file was made, or it was never made.
    pub dirty: bool,
    /// Why the last job that made it failed, when nothing has made it since.
    pub error: Option<String>,
}

/// A scene as a storyboard row.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SceneRow {
    /// The sentence.
    pub id: SentenceId,
    /// Its section.
    pub section_id: SectionId,
    /// The start of its text (at most 160 characters, with an ellipsis when cut).
    pub text: String,
    /// The current image's 320-pixel thumbnail, relative to the data dir, when it exists.
    pub thumb: Option<String>,
    /// Narration.
    pub audio: PieceState,
    /// Image.
    pub image: PieceState,
    /// Clip.
    pub video: PieceState,
    /// Narration length, ms.
    pub duration_ms: Option<i64>,
    /// Camera movement of the clip.
    pub camera_movement: CameraMovement,
    /// Generated clip or Ken Burns move; `None`: the project's video model decides.
    pub clip_choice: Option<ClipChoice>,
    /// The user wrote the image or the video prompt.
    pub own_prompt: bool,
}

/// A section heading of the storyboard.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StoryboardSection {
    /// The section.
    pub id: SectionId,
    /// Heading; may be empty.
    pub title: String,
    /// Its one-take narration must be voiced again (section narration mode).
    pub narration_dirty: bool,
}

/// Every scene of a project in story order, with the section headings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Storyboard {
    /// The project.
    pub project_id: ProjectId,
    /// Its sections, in order.
    pub sections: Vec<StoryboardSection>,
    /// Its scenes, in story order (a section's scenes follow each other).
    pub rows: Vec<SceneRow>,
}

/// Failures per scene and piece, from the project's failed jobs nothing has replaced.
#[derive(Default)]
struct Failures {
    per_scene: HashMap<(SentenceId, AssetKind), String>,
    per_section: HashMap<(SectionId, AssetKind), String>,
}

impl Failures {
    fn of(&self, s: &Sentence, kind: AssetKind) -> Option<String> {
        self.per_scene
            .get(&(s.id.clone(), kind))
            .or_else(|| self.per_section.get(&(s.section_id.clone(), kind)))
            .cloned()
    }
}

/// Which piece a failed job of `kind` leaves unmade: a prompt that could not be written
/// keeps the picture it is for from being made.
fn piece_of(kind: JobKind) -> Option<AssetKind> {
    Some(match kind {
        JobKind::AudioSentence | JobKind::AudioSection | JobKind::AudioAlign => AssetKind::Audio,
        JobKind::Image | JobKind::PromptsImage => AssetKind::Image,
        JobKind::Video | JobKind::PromptsVideo | JobKind::VideoConform => AssetKind::Video,
        _ => return None,
    })
}

impl Studio {
    /// The project's storyboard: every scene as a compact row, in story order.
    pub fn storyboard(&self, project: &ProjectId) -> Result<Storyboard, AppError> {
        let tree = self.store().read(|c| projects::load_tree(c, project))?;
        let failures = self.failures(project)?;
        let sections = tree
            .sections
            .iter()
            .map(|s| StoryboardSection {
                id: s.id.clone(),
                title: s.title.clone(),
                narration_dirty: s.narration.dirty,
            })
            .collect();
        let rows = tree.sentences().map(|s| self.row(s, &failures)).collect();
        Ok(Storyboard {
            project_id: project.clone(),
            sections,
            rows,
        })
    }

    /// The rows of some scenes of a project (after an edit or a job touched them), in the
    /// order asked; scenes deleted meanwhile are left out.
    pub fn storyboard_rows(
        &self,
        project: &ProjectId,
        scenes: &[SentenceId],
    ) -> Result<Vec<SceneRow>, AppError> {
        let failures = self.failures(project)?;
        let found = self.store().read(|c| {
            let mut found = Vec::with_capacity(scenes.len());
            for id in scenes {
                match sentences::get(c, id) {
                    Ok(s) => found.push(s),
                    Err(videogen_store::StoreError::NotFound { .. }) => {}
                    Err(e) => return Err(e),
                }
            }
            Ok(found)
        })?;
        Ok(found.iter().map(|s| self.row(s, &failures)).collect())
    }

    /// Makes `pieces` of the scenes in `scope` again even where they are up to date, then
    /// queues them (and only them). An image gets a new seed, so it comes out different
    /// (its clip becomes stale, as after any new image); a narration is voiced again and
    /// aligned again; a clip is rendered again from the same inputs.
    pub fn regenerate(
        &self,
        project: &ProjectId,
        pieces: &[AssetKind],
        sections: Option<&[SectionId]>,
        scenes: Option<&[SentenceId]>,
    ) -> Result<Generated, AppError> {
        if pieces.is_empty() {
            return Err(AppError::invalid(
                "Choose what to make again: narration, image or clip.",
            ));
        }
        let tree = self.load_project(project)?;
        let chosen: Vec<SentenceId> = tree
            .sections
            .iter()
            .filter(|sec| sections.is_none_or(|ids| ids.contains(&sec.id)))
            .flat_map(|sec| sec.sentences.iter())
            .filter(|s| scenes.is_none_or(|ids| ids.contains(&s.id)))
            .map(|s| s.id.clone())
            .collect();
        if chosen.is_empty() {
            return Err(AppError::not_found(
                "None of the chosen scenes is in this project any more: choose scenes on the storyboard again.",
            ));
        }
        let now = videogen_store::now_ms();
        self.store().write(|tx| {
            for (n, id) in chosen.iter().enumerate() {
                for piece in pieces {
                    match piece {
                        AssetKind::Image => {
                            sentences::set_image_seed(tx, id, fresh_seed(now, n))?;
                        }
                        // The edits whose only effect is this piece (and, for narration, the
                        // section's one take that contains it).
                        AssetKind::Audio => {
                            dirty::apply(tx, Edit::SpokenText, dirty::Scope::Sentence(id))?
                        }
                        AssetKind::Video => {
                            dirty::apply(tx, Edit::VideoPrompt, dirty::Scope::Sentence(id))?
                        }
                    }
                }
            }
            Ok(())
        })?;
        let mut stages: Vec<Stage> = Vec::new();
        for piece in pieces {
            match piece {
                AssetKind::Audio => stages.extend([Stage::Audio, Stage::Align]),
                AssetKind::Image => stages.push(Stage::Images),
                AssetKind::Video => stages.push(Stage::Videos),
            }
        }
        stages.sort();
        stages.dedup();
        self.generate(
            project,
            &Scope {
                stages: Some(stages),
                sections: None,
                sentences: Some(chosen),
            },
        )
    }

    fn failures(&self, project: &ProjectId) -> Result<Failures, AppError> {
        let mut failures = Failures::default();
        for job in self.jobs_state().queue().unresolved_failures(project)? {
            let Some(kind) = piece_of(job.kind) else {
                continue;
            };
            let error = job
                .error
                .clone()
                .unwrap_or_else(|| "The job failed without saying why: retry it.".to_owned());
            match job.target() {
                JobTarget::Sentence(id) => {
                    failures.per_scene.insert((id, kind), error);
                }
                JobTarget::Section(id) => {
                    failures.per_section.insert((id, kind), error);
                }
                JobTarget::Project(_) | JobTarget::None => {}
            }
        }
        Ok(failures)
    }

    fn row(&self, s: &Sentence, failures: &Failures) -> SceneRow {
        let piece = |state: &AssetState, kind| PieceState {
            has_file: state.file.is_some(),
            dirty: state.dirty,
            error: failures.of(s, kind),
        };
        SceneRow {
            id: s.id.clone(),
            section_id: s.section_id.clone(),
            text: excerpt(&s.text),
            thumb: s
                .image
                .file
                .as_deref()
                .and_then(thumbnail_of)
                .filter(|t| self.data_dir().join(t).is_file()),
            audio: piece(&s.audio, AssetKind::Audio),
            image: piece(&s.image, AssetKind::Image),
            video: piece(&s.video, AssetKind::Video),
            duration_ms: s.audio_duration_ms,
            camera_movement: s.camera_movement,
            clip_choice: s.clip_choice,
            own_prompt: s.image_prompt_user.is_some() || s.video_prompt_user.is_some(),
        }
    }
}

/// The thumbnail the image handler writes beside an image: `…/images/{name}.{ext}` has
/// `…/thumbs/{name}.webp` (named by the file, not the sentence's revision, so a rolled-back
/// image shows its own thumbnail). Attached images have none.
pub(crate) fn thumbnail_of(image: &str) -> Option<String> {
    let (folder, file) = image.rsplit_once('/')?;
    let project_dir = folder.strip_suffix("/images")?;
    let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    Some(format!("{project_dir}/thumbs/{stem}.webp"))
}

fn excerpt(text: &str) -> String {
    match text.char_indices().nth(EXCERPT_CHARS) {
        Some((cut, _)) => format!("{}…", text[..cut].trim_end()),
        None => text.to_owned(),
    }
}

/// A seed for scene `n` of one "regenerate": different per scene and per click (SplitMix64
/// over the time and the scene's place), non-negative as the templates take it.
fn fresh_seed(now_ms: i64, n: usize) -> i64 {
    let mut z = (now_ms as u64) ^ (n as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    ((z ^ (z >> 31)) >> 16) as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thumbnail_sits_beside_the_image_named_by_its_file() {
        assert_eq!(
            thumbnail_of("projects/p/images/s_r3.png").as_deref(),
            Some("projects/p/thumbs/s_r3.webp")
        );
        assert_eq!(thumbnail_of("elsewhere/s_r3.png"), None);
    }

    #[test]
    fn excerpt_cuts_long_text_on_a_character_boundary() {
        assert_eq!(excerpt("Short."), "Short.");
        let long = "é".repeat(200);
        let cut = excerpt(&long);
        assert_eq!(cut.chars().count(), EXCERPT_CHARS + 1);
        assert!(cut.ends_with('…'));
    }

    #[test]
    fn fresh_seeds_differ_per_scene_and_stay_non_negative() {
        let seeds: std::collections::HashSet<i64> = (0..1000).map(|n| fresh_seed(42, n)).collect();
        assert_eq!(seeds.len(), 1000);
        assert!(seeds.iter().all(|s| *s >= 0));
    }

    #[test]
    fn a_failed_job_marks_its_piece_of_its_scene_until_retried() {
        let dir = tempfile::tempdir().unwrap();
        let studio = Studio::open(dir.path()).unwrap();
        let project = studio
            .import_script_text("Ocean", "The ocean is vast. Most of it is dark.")
            .unwrap();
        let scope = Scope {
            stages: Some(vec![Stage::Audio]),
            ..Scope::default()
        };
        studio.generate(&project.id, &scope).unwrap();
        let board = studio.storyboard(&project.id).unwrap();
        assert!(board.rows.iter().all(|r| r.audio.error.is_none()));
        let job = studio.list_jobs(Some(&project.id), None).unwrap()[0].clone();
        let failed_scene = job.sentence_id.clone().unwrap();
        // As a runner leaves a job that used up its attempts.
        studio
            .store()
            .write(|tx| {
                tx.execute(
                    "UPDATE generation_jobs SET status = 'failed', error_message = 'TTS is down: start it.' WHERE id = ?1",
                    [job.id.as_str()],
                )?;
                Ok(())
            })
            .unwrap();

        let board = studio.storyboard(&project.id).unwrap();
        let errors: Vec<_> = board
            .rows
            .iter()
            .map(|r| (r.id.clone(), r.audio.error.clone(), r.image.error.clone()))
            .collect();
        for (id, audio, image) in errors {
            assert_eq!(audio.is_some(), id == failed_scene, "{id}");
            assert_eq!(image, None);
        }
        let one = studio
            .storyboard_rows(&project.id, std::slice::from_ref(&failed_scene))
            .unwrap();
        assert_eq!(
            one[0].audio.error.as_deref(),
            Some("TTS is down: start it.")
        );

        studio.retry_failed(&project.id).unwrap();
        let again = studio
            .storyboard_rows(&project.id, &[failed_scene])
            .unwrap();
        assert_eq!(again[0].audio.error, None);
    }
}

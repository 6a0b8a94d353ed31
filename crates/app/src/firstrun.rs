//! First run: a data directory with no projects whose welcome was never dismissed gets the
//! welcome (where the data lives, the services as the doctor finds them, the offer to
//! install the draft engines and open the demo project).
//!
//! "First run" is derived from what is stored, not from whether `studio.db` existed when
//! this process started: an upgrade opens a folder full of projects and shows no welcome,
//! and a user who closed the app before choosing gets the welcome again.

use videogen_model::{
    AppError, CameraMovement, FrameRate, FrameSize, NarrationMode, ProjectId, ProjectPatch,
    SentencePatch, TtsEngine,
};
use videogen_store::repo::settings;

use crate::demo::{DEMO_NAME, DEMO_SCRIPT};
use crate::Studio;

/// The setting that records the welcome was dismissed (JSON `true`).
const DISMISSED_KEY: &str = "welcome.dismissed";

/// What the welcome needs to know.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FirstRun {
    /// Whether to show the welcome: no project yet and never dismissed.
    pub show: bool,
    /// The demo project, when one was made before.
    pub demo_project: Option<ProjectId>,
}

impl Studio {
    /// Whether this data directory is on its first run (see the module doc).
    pub fn first_run(&self) -> Result<FirstRun, AppError> {
        let dismissed = self.store().read(|c| settings::get(c, DISMISSED_KEY))?;
        let projects = self.list_projects()?;
        let demo_project = projects
            .iter()
            .find(|p| p.name == DEMO_NAME)
            .map(|p| p.id.clone());
        Ok(FirstRun {
            show: projects.is_empty() && dismissed != Some(serde_json::Value::Bool(true)),
            demo_project,
        })
    }

    /// The welcome is not shown again in this data directory.
    pub fn dismiss_first_run(&self) -> Result<(), AppError> {
        let done = serde_json::Value::Bool(true);
        self.store()
            .write(|tx| settings::set(tx, DISMISSED_KEY, Some(&done)))?;
        Ok(())
    }

    /// The demo project, made on first use from the bundled script and set up for the
    /// offline draft engines; dismisses the welcome. Generating it needs the draft engines.
    pub fn open_demo_project(&self) -> Result<ProjectId, AppError> {
        let id = match self.first_run()?.demo_project {
            Some(id) => id,
            None => {
                let id = self.import_script_text(DEMO_NAME, DEMO_SCRIPT)?.id;
                self.set_up_for_draft_engines(&id)?;
                id
            }
        };
        self.dismiss_first_run()?;
        Ok(id)
    }

    /// Points a project at what runs offline: the draft voice, title cards and Ken Burns
    /// clips at 720p and 24 fps, with a different camera move per scene so the clips show
    /// what Ken Burns does. `videogen demo` and the first-run demo project both use it.
    pub(crate) fn set_up_for_draft_engines(&self, project: &ProjectId) -> Result<(), AppError> {
        let card = self.resolve_model("Title card")?;
        let ken_burns = self.resolve_model("Ken Burns")?;
        let style = self.resolve_style("Title cards")?;
        self.update_project(
            project,
            ProjectPatch {
                model_id: Some(Some(card)),
                video_model_id: Some(Some(ken_burns)),
                style_id: Some(Some(style)),
                tts_engine: Some(TtsEngine::Piper),
                narration_mode: Some(NarrationMode::Sentence),
                size: Some(FrameSize::HD_720),
                fps: Some(FrameRate::FPS_24),
                ..Default::default()
            },
        )?;
        let moves = [
            CameraMovement::ZoomIn,
            CameraMovement::PanRight,
            CameraMovement::TiltUp,
            CameraMovement::DollyOut,
            CameraMovement::Orbit,
            CameraMovement::PanLeft,
            CameraMovement::ZoomOut,
        ];
        let tree = self.load_project(project)?;
        for (i, sentence) in tree.sentences().enumerate() {
            self.update_sentence(
                &sentence.id,
                SentencePatch {
                    camera_movement: Some(moves[i % moves.len()]),
                    ..Default::default()
                },
            )?;
        }
        Ok(())
    }
}

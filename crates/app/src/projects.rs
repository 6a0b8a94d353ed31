//! Projects: list, create, load, edit, delete (to the trash), cast.

use videogen_model::{
    AppError, CharacterId, ErrorCode, Job, JobState, NewProject, Project, ProjectId, ProjectPatch,
    ProjectSummary, ProjectTree,
};
use videogen_store::repo::projects;

use crate::{io_error, Studio};

impl Studio {
    /// Every project, most recently changed first.
    pub fn list_projects(&self) -> Result<Vec<ProjectSummary>, AppError> {
        Ok(self.store().read(projects::list)?)
    }

    /// Creates an empty project.
    pub fn create_project(&self, input: NewProject) -> Result<Project, AppError> {
        Ok(self.store().write(|tx| projects::create(tx, &input))?)
    }

    /// Reads a project (without its script).
    pub fn get_project(&self, id: &ProjectId) -> Result<Project, AppError> {
        Ok(self.store().read(|c| projects::get(c, id))?)
    }

    /// Finds a project by id, unique id prefix (4+ characters) or exact name.
    pub fn resolve_project(&self, key: &str) -> Result<ProjectId, AppError> {
        Ok(self.store().read(|c| projects::resolve(c, key))?)
    }

    /// Loads a project with its sections and sentences, in order.
    pub fn load_project(&self, id: &ProjectId) -> Result<ProjectTree, AppError> {
        Ok(self.store().read(|c| projects::load_tree(c, id))?)
    }

    /// Changes a project's settings (voice, model and style changes make assets dirty).
    pub fn update_project(&self, id: &ProjectId, patch: ProjectPatch) -> Result<Project, AppError> {
        Ok(self.store().write(|tx| projects::update(tx, id, &patch))?)
    }

    /// Deletes a project; its files move to `trash/{id}-{time}` to be emptied later.
    /// Refuses while the project has queued or running jobs.
    pub fn delete_project(&self, id: &ProjectId) -> Result<(), AppError> {
        self.delete_project_with(id, false)
    }

    /// Deletes a project, first cancelling its queued and running jobs when `cancel_jobs`.
    /// A running job stops within a second; until it has, the delete is refused.
    pub fn delete_project_with(&self, id: &ProjectId, cancel_jobs: bool) -> Result<(), AppError> {
        self.get_project(id)?;
        let active: Vec<Job> = self
            .list_jobs(Some(id), None)?
            .into_iter()
            .filter(|j| j.state.is_active())
            .collect();
        if !active.is_empty() {
            if !cancel_jobs {
                return Err(AppError::new(
                    ErrorCode::Conflict,
                    format!(
                        "{} job(s) of this project are queued or running: cancel them first, or delete with their cancellation (videogen delete --cancel-jobs).",
                        active.len()
                    ),
                ));
            }
            for job in &active {
                self.cancel_job(&job.id)?;
            }
            let still_running = self.list_jobs(Some(id), Some(JobState::Running))?.len();
            // With no runner alive (we can take its lock), "running" jobs are orphans of a
            // crashed process that nothing will stop: holding the lock so no runner starts
            // meanwhile, delete them with the project.
            let no_runner = videogen_jobs::RunnerLock::try_acquire(self.store().path()).ok();
            if still_running > 0 && no_runner.is_some() {
                self.store().write(|tx| projects::delete(tx, id))?;
                drop(no_runner);
                return self.trash_project_files(id);
            }
            if still_running > 0 {
                return Err(AppError::new(
                    ErrorCode::Conflict,
                    format!("Stopping {still_running} running job(s) of this project: try again in a moment."),
                ));
            }
        }
        self.store().write(|tx| projects::delete(tx, id))?;
        self.trash_project_files(id)
    }

    /// Moves a deleted project's files to `trash/{id}-{time}`.
    fn trash_project_files(&self, id: &ProjectId) -> Result<(), AppError> {
        let dir = self.layout().project_dir(id);
        if dir.exists() {
            let target = self.layout().trash_dir().join(format!(
                "{}-{}",
                id.as_str(),
                videogen_store::now_ms()
            ));
            std::fs::rename(&dir, &target).map_err(|e| {
                io_error(
                    format_args!(
                        "The project was deleted but its files could not be moved to the trash ({})",
                        dir.display()
                    ),
                    e,
                )
            })?;
        }
        Ok(())
    }

    /// Casts a character in a project.
    pub fn add_to_cast(
        &self,
        project: &ProjectId,
        character: &CharacterId,
    ) -> Result<(), AppError> {
        Ok(self
            .store()
            .write(|tx| projects::add_to_cast(tx, project, character))?)
    }

    /// Removes a character from a project's cast.
    pub fn remove_from_cast(
        &self,
        project: &ProjectId,
        character: &CharacterId,
    ) -> Result<(), AppError> {
        Ok(self
            .store()
            .write(|tx| projects::remove_from_cast(tx, project, character))?)
    }
}

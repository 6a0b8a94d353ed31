//! "Retry all failed" for a project: every failed job that nothing has replaced since is
//! queued again with fresh attempts.

use videogen_model::{AppError, Job, ProjectId};

use crate::Studio;

impl Studio {
    /// Queues again each of the project's failed jobs that no later job of the same kind
    /// and target has replaced (queued, running or succeeded since); returns them as
    /// queued. Nothing failed: an empty list.
    pub fn retry_failed(&self, project: &ProjectId) -> Result<Vec<Job>, AppError> {
        self.get_project(project)?;
        let queue = self.jobs_state().queue();
        let failed = queue.unresolved_failures(project)?;
        let mut retried = Vec::with_capacity(failed.len());
        for job in failed {
            retried.push(queue.retry(&job.id)?);
        }
        Ok(retried)
    }
}

#[cfg(test)]
mod tests {
    use videogen_model::JobState;
    use videogen_pipeline::{Scope, Stage};

    use crate::Studio;

    #[test]
    fn retry_failed_queues_each_failed_job_once_and_nothing_else() {
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
        let jobs = studio.list_jobs(Some(&project.id), None).unwrap();
        assert_eq!(jobs.len(), 2);
        // As a runner leaves a job that used up its attempts (River-style: the row as the
        // runner would have left it, no runner needed).
        let failed = jobs[0].id.clone();
        studio
            .store()
            .write(|tx| {
                tx.execute(
                    "UPDATE generation_jobs SET status = 'failed', error_message = 'down' WHERE id = ?1",
                    [failed.as_str()],
                )?;
                Ok(())
            })
            .unwrap();

        let retried = studio.retry_failed(&project.id).unwrap();
        assert_eq!(retried.len(), 1);
        assert_eq!(retried[0].id, failed);
        assert_eq!(retried[0].state, JobState::Queued);
        // Asked again, nothing is left to retry.
        assert!(studio.retry_failed(&project.id).unwrap().is_empty());
    }
}

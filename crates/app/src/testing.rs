//! Support for tests of the runner (the CLI's process-kill test, the app's tests): the
//! diagnostic jobs users never see. Not part of [`Studio`]'s API.

use std::path::Path;

use videogen_jobs::{DiagnosticPayload, JobFilter, NewJob};
use videogen_model::{AppError, ErrorCode, Job, JobId, JobKind, JobTarget};

use crate::Studio;

/// Test support (never shown to users): queues `count` diagnostic jobs writing
/// `out_dir/<n>.txt` and logging each step execution to `steps_log`.
pub fn enqueue_diagnostic(
    studio: &Studio,
    count: u32,
    out_dir: &Path,
    steps_log: &Path,
    step_ms: u64,
    max_attempts: u32,
) -> Result<Vec<JobId>, AppError> {
    std::fs::create_dir_all(out_dir)
        .map_err(|e| crate::io_error(format!("Cannot create {}", out_dir.display()), e))?;
    let jobs = (0..count)
        .map(|n| {
            let payload = DiagnosticPayload {
                out: out_dir.join(format!("{n:05}.txt")),
                steps_log: steps_log.to_path_buf(),
                step_ms,
            };
            let payload = serde_json::to_value(&payload).map_err(|e| {
                AppError::new(ErrorCode::Internal, format!("diagnostic payload: {e}"))
            })?;
            Ok(NewJob::new(JobKind::Diagnostic, JobTarget::None)
                .payload(payload)
                .max_attempts(max_attempts))
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    let queued = studio.jobs_state().queue().enqueue_many(jobs)?;
    Ok(queued.into_iter().map(|e| e.job.id).collect())
}

/// Test support: every job including diagnostic ones, and the recorded outputs of a
/// job's steps.
pub fn all_jobs_for_tests(studio: &Studio) -> Result<Vec<Job>, AppError> {
    let filter = JobFilter {
        include_diagnostic: true,
        ..JobFilter::default()
    };
    Ok(studio.jobs_state().queue().list(&filter)?)
}

/// Test support: the recorded outputs of a job's steps, by step name.
pub fn job_step_outputs(
    studio: &Studio,
    id: &JobId,
) -> Result<Vec<(String, serde_json::Value)>, AppError> {
    Ok(studio
        .jobs_state()
        .queue()
        .steps(id)?
        .into_iter()
        .map(|s| (s.name, s.output))
        .collect())
}

/// Test support: what a diagnostic job's output file must hold, given the outputs its
/// steps recorded.
pub fn diagnostic_output_for_tests(studio: &Studio, id: &JobId) -> Result<String, AppError> {
    let steps = job_step_outputs(studio, id)?;
    let nonces = videogen_jobs::DIAGNOSTIC_STEPS
        .iter()
        .map(|name| {
            steps
                .iter()
                .find(|(n, _)| n == name)
                .and_then(|(_, v)| v.as_str())
                .map(str::to_owned)
                .ok_or_else(|| {
                    AppError::not_found(format!("step {name} of job {id} is not recorded"))
                })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(videogen_jobs::diagnostic_output(id.as_str(), &nonces))
}

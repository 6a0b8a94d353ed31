//! `jobs`, `jobs cancel|retry`, and `worker`.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use serde::Serialize;
use videogen_app::Studio;
use videogen_model::{AppError, Job, JobCounts, JobState};

use crate::output;

/// Arguments of `videogen jobs`.
#[derive(Args)]
pub struct JobsArgs {
    #[command(subcommand)]
    action: Option<JobsAction>,
    /// Only this project's jobs (id, id prefix or exact name).
    #[arg(long)]
    project: Option<String>,
    /// Only jobs in this state: queued, running, succeeded, failed, cancelled.
    #[arg(long)]
    state: Option<String>,
    /// Print the list as JSON for scripts: `{"schemaVersion":1,"paused":…,"counts":{…},
    /// "jobs":[…]}` with every field of every job (see README).
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand)]
enum JobsAction {
    /// Cancel a job: a queued one never starts, a running one stops.
    Cancel {
        /// Job id or id prefix (as `videogen jobs` prints it).
        id: String,
    },
    /// Queue a failed or cancelled job again.
    Retry {
        /// Job id or id prefix.
        id: String,
    },
    /// Test support: queue diagnostic jobs.
    #[command(hide = true)]
    EnqueueDiagnostic(DiagnosticArgs),
}

#[derive(Args)]
struct DiagnosticArgs {
    /// How many jobs.
    #[arg(long, default_value_t = 1)]
    count: u32,
    /// Folder for their output files.
    #[arg(long)]
    out: PathBuf,
    /// File each step execution appends a line to.
    #[arg(long)]
    steps_log: PathBuf,
    /// How long each step works, ms.
    #[arg(long, default_value_t = 0)]
    step_ms: u64,
    /// Attempts each job gets.
    #[arg(long, default_value_t = 3)]
    max_attempts: u32,
}

/// Arguments of `videogen worker`.
#[derive(Args)]
pub struct WorkerArgs {
    /// Keep running when the queue is empty (until Ctrl-C).
    #[arg(long)]
    forever: bool,
}

/// `videogen jobs …`.
pub fn run(studio: &Studio, args: JobsArgs) -> Result<(), AppError> {
    if args.json && args.action.is_some() {
        return Err(AppError::invalid(
            "--json prints the job list: use `videogen jobs --json` without cancel or retry.",
        ));
    }
    match args.action {
        None => list(
            studio,
            args.project.as_deref(),
            args.state.as_deref(),
            args.json,
        ),
        Some(JobsAction::Cancel { id }) => {
            let job = studio.cancel_job(&studio.resolve_job(&id)?)?;
            match job.state {
                JobState::Running => {
                    println!("Cancel requested; job {} stops shortly.", job.id.short())
                }
                JobState::Cancelled => println!("Job {} cancelled.", job.id.short()),
                state => println!("Job {} had already finished ({state}).", job.id.short()),
            }
            Ok(())
        }
        Some(JobsAction::Retry { id }) => {
            let job = studio.retry_job(&studio.resolve_job(&id)?)?;
            println!("Job {} queued again.", job.id.short());
            Ok(())
        }
        Some(JobsAction::EnqueueDiagnostic(d)) => {
            let ids = videogen_app::testing::enqueue_diagnostic(
                studio,
                d.count,
                &d.out,
                &d.steps_log,
                d.step_ms,
                d.max_attempts,
            )?;
            println!("Queued {}.", output::count(ids.len(), "diagnostic job"));
            Ok(())
        }
    }
}

/// `videogen jobs --json`.
#[derive(Serialize)]
struct JobList<'a> {
    /// The whole queue is paused (nothing starts until it is resumed).
    paused: bool,
    /// Jobs in each state, over every project (not only the listed ones).
    counts: JobCounts,
    /// The jobs listed, newest first, as `videogen jobs` prints them.
    jobs: &'a [Job],
}

fn list(
    studio: &Studio,
    project: Option<&str>,
    state: Option<&str>,
    json: bool,
) -> Result<(), AppError> {
    let project = project.map(|p| studio.resolve_project(p)).transpose()?;
    let state = state
        .map(|s| {
            JobState::parse(&s.to_ascii_lowercase()).ok_or_else(|| {
                AppError::invalid(format!(
                    "\"{s}\" is not a job state; use queued, running, succeeded, failed or cancelled."
                ))
            })
        })
        .transpose()?;
    let jobs = studio.list_jobs(project.as_ref(), state)?;
    let counts = studio.job_counts()?;
    let paused = studio.queue_paused()?;
    if json {
        return output::print_json(&JobList {
            paused,
            counts,
            jobs: &jobs,
        });
    }
    let paused = if paused { " · queue paused" } else { "" };
    println!(
        "{} running · {} queued · {} failed{paused}",
        counts.running, counts.queued, counts.failed
    );
    let width = output::unique_prefix_len(jobs.iter().map(|j| j.id.as_str()));
    for job in &jobs {
        println!("{}", line(job, width));
    }
    Ok(())
}

fn line(job: &Job, width: usize) -> String {
    let id = job.id.as_str().get(..width).unwrap_or(job.id.as_str());
    let detail = match job.state {
        JobState::Running => job.step_name.clone().unwrap_or_default(),
        JobState::Failed | JobState::Queued => job.error.clone().unwrap_or_default(),
        JobState::Succeeded => job.result_file.clone().unwrap_or_default(),
        JobState::Cancelled => String::new(),
    };
    format!(
        "{id}  {:<14} {:<9} {:>4.0}%  {}/{}  {}",
        job.kind.as_str(),
        job.state.as_str(),
        job.progress * 100.0,
        job.attempt,
        job.max_attempts,
        output::clip(&detail, 60)
    )
}

/// `videogen worker`: runs the queue headless until it is empty (or, with `--forever`,
/// until Ctrl-C). Ctrl-C is a clean stop: running jobs go back to the queue uncharged.
pub fn worker(studio: &Studio, args: WorkerArgs) -> Result<(), AppError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| {
            AppError::new(
                videogen_model::ErrorCode::Internal,
                format!("cannot start the async runtime: {e}"),
            )
        })?;
    let summary = runtime.block_on(studio.run_worker(!args.forever, async {
        // An error here means no signal handler could be installed; then only the queue
        // running empty stops the worker.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    }))?;
    println!(
        "{} succeeded · {} failed · {} cancelled · {} retried · {} put back",
        summary.succeeded, summary.failed, summary.cancelled, summary.retried, summary.put_back
    );
    Ok(())
}

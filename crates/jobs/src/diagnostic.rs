//! The diagnostic job kind: two recorded steps and an output file, for tests of the runner
//! (never shown to users). Each step execution appends a line to a log, so a test can prove
//! that no recorded step ran again.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rand::Rng;
use serde::{Deserialize, Serialize};
use videogen_model::JobResult;

use crate::{HandlerError, JobContext, JobHandler};

/// The diagnostic job's input.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiagnosticPayload {
    /// The output file to write.
    pub out: PathBuf,
    /// The log each step execution appends a line to: `<job id> <step> <nonce>`.
    pub steps_log: PathBuf,
    /// How long each step works, ms (stands in for a render).
    #[serde(default)]
    pub step_ms: u64,
}

/// The names of the diagnostic job's steps, in order.
pub const DIAGNOSTIC_STEPS: [&str; 2] = ["first", "second"];

/// The handler of [`videogen_model::JobKind::Diagnostic`].
pub fn diagnostic_handler() -> impl JobHandler {
    |ctx: JobContext| async move { run(ctx).await }
}

async fn run(ctx: JobContext) -> Result<JobResult, HandlerError> {
    let input: DiagnosticPayload = ctx.payload()?;
    let mut nonces = Vec::with_capacity(DIAGNOSTIC_STEPS.len());
    for (i, name) in DIAGNOSTIC_STEPS.into_iter().enumerate() {
        ctx.progress(i as f64 / DIAGNOSTIC_STEPS.len() as f64, name);
        let nonce: String = ctx.step(name, || execute(&ctx, &input, name)).await?;
        nonces.push(nonce);
    }
    let text = diagnostic_output(ctx.job().id.as_str(), &nonces);
    write_atomic(&input.out, text.as_bytes())?;
    Ok(JobResult {
        file: Some(input.out.display().to_string()),
        duration_ms: None,
        word_timings: None,
    })
}

/// One execution of a step: logs its start with a nonce unique to the execution, works,
/// and returns the nonce. An execution cut short leaves its line in the log; the recorded
/// nonce must be the last line of its step.
async fn execute(
    ctx: &JobContext,
    input: &DiagnosticPayload,
    step: &str,
) -> Result<String, HandlerError> {
    let nonce = format!("{:016x}", rand::rng().random::<u64>());
    let line = format!("{} {step} {nonce}\n", ctx.job().id);
    let mut log = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&input.steps_log)?;
    // One write of a short line on an O_APPEND file: lines of concurrent steps never mix.
    log.write_all(line.as_bytes())?;
    if input.step_ms > 0 {
        tokio::select! {
            _ = tokio::time::sleep(Duration::from_millis(input.step_ms)) => {}
            _ = ctx.cancellation().cancelled() => return Err(HandlerError::cancelled()),
        }
    }
    Ok(nonce)
}

/// The exact content of a diagnostic job's output file, given its steps' nonces; padded
/// so that a torn write would show.
pub fn diagnostic_output(job_id: &str, nonces: &[String]) -> String {
    let mut text = format!("diagnostic job {job_id}\n");
    for (name, nonce) in DIAGNOSTIC_STEPS.iter().zip(nonces) {
        text.push_str(&format!("{name} {nonce}\n"));
    }
    for i in 0..256 {
        text.push_str(&format!("{i:04} {job_id}\n"));
    }
    text.push_str("end\n");
    text
}

/// Writes `bytes` to a temporary name in the same folder, then renames it over `path`.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{:08x}.tmp", rand::rng().random::<u32>()));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

//! The runner's side of the table: claim, finish, put back and rescue. Each function is one
//! transaction; the caller sends events after it returns (that is, after the commit).

use std::collections::HashMap;

use rusqlite::{params, OptionalExtension};
use videogen_model::{ChangeOp, Entity, Job, JobKind, JobResult};
use videogen_store::{Store, StoreError, WriteTx};

use crate::rows::{self, JOB_COLUMNS};

/// A job taken by the runner, with what its handler needs.
pub(crate) struct Claimed {
    pub job: Job,
    pub payload: serde_json::Value,
    pub total_steps: Option<u32>,
    pub steps: HashMap<String, serde_json::Value>,
}

/// How an attempt ended, as the runner decided.
#[derive(Clone, Debug)]
pub(crate) enum Ending {
    Succeeded(JobResult),
    /// Queued again after a backoff, the attempt charged.
    Retry {
        error: String,
        run_after: i64,
    },
    Failed(String),
    Cancelled,
    /// Queued again without charging the attempt (clean shutdown, service down).
    PutBack {
        run_after: i64,
    },
}

/// Which jobs of a kind a claim may take, by the resource they need.
#[derive(Clone, Copy, Debug)]
pub(crate) enum ResourceFilter<'a> {
    /// Jobs that need exactly this resource.
    Exactly(&'a str),
    /// Jobs that need no resource, or one the runner sets no limit for (none of `limited`).
    /// Finding the latter cannot use an index: every queued job of the kind is read.
    Unlimited(&'a [String]),
    /// Jobs that need no resource (an index range: cheap however many are queued).
    NoResource,
}

/// Takes up to `limit` queued jobs of `kind` (any resource) that are due, in its own
/// transaction.
pub(crate) fn claim(
    store: &Store,
    kind: JobKind,
    limit: u32,
    now: i64,
) -> Result<Vec<Claimed>, StoreError> {
    store.write(|tx| claim_in(tx, kind, ResourceFilter::Unlimited(&[]), limit, now))
}

/// Takes up to `limit` queued jobs of `kind` that are due and need a resource `filter`
/// admits, counting the attempt in the same statement that marks them running.
pub(crate) fn claim_in(
    tx: &mut WriteTx<'_>,
    kind: JobKind,
    filter: ResourceFilter<'_>,
    limit: u32,
    now: i64,
) -> Result<Vec<Claimed>, StoreError> {
    let (sql, resource_arg) = claim_sql(filter, limit);
    let mut claimed = Vec::new();
    {
        let mut stmt = tx.prepare_cached(&sql)?;
        let mut found = match &resource_arg {
            Some(arg) => stmt.query(params![kind.as_str(), now, arg])?,
            None => stmt.query(params![kind.as_str(), now])?,
        };
        while let Some(row) = found.next()? {
            let job = rows::job(row)?;
            let payload: String = row.get(17)?;
            let payload = serde_json::from_str(&payload).unwrap_or(serde_json::Value::Null);
            claimed.push(Claimed {
                job,
                payload,
                total_steps: row.get(18)?,
                steps: HashMap::new(),
            });
        }
    }
    claimed.sort_by(|a, b| (a.job.created_at, &a.job.id).cmp(&(b.job.created_at, &b.job.id)));
    for c in &mut claimed {
        c.steps = recorded_steps(tx, c.job.id.as_str())?;
        tx.record(
            Entity::Job,
            c.job.id.as_str(),
            c.job.project_id.as_ref(),
            ChangeOp::Update,
        );
    }
    Ok(claimed)
}

/// The claiming statement for `filter` and `limit`, and its resource parameter (`?3`) if
/// it has one.
fn claim_sql(filter: ResourceFilter<'_>, limit: u32) -> (String, Option<String>) {
    // The limit is written into the text and no parameter is a placeholder (`?4 = ?4`):
    // SQLite plans with the value bound to a `LIMIT ?` (and compares a bare parameter with
    // the partial indexes' `status = 'queued'`), so either made the statement re-prepare
    // each time it was bound, which was 45 % of the runner's time on a 2,700-sentence
    // run. A handful of limits occur (the free slots of a kind), each cached once.
    let (resource_sql, resource_arg) = match filter {
        ResourceFilter::Exactly(r) => ("AND resource = ?3", Some(r.to_owned())),
        ResourceFilter::Unlimited([]) => ("", None),
        ResourceFilter::NoResource => ("AND resource IS NULL", None),
        ResourceFilter::Unlimited(limited) => (
            "AND (resource IS NULL OR resource NOT IN (SELECT value FROM json_each(?3)))",
            Some(serde_json::to_string(limited).unwrap_or_else(|_| "[]".into())),
        ),
    };
    let sql = format!(
        "UPDATE generation_jobs
         SET status = 'running', attempt = attempt + 1, started_at = ?2, completed_at = NULL
         WHERE id IN (
            SELECT id FROM generation_jobs
            WHERE status = 'queued' AND job_type = ?1 AND run_after <= ?2 {resource_sql}
            ORDER BY created_at, id LIMIT {limit})
         RETURNING {JOB_COLUMNS}, payload, total_steps"
    );
    (sql, resource_arg)
}

fn recorded_steps(
    tx: &WriteTx<'_>,
    job_id: &str,
) -> Result<HashMap<String, serde_json::Value>, StoreError> {
    let mut stmt = tx.prepare_cached("SELECT name, output FROM job_steps WHERE job_id = ?1")?;
    let mut found = stmt.query([job_id])?;
    let mut steps = HashMap::new();
    while let Some(row) = found.next()? {
        let name: String = row.get(0)?;
        let output: String = row.get(1)?;
        // The CHECK (json_valid) keeps this parseable.
        if let Ok(value) = serde_json::from_str(&output) {
            steps.insert(name, value);
        }
    }
    Ok(steps)
}

/// Whether the user asked to cancel this running job (possibly from another process).
pub(crate) fn cancel_requested(tx: &WriteTx<'_>, id: &str) -> Result<bool, StoreError> {
    Ok(tx
        .prepare_cached("SELECT cancel_requested FROM generation_jobs WHERE id = ?1")?
        .query_row([id], |r| r.get::<_, bool>(0))
        .optional()?
        .unwrap_or(false))
}

/// Writes how attempts ended; returns each job as stored after. A job that is no longer
/// `running` (a second process rescued it) is left alone.
pub(crate) fn finish_in(
    tx: &mut WriteTx<'_>,
    endings: &[(Job, Ending)],
    now: i64,
) -> Result<Vec<(Job, Ending)>, StoreError> {
    let mut out = Vec::with_capacity(endings.len());
    for (job, ending) in endings {
        let id = job.id.as_str();
        // A cancel asked from another process and not yet noticed still wins over a
        // failure or a put-back: the user said stop.
        let ending = match ending {
            Ending::Succeeded(_) | Ending::Cancelled => ending,
            _ if cancel_requested(tx, id)? => &Ending::Cancelled,
            _ => ending,
        };
        let n = match ending {
            Ending::Succeeded(result) => tx
                .prepare_cached(
                    "UPDATE generation_jobs SET status = 'succeeded', progress = 1,
                        result_file = COALESCE(?2, result_file), error_message = NULL,
                        completed_at = ?3, cancel_requested = 0
                     WHERE id = ?1 AND status = 'running'",
                )?
                .execute(params![id, result.file, now])?,
            Ending::Retry { error, run_after } => tx
                .prepare_cached(
                    "UPDATE generation_jobs SET status = 'queued', error_message = ?2,
                        run_after = ?3
                     WHERE id = ?1 AND status = 'running'",
                )?
                .execute(params![id, error, run_after])?,
            Ending::Failed(error) => tx
                .prepare_cached(
                    "UPDATE generation_jobs SET status = 'failed', error_message = ?2,
                        completed_at = ?3, cancel_requested = 0
                     WHERE id = ?1 AND status = 'running'",
                )?
                .execute(params![id, error, now])?,
            Ending::Cancelled => tx
                .prepare_cached(
                    "UPDATE generation_jobs SET status = 'cancelled', completed_at = ?2,
                        cancel_requested = 0
                     WHERE id = ?1 AND status = 'running'",
                )?
                .execute(params![id, now])?,
            Ending::PutBack { run_after } => tx
                .prepare_cached(
                    "UPDATE generation_jobs SET status = 'queued',
                        attempt = MAX(attempt - 1, 0), run_after = ?2, started_at = NULL
                     WHERE id = ?1 AND status = 'running'",
                )?
                .execute(params![id, run_after])?,
        };
        if n == 0 {
            continue;
        }
        tx.record(Entity::Job, id, job.project_id.as_ref(), ChangeOp::Update);
        out.push((rows::get(tx, id)?, ending.clone()));
    }
    Ok(out)
}

/// Jobs found `running` at start-up, sorted by what became of them.
#[derive(Default)]
pub(crate) struct Rescued {
    /// Queued again at once.
    pub requeued: Vec<Job>,
    /// Their cancel had been asked.
    pub cancelled: Vec<Job>,
    /// They had used up their attempts: each one ended with the process.
    pub failed: Vec<Job>,
}

/// At start-up, by the new lock holder: every job left `running` belonged to a runner that
/// died. Those whose cancel was asked end `cancelled`; the rest are queued again at once.
/// Their attempt stays charged, so a job that kills the process uses up its attempts and
/// then fails instead of crash-looping.
pub(crate) fn rescue(store: &Store, now: i64) -> Result<Rescued, StoreError> {
    store.write(|tx| {
        let select = format!(
            "SELECT {JOB_COLUMNS}, cancel_requested FROM generation_jobs WHERE status = 'running'"
        );
        let orphans = {
            let mut stmt = tx.prepare(&select)?;
            let found = stmt
                .query_map([], |r| Ok((rows::job(r)?, r.get::<_, bool>(17)?)))?
                .collect::<Result<Vec<_>, _>>()?;
            found
        };
        let mut out = Rescued::default();
        for (job, cancel) in orphans {
            let id = job.id.as_str();
            let spent = job.attempt >= job.max_attempts;
            if cancel {
                tx.execute(
                    "UPDATE generation_jobs SET status = 'cancelled', completed_at = ?2,
                        cancel_requested = 0 WHERE id = ?1",
                    params![id, now],
                )?;
            } else if spent {
                let error = format!(
                    "VideoGen Studio stopped while this job ran, {} times out of {}; it was not retried again. Retry it to try once more.",
                    job.attempt, job.max_attempts
                );
                tx.execute(
                    "UPDATE generation_jobs SET status = 'failed', completed_at = ?2,
                        error_message = ?3 WHERE id = ?1",
                    params![id, now, error],
                )?;
            } else {
                tx.execute(
                    "UPDATE generation_jobs SET status = 'queued', run_after = 0 WHERE id = ?1",
                    [id],
                )?;
            }
            tx.record(Entity::Job, id, job.project_id.as_ref(), ChangeOp::Update);
            let stored = rows::get(tx, id)?;
            if cancel {
                out.cancelled.push(stored);
            } else if spent {
                out.failed.push(stored);
            } else {
                out.requeued.push(stored);
            }
        }
        Ok(out)
    })
}

/// Running jobs whose cancel was asked (by any process).
pub(crate) fn cancel_requests(store: &Store) -> Result<Vec<String>, StoreError> {
    store.read(|conn| {
        let mut stmt = conn.prepare_cached(
            "SELECT id FROM generation_jobs WHERE status = 'running' AND cancel_requested = 1",
        )?;
        let ids = stmt
            .query_map([], |r| r.get(0))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(ids)
    })
}

/// Whether any job of these kinds waits to run, and the earliest `run_after` among those
/// not yet due.
pub(crate) fn pending(
    store: &Store,
    kinds: &[JobKind],
    now: i64,
) -> Result<(bool, Option<i64>), StoreError> {
    store.read(|conn| {
        let mut any = false;
        let mut next: Option<i64> = None;
        let mut stmt = conn.prepare_cached(
            "SELECT EXISTS(SELECT 1 FROM generation_jobs WHERE status = 'queued' AND job_type = ?1),
                    (SELECT MIN(run_after) FROM generation_jobs
                     WHERE status = 'queued' AND job_type = ?1 AND run_after > ?2)",
        )?;
        for kind in kinds {
            let (exists, later): (bool, Option<i64>) =
                stmt.query_row(params![kind.as_str(), now], |r| Ok((r.get(0)?, r.get(1)?)))?;
            any |= exists;
            if let Some(at) = later {
                next = Some(next.map_or(at, |n: i64| n.min(at)));
            }
        }
        Ok((any, next))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::StatementStatus;

    /// How often SQLite re-prepared the claiming statement for `filter` over 40 claims that
    /// alternate the kind and the time, as the runner's rounds do.
    fn reprepares(filter: ResourceFilter<'_>) -> i32 {
        let dir = tempfile::tempdir().expect("dir");
        let store = Store::open(dir.path().join("studio.db")).expect("store");
        let kinds = [JobKind::Image, JobKind::AudioSentence];
        store
            .write(|tx| {
                for i in 0..40i64 {
                    claim_in(tx, kinds[(i % 2) as usize], filter, 4, 1_000 + i)?;
                }
                let (sql, _) = claim_sql(filter, 4);
                let stmt = tx.prepare_cached(&sql)?;
                Ok(stmt.get_status(StatementStatus::RePrepare))
            })
            .expect("claims")
    }

    #[test]
    fn claiming_never_re_prepares_its_statement() {
        let limited = ["comfyui".to_owned()];
        for (name, filter) in [
            ("exactly", ResourceFilter::Exactly("comfyui")),
            ("no resource", ResourceFilter::NoResource),
            ("unlimited", ResourceFilter::Unlimited(&[])),
            ("unlimited but", ResourceFilter::Unlimited(&limited)),
        ] {
            assert_eq!(reprepares(filter), 0, "{name}: re-prepared on new bindings");
        }
    }
}

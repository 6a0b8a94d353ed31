-- 0002: what the durable job runner needs on top of the seed's generation_jobs
-- (DESIGN.md, Jobs). Times are ms since the Unix epoch.

-- Attempts are counted when a job is claimed (in the claiming statement itself).
ALTER TABLE generation_jobs ADD COLUMN attempt INTEGER NOT NULL DEFAULT 0;
ALTER TABLE generation_jobs ADD COLUMN max_attempts INTEGER NOT NULL DEFAULT 3;
-- A queued job is not claimed before this time (backoff after a failed attempt).
ALTER TABLE generation_jobs ADD COLUMN run_after INTEGER NOT NULL DEFAULT 0;
-- Persisted so that another process (the CLI) can cancel what the runner runs.
ALTER TABLE generation_jobs ADD COLUMN cancel_requested INTEGER NOT NULL DEFAULT 0;
-- "sentence:<id>", "section:<id>", "project:<id>"; NULL for jobs without a target
-- (diagnostic), which never clash. One active job per (job_type, unique_key).
ALTER TABLE generation_jobs ADD COLUMN unique_key TEXT;
-- The handler's input, JSON.
ALTER TABLE generation_jobs ADD COLUMN payload TEXT NOT NULL DEFAULT '{}';

CREATE UNIQUE INDEX idx_jobs_active_unique ON generation_jobs(job_type, unique_key)
    WHERE status IN ('queued', 'running');
-- Claiming: the oldest queued job of a kind. Partial, so finished jobs cost nothing.
CREATE INDEX idx_jobs_claim ON generation_jobs(job_type, created_at, id)
    WHERE status = 'queued';
-- Counts per state, rescue of running jobs, and listing by state.
CREATE INDEX idx_jobs_status ON generation_jobs(status, created_at);
-- Pruning finished jobs by age.
CREATE INDEX idx_jobs_completed ON generation_jobs(completed_at)
    WHERE status IN ('succeeded', 'failed', 'cancelled');

-- Finished steps of multi-step jobs and their outputs: a resumed job skips them.
CREATE TABLE job_steps (
    job_id      TEXT NOT NULL REFERENCES generation_jobs(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    output      TEXT NOT NULL CHECK (json_valid(output)),
    finished_at INTEGER NOT NULL,
    PRIMARY KEY (job_id, name)
) WITHOUT ROWID;

-- The whole queue's pause switch survives a restart.
INSERT OR IGNORE INTO settings (key, value) VALUES ('jobs.paused', 'false');

import type { Job, RunnerStatus } from "../../bindings";
import { Button } from "../../components/Button";
import { ConfirmButton } from "../../components/ConfirmButton";
import { ProgressBar } from "../../components/ProgressBar";
import { duration, KIND_LABEL, remainingMs, stateText, waitingFor } from "../../state/jobs";

const STATE_TONE: Record<Job["state"], string> = {
  queued: "text-slate-400",
  running: "text-accent-400",
  succeeded: "text-emerald-400",
  failed: "text-rose-400",
  cancelled: "text-slate-500",
};

function target(job: Job): string {
  if (job.sentenceId) return "one sentence";
  if (job.sectionId) return "one section";
  return "the project";
}

/** One job: what it does, for which project, where it stands, and what can be done with it. */
export function JobRow({
  job,
  projectName,
  runner,
  onCancel,
  onRetry,
}: {
  job: Job;
  projectName: string | null;
  runner: RunnerStatus | null | undefined;
  onCancel: (job: Job) => void;
  onRetry: (job: Job) => void;
}) {
  const waiting = waitingFor(job, runner) !== null;
  // Re-rendered by each progress event, which is when the guess changes anyway.
  const left = remainingMs(job, Date.now());
  return (
    <div className="flex items-start gap-4 border-b border-ink-800 px-6 py-3" data-testid="job-row" data-job-id={job.id} data-state={job.state}>
      <div className="min-w-0 flex-1">
        <div className="flex items-baseline gap-2">
          <span className="text-sm font-medium text-slate-100">{KIND_LABEL[job.kind]}</span>
          <span className="truncate text-xs text-slate-500">
            {projectName ?? "Unknown project"} · {target(job)}
          </span>
        </div>
        <p className={`mt-0.5 text-xs ${waiting ? "text-amber-300" : STATE_TONE[job.state]}`} data-testid="job-state">
          {stateText(job, runner)}
        </p>
        {job.state === "running" && (
          <div className="mt-2 flex items-center gap-3">
            <ProgressBar value={job.progress} label={`${KIND_LABEL[job.kind]} progress`} />
            <span className="w-10 shrink-0 text-right text-xs text-slate-400 tabular-nums">{Math.round(job.progress * 100)}%</span>
            {left !== null && (
              <span className="w-24 shrink-0 text-xs text-slate-500" data-testid="job-eta">
                about {duration(left)} left
              </span>
            )}
          </div>
        )}
        {job.state === "failed" && job.error && (
          <p className="mt-1 text-xs break-words text-rose-200/80" data-testid="job-error">
            {job.error}
          </p>
        )}
      </div>
      <div className="flex shrink-0 items-center gap-2">
        {job.state === "running" && (
          <ConfirmButton question="Stop this job?" confirmLabel="Stop" variant="ghost" testId="cancel-job" onConfirm={() => { onCancel(job); }}>
            Cancel
          </ConfirmButton>
        )}
        {job.state === "queued" && (
          <Button variant="ghost" data-testid="cancel-job" onClick={() => { onCancel(job); }}>
            Cancel
          </Button>
        )}
        {(job.state === "failed" || job.state === "cancelled") && (
          <Button data-testid="retry-job" onClick={() => { onRetry(job); }}>
            Retry
          </Button>
        )}
      </div>
    </div>
  );
}

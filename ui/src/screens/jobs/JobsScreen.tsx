import { useMemo, useRef, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useVirtualizer } from "@tanstack/react-virtual";
import { commands, type Job, type RunnerStatus } from "../../bindings";
import { Button } from "../../components/Button";
import { useToast } from "../../components/Toasts";
import { filterJobs, inWords, upsertJob, type JobFilterName } from "../../state/jobs";
import { keys } from "../../state/queryKeys";
import { JobRow } from "./JobRow";

/** The runner's last reported state; only the `runnerChanged` event fills it. */
export function useRunnerStatus(): RunnerStatus | null {
  // The status as last told, then kept current by the runner events (liveUpdates).
  const { data } = useQuery<RunnerStatus | null>({
    queryKey: keys.runner,
    queryFn: () => commands.runnerStatus(),
    staleTime: Infinity,
  });
  return data ?? null;
}

function useQueueState() {
  return useQuery({
    queryKey: keys.jobCounts,
    queryFn: async () => {
      const [counts, paused] = await Promise.all([commands.jobCounts(), commands.queuePaused()]);
      return { counts, paused };
    },
    staleTime: Infinity,
  });
}

/** Pause or resume the whole queue (kept across restarts). */
function QueueSwitch() {
  const { data } = useQueueState();
  const toast = useToast();
  const client = useQueryClient();
  const paused = data?.paused ?? false;
  const toggle = useMutation({
    mutationFn: (next: boolean) => commands.setQueuePaused(next),
    onSuccess: (_, next) => {
      client.setQueryData(keys.jobCounts, (old: typeof data) => (old ? { ...old, paused: next } : old));
    },
    onError: (e) => {
      toast.error(e, paused ? "Could not resume the queue" : "Could not pause the queue");
    },
  });
  return (
    <Button
      variant={paused ? "primary" : "secondary"}
      disabled={data === undefined || toggle.isPending}
      data-testid="queue-switch"
      onClick={() => {
        toggle.mutate(!paused);
      }}
    >
      {paused ? "Resume queue" : "Pause queue"}
    </Button>
  );
}

/** Said when another process holds the runner lock, and what the user waits for. */
function RunnerBanners({ runner, paused }: { runner: RunnerStatus | null; paused: boolean }) {
  return (
    <>
      {runner?.heldElsewhere && (
        <div className="mx-6 mt-4 rounded-lg border border-sky-500/30 bg-sky-950/40 px-4 py-3 text-sm text-sky-100" data-testid="worker-banner">
          Jobs are being run by videogen worker. The studio shows their progress and takes over when the worker stops.
        </div>
      )}
      {paused && (
        <div className="mx-6 mt-4 rounded-lg border border-amber-500/30 bg-amber-950/40 px-4 py-3 text-sm text-amber-100" data-testid="paused-banner">
          The queue is paused: jobs already running finish, nothing new starts until you resume it.
        </div>
      )}
      {runner && runner.waitingFor.length > 0 && (
        <div className="mx-6 mt-4 rounded-lg border border-amber-500/30 bg-amber-950/40 px-4 py-3 text-sm text-amber-100" data-testid="waiting-banner">
          Waiting for {inWords(runner.waitingFor)}: {runner.waitingFor.length === 1 ? "it does" : "they do"} not answer. Jobs that need{" "}
          {runner.waitingFor.length === 1 ? "it" : "them"} start by themselves once {runner.waitingFor.length === 1 ? "it answers" : "they answer"} again; check the addresses in Settings.
        </div>
      )}
    </>
  );
}

const FILTERS: { name: JobFilterName; label: string }[] = [
  { name: "active", label: "Queued and running" },
  { name: "failed", label: "Failed" },
  { name: "all", label: "All" },
];

function JobList({ jobs, runner, names }: { jobs: Job[]; runner: RunnerStatus | null; names: Map<string, string> }) {
  const client = useQueryClient();
  const toast = useToast();
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: jobs.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 64,
    getItemKey: (index) => jobs[index]?.id ?? index,
    overscan: 10,
  });
  const replace = (job: Job) => {
    client.setQueryData<Job[]>(keys.jobs, (all) => (all ? upsertJob(all, job) : all));
  };
  const cancel = useMutation({
    mutationFn: (job: Job) => commands.cancelJob(job.id),
    onSuccess: replace,
    onError: (e) => { toast.error(e, "Could not cancel the job"); },
  });
  const retry = useMutation({
    mutationFn: (job: Job) => commands.retryJob(job.id),
    onSuccess: replace,
    onError: (e) => { toast.error(e, "Could not retry the job"); },
  });
  return (
    <div ref={scrollRef} className="min-h-0 flex-1 overflow-y-auto" data-testid="job-list">
      <div className="relative w-full" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const job = jobs[item.index];
          if (!job) return null;
          return (
            <div key={item.key} data-index={item.index} ref={virtualizer.measureElement} className="absolute top-0 left-0 w-full" style={{ transform: `translateY(${item.start}px)` }}>
              <JobRow
                job={job}
                runner={runner}
                projectName={job.projectId ? (names.get(job.projectId) ?? null) : null}
                onCancel={(j) => { cancel.mutate(j); }}
                onRetry={(j) => { retry.mutate(j); }}
              />
            </div>
          );
        })}
      </div>
    </div>
  );
}

const EMPTY: Record<JobFilterName, string> = {
  active: "Nothing is queued or running. Start a generate from a project.",
  failed: "No job has failed.",
  all: "No jobs yet. Start a generate from a project.",
};

/** Every job, live: queued, running (with progress), waiting for a service, failed and why. */
export function JobsScreen() {
  const [filter, setFilter] = useState<JobFilterName>("active");
  const runner = useRunnerStatus();
  const { data: queue } = useQueueState();
  const { data: jobs, error } = useQuery({ queryKey: keys.jobs, queryFn: () => commands.listJobs(null, null) });
  const { data: projects } = useQuery({ queryKey: keys.projects, queryFn: () => commands.listProjects() });
  const names = useMemo(() => new Map((projects ?? []).map((p) => [p.id, p.name])), [projects]);
  const shown = useMemo(() => filterJobs(jobs ?? [], filter), [jobs, filter]);
  const counts = queue?.counts;

  return (
    <div className="flex h-full flex-col">
      <header className="flex items-center gap-4 border-b border-ink-800 bg-ink-900 px-6 py-4">
        <div className="min-w-0 flex-1">
          <h1 className="text-lg font-semibold text-white">Jobs</h1>
          <p className="text-xs text-slate-400" data-testid="job-summary">
            {counts ? `${counts.running} running · ${counts.queued} queued · ${counts.failed} failed` : "…"}
          </p>
        </div>
        <QueueSwitch />
      </header>
      <RunnerBanners runner={runner} paused={queue?.paused ?? false} />
      <div className="flex gap-1 px-6 pt-4 pb-2" role="tablist" aria-label="Which jobs">
        {FILTERS.map((f) => (
          <button
            key={f.name}
            type="button"
            role="tab"
            aria-selected={filter === f.name}
            onClick={() => { setFilter(f.name); }}
            className={`rounded-md px-3 py-1 text-sm ${filter === f.name ? "bg-ink-800 text-white" : "text-slate-400 hover:bg-ink-850 hover:text-slate-100"}`}
          >
            {f.label}
          </button>
        ))}
      </div>
      {error ? (
        <p className="px-6 py-8 text-sm text-rose-300">The jobs could not be read: {(error as { message?: string }).message ?? "unknown error"}</p>
      ) : jobs === undefined ? (
        <p className="px-6 py-8 text-sm text-slate-500">Reading the queue…</p>
      ) : shown.length === 0 ? (
        <p className="px-6 py-8 text-sm text-slate-500" data-testid="no-jobs">{EMPTY[filter]}</p>
      ) : (
        <JobList jobs={shown} runner={runner} names={names} />
      )}
    </div>
  );
}

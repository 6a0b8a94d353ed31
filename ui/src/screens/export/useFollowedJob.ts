import { useQuery } from "@tanstack/react-query";
import { commands, type Job } from "../../bindings";
import { keys } from "../../state/queryKeys";

/**
 * The latest state of one job, kept fresh by the job events that update the jobs list in
 * the query cache (ipc/liveUpdates.ts); `started` is what queueing returned, shown until
 * the list has the job.
 */
export function useFollowedJob(started: Job | null): Job | null {
  const { data: jobs } = useQuery({ queryKey: keys.jobs, queryFn: () => commands.listJobs(null, null), enabled: started !== null });
  if (started === null) return null;
  return jobs?.find((j) => j.id === started.id) ?? started;
}

/** Where a job stands, for a dialog: working (with progress), done (with its file) or stopped. */
export type JobPhase =
  | { phase: "working"; progress: number; step: string | null }
  | { phase: "done"; file: string | null }
  | { phase: "failed"; message: string }
  | { phase: "cancelled" };

export function jobPhase(job: Job): JobPhase {
  switch (job.state) {
    case "queued":
    case "running":
      return { phase: "working", progress: job.progress, step: job.state === "queued" ? "Waiting for its turn" : job.stepName };
    case "succeeded":
      return { phase: "done", file: job.resultFile };
    case "failed":
      return { phase: "failed", message: job.error ?? "It failed without saying why: see the Jobs screen." };
    case "cancelled":
      return { phase: "cancelled" };
  }
}

import { useEffect } from "react";
import { useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { commands, events, type Job, type Storyboard } from "../../bindings";
import { boardChange, patchRows, storyboardKeys, updateActive, type ActiveJob } from "./storyboardState";

function active(job: Job): ActiveJob {
  return { id: job.id, kind: job.kind, state: job.state, sentenceId: job.sentenceId, sectionId: job.sectionId, progress: job.progress };
}

/** Fetches some scenes' rows again and patches them into the cached board. */
export async function refreshRows(client: QueryClient, projectId: string, scenes: string[]): Promise<void> {
  const key = storyboardKeys.board(projectId);
  if (scenes.length === 0 || client.getQueryData<Storyboard>(key) === undefined) return;
  try {
    const rows = await commands.storyboardRows(projectId, scenes);
    client.setQueryData<Storyboard>(key, (board) => (board ? patchRows(board, rows, scenes) : board));
  } catch {
    // The project went away or the call failed: a full reload says which.
    await client.invalidateQueries({ queryKey: key });
  }
}

/**
 * Keeps one project's storyboard current from the shell's events, for as long as the screen
 * is open: store changes patch the rows they touch (or reload the board when scenes were
 * added, removed or moved); job events keep the list of pieces being made, and a job that
 * fails (or is retried) refreshes the rows whose failure badge it changes.
 */
function useStoryboardEvents(projectId: string): void {
  const client = useQueryClient();
  useEffect(() => {
    if (projectId === "") return;
    let disposed = false;
    const stops: (() => void)[] = [];
    const keep = (stop: () => void) => {
      if (disposed) stop();
      else stops.push(stop);
    };
    void events.storeChanged
      .listen((event) => {
        const change = boardChange(event.payload, projectId);
        if (change === null) return;
        if (change.reload) {
          void client.invalidateQueries({ queryKey: storyboardKeys.board(projectId) });
          void client.invalidateQueries({ queryKey: ["sentence"] });
          void client.invalidateQueries({ queryKey: ["takes"] });
          return;
        }
        void refreshRows(client, projectId, change.scenes);
        for (const id of change.scenes) {
          void client.invalidateQueries({ queryKey: storyboardKeys.sentence(id) });
          void client.invalidateQueries({ queryKey: storyboardKeys.takes(id) });
        }
      })
      .then(keep);
    void events.jobUpdated
      .listen((event) => {
        const job = event.payload.job;
        if (job.projectId !== projectId) return;
        client.setQueryData<ActiveJob[]>(storyboardKeys.activeJobs(projectId), (jobs) => (jobs ? updateActive(jobs, active(job)) : jobs));
        // A failure (or a retry that clears one) is not a store change: refresh its rows here.
        if (job.state === "failed" || job.state === "queued") {
          if (job.sentenceId) void refreshRows(client, projectId, [job.sentenceId]);
          else if (job.sectionId && job.state === "failed") void client.invalidateQueries({ queryKey: storyboardKeys.board(projectId) });
        }
      })
      .then(keep);
    void events.jobProgressed
      .listen((event) => {
        const progress = event.payload.progress;
        if (progress.projectId !== projectId) return;
        client.setQueryData<ActiveJob[]>(storyboardKeys.activeJobs(projectId), (jobs) =>
          jobs?.map((job) => (job.id === progress.jobId ? { ...job, state: "running", progress: progress.progress } : job)),
        );
      })
      .then(keep);
    return () => {
      disposed = true;
      for (const stop of stops) stop();
    };
  }, [client, projectId]);
}

/** A project's storyboard rows and the pieces being made now, kept current by events. */
export function useStoryboard(projectId: string) {
  useStoryboardEvents(projectId);
  const board = useQuery({
    queryKey: storyboardKeys.board(projectId),
    queryFn: () => commands.storyboard(projectId),
    enabled: projectId !== "",
  });
  const jobs = useQuery({
    queryKey: storyboardKeys.activeJobs(projectId),
    queryFn: async () => {
      const [running, queued] = await Promise.all([commands.listJobs(projectId, "running"), commands.listJobs(projectId, "queued")]);
      return [...running, ...queued].map(active);
    },
    enabled: projectId !== "",
  });
  return { board, jobs };
}

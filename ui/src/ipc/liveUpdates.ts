import { useEffect } from "react";
import type { QueryClient } from "@tanstack/react-query";
import { commands, events, type Job, type ProjectTree, type StoreChanged } from "../bindings";
import { applyProgress, upsertJob } from "../state/jobs";
import { keys } from "../state/queryKeys";
import { replaceSentence } from "../state/tree";
import { flushAll } from "../state/pendingEdits";

/** Above this many changed sentences a whole-tree refetch is cheaper than one call each. */
const PATCH_LIMIT = 50;

/**
 * Applies one coalesced store event to the query cache: sentence edits are patched into
 * an open project's tree one by one; structural changes refetch what they touch.
 */
export async function applyStoreChanged(client: QueryClient, event: StoreChanged): Promise<void> {
  if (event.resync) {
    await client.invalidateQueries();
    return;
  }
  const touchedProjects = new Map<string, { structural: boolean; sentences: Set<string> }>();
  const touch = (projectId: string) => {
    let entry = touchedProjects.get(projectId);
    if (!entry) {
      entry = { structural: false, sentences: new Set() };
      touchedProjects.set(projectId, entry);
    }
    return entry;
  };
  const invalidations: Promise<void>[] = [];
  const jobs = new Set<string>();
  let allJobs = false;
  for (const change of event.changes) {
    switch (change.entity) {
      case "project":
        touch(change.id).structural = true;
        break;
      case "section":
      case "outline":
        if (change.projectId) touch(change.projectId).structural = true;
        break;
      case "sentence":
        if (change.projectId) {
          const entry = touch(change.projectId);
          if (change.op === "update") entry.sentences.add(change.id);
          else entry.structural = true;
        }
        break;
      case "character":
        invalidations.push(client.invalidateQueries({ queryKey: keys.characters }));
        break;
      case "generation_model":
        invalidations.push(client.invalidateQueries({ queryKey: keys.models }));
        break;
      case "visual_style":
        invalidations.push(client.invalidateQueries({ queryKey: keys.styles }));
        break;
      case "setting":
        invalidations.push(client.invalidateQueries({ queryKey: keys.settings }));
        break;
      case "job":
        // A job changed here or in another process (the CLI, `videogen worker`), whose own
        // events do not reach us: its row is read again; a prune ("*") rereads the list.
        if (change.id === "*") allJobs = true;
        else jobs.add(change.id);
        break;
    }
  }
  if (allJobs || jobs.size > PATCH_LIMIT) {
    invalidations.push(client.invalidateQueries({ queryKey: keys.jobs }));
  } else if (jobs.size > 0 && client.getQueryData<Job[]>(keys.jobs) !== undefined) {
    // Not the whole list: with a long history it is megabytes, read three times per job.
    invalidations.push(
      Promise.all([...jobs].map((id) => commands.getJob(id))).then(
        (fresh) => {
          client.setQueryData<Job[]>(keys.jobs, (list) => (list ? fresh.reduce(upsertJob, list) : list));
        },
        // A job pruned meanwhile: reread the list.
        () => client.invalidateQueries({ queryKey: keys.jobs }),
      ),
    );
  }
  if (touchedProjects.size > 0) {
    invalidations.push(client.invalidateQueries({ queryKey: keys.projects }));
  }
  for (const [projectId, entry] of touchedProjects) {
    // What a generate would run changes with the script.
    invalidations.push(client.invalidateQueries({ queryKey: keys.plans(projectId) }));
    const key = keys.project(projectId);
    const state = client.getQueryState<ProjectTree>(key);
    if (state?.data === undefined) continue;
    // A tree already marked for refetch (a screen not showing it missed a change of the
    // project itself) is not patched: setting its data would mark it fresh, and the
    // project's own change would be lost until the next structural one.
    if (entry.structural || entry.sentences.size > PATCH_LIMIT || state.isInvalidated) {
      invalidations.push(client.invalidateQueries({ queryKey: key }));
      continue;
    }
    invalidations.push(
      Promise.all([...entry.sentences].map((id) => commands.getSentence(id))).then(
        (sentences) => {
          // Invalidated while the sentences were read: the refetch brings them.
          if (client.getQueryState(key)?.isInvalidated) return;
          client.setQueryData<ProjectTree>(key, (tree) =>
            tree ? sentences.reduce(replaceSentence, tree) : tree,
          );
        },
        // A sentence deleted meanwhile: the next event refetches; refetch now to be sure.
        () => client.invalidateQueries({ queryKey: key }),
      ),
    );
  }
  await Promise.all(invalidations);
}

/** Listens to the shell's typed events for the life of the app. */
export function useLiveUpdates(client: QueryClient): void {
  useEffect(() => {
    let disposed = false;
    const stops: (() => void)[] = [];
    const keep = (stop: () => void) => {
      if (disposed) stop();
      else stops.push(stop);
    };
    void events.storeChanged
      .listen((event) => {
        void applyStoreChanged(client, event.payload);
      })
      .then(keep);
    void events.jobCountsChanged
      .listen((event) => {
        client.setQueryData(keys.jobCounts, event.payload);
      })
      .then(keep);
    void events.jobUpdated
      .listen((event) => {
        client.setQueryData<Job[]>(keys.jobs, (jobs) => (jobs ? upsertJob(jobs, { ...event.payload.job, error: event.payload.job.error ?? event.payload.error }) : jobs));
      })
      .then(keep);
    void events.jobProgressed
      .listen((event) => {
        client.setQueryData<Job[]>(keys.jobs, (jobs) => (jobs ? applyProgress(jobs, event.payload.progress) : jobs));
      })
      .then(keep);
    void events.runnerChanged
      .listen((event) => {
        client.setQueryData(keys.runner, event.payload.status);
      })
      .then(keep);
    void events.flushRequested
      .listen(() => {
        void flushAll().then(() => commands.editsFlushed());
      })
      .then(keep);
    return () => {
      disposed = true;
      for (const stop of stops) stop();
    };
  }, [client]);
}

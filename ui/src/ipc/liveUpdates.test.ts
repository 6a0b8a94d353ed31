import { describe, expect, it } from "vitest";
import { mockIPC } from "@tauri-apps/api/mocks";
import { makeQueryClient } from "../App";
import type { Change, Job, ProjectTree, Sentence } from "../bindings";
import { job, tree } from "../test/fixtures";
import { keys } from "../state/queryKeys";
import { applyStoreChanged } from "./liveUpdates";

const projectChanged: Change = { entity: "project", id: "p", projectId: "p", op: "update" };
const sentenceChanged: Change = { entity: "sentence", id: "s-0-1", projectId: "p", op: "update" };

/** A cached tree of project `p` that no screen shows (as when the storyboard is open). */
function cachedTree() {
  const client = makeQueryClient();
  const cached = tree("p", 1, 3);
  client.setQueryData<ProjectTree>(keys.project("p"), { ...cached, project: { ...cached.project, status: "generating" } });
  const edited: Sentence = { ...(cached.sections[0]?.sentences[1] as Sentence), text: "Patched by the event." };
  mockIPC((cmd) => (cmd === "get_sentence" ? edited : null));
  return client;
}

const sentenceTexts = (client: ReturnType<typeof makeQueryClient>) =>
  client.getQueryData<ProjectTree>(keys.project("p"))?.sections[0]?.sentences.map((s) => s.text);

describe("store events in the query cache", () => {
  it("patches an edited sentence into a cached tree", async () => {
    const client = cachedTree();
    await applyStoreChanged(client, { changes: [sentenceChanged], resync: false });
    expect(sentenceTexts(client)?.[1]).toBe("Patched by the event.");
    expect(client.getQueryState(keys.project("p"))?.isInvalidated).toBe(false);
  });

  it("keeps a tree whose project changed marked for refetch when its sentences change next", async () => {
    const client = cachedTree();
    // The job settles the project's status, then a rollback writes a sentence.
    await applyStoreChanged(client, { changes: [projectChanged], resync: false });
    expect(client.getQueryState(keys.project("p"))?.isInvalidated).toBe(true);
    await applyStoreChanged(client, { changes: [sentenceChanged], resync: false });
    // Patched, it would read as fresh and show the old status when the screen opens again.
    expect(client.getQueryState(keys.project("p"))?.isInvalidated).toBe(true);
  });
});

describe("job changes in the query cache", () => {
  /** A cached job list (the Jobs screen was opened) and the IPC calls made. */
  function cachedJobs(reply: (id: string) => Job | null) {
    const client = makeQueryClient();
    client.setQueryData<Job[]>(keys.jobs, [job("j1", "image", "queued"), job("j2", "image", "succeeded")]);
    const calls: string[] = [];
    mockIPC((cmd, args) => {
      calls.push(cmd);
      if (cmd === "get_job") {
        const found = reply((args as { id: string }).id);
        if (!found) throw new Error("not found");
        return found;
      }
      return null;
    });
    return { client, calls };
  }
  const jobChanged = (id: string): Change => ({ entity: "job", id, projectId: "p", op: "update" });

  it("reads the changed job again instead of the whole list", async () => {
    const { client, calls } = cachedJobs((id) => job(id, "image", "running", { progress: 0.3 }));
    await applyStoreChanged(client, { changes: [jobChanged("j1")], resync: false });
    expect(calls).toEqual(["get_job"]);
    const list = client.getQueryData<Job[]>(keys.jobs);
    expect(list?.map((j) => [j.id, j.state])).toEqual([
      ["j1", "running"],
      ["j2", "succeeded"],
    ]);
    expect(client.getQueryState(keys.jobs)?.isInvalidated).toBe(false);
  });

  it("adds a job queued by another process", async () => {
    const { client } = cachedJobs((id) => job(id, "image", "queued"));
    await applyStoreChanged(client, { changes: [{ entity: "job", id: "j3", projectId: "p", op: "insert" }], resync: false });
    expect(client.getQueryData<Job[]>(keys.jobs)?.map((j) => j.id)).toEqual(["j3", "j1", "j2"]);
  });

  it("rereads the list after a prune or when a job is gone", async () => {
    for (const change of [{ entity: "job", id: "*", projectId: null, op: "delete" } as Change, jobChanged("gone")]) {
      const { client } = cachedJobs(() => null);
      await applyStoreChanged(client, { changes: [change], resync: false }).catch(() => {});
      expect(client.getQueryState(keys.jobs)?.isInvalidated).toBe(true);
    }
  });
});

import { describe, expect, it } from "vitest";
import { mockIPC } from "@tauri-apps/api/mocks";
import { makeQueryClient } from "../App";
import type { Change, ProjectTree, Sentence } from "../bindings";
import { tree } from "../test/fixtures";
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

import { describe, expect, it, vi } from "vitest";
import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { mockIPC } from "@tauri-apps/api/mocks";
import { emit } from "@tauri-apps/api/event";
import type { ProjectTree, Sentence, SentencePatch, StoreChanged } from "../bindings";
import { asset, tree } from "../test/fixtures";
import { CallLog, renderApp } from "../test/render";
import { useLiveUpdates } from "../ipc/liveUpdates";
import { SAVE_DELAY_MS } from "../state/useSentenceSaver";
import { useQueryClient } from "@tanstack/react-query";

function findSentence(t: ProjectTree, id: string): Sentence {
  for (const section of t.sections) {
    const found = section.sentences.find((s) => s.id === id);
    if (found) return found;
  }
  throw new Error(`no sentence ${id}`);
}

function backend(data: ProjectTree, log = new CallLog()) {
  mockIPC(
    (cmd, args) => {
      log.record(cmd, args);
      switch (cmd) {
        case "load_project":
          return data;
        case "job_counts":
          return { queued: 0, running: 0, succeeded: 0, failed: 0, cancelled: 0 };
        case "queue_paused":
          return false;
        case "update_sentence": {
          const { id, patch } = args as { id: string; patch: SentencePatch };
          const old = findSentence(data, id);
          // The dirty rules: new text makes narration, image and clip stale.
          return { ...old, text: patch.text ?? old.text, audio: asset(true, "a.wav"), image: asset(true, "i.png"), video: asset(true, "v.mp4") };
        }
        case "get_sentence": {
          const old = findSentence(data, (args as { id: string }).id);
          return { ...old, text: "Changed by the CLI.", audio: asset(true) };
        }
        default:
          return null;
      }
    },
    { shouldMockEvents: true },
  );
  return log;
}

function Live() {
  useLiveUpdates(useQueryClient());
  return null;
}

describe("Project view", () => {
  it("opens a 2,700-sentence project showing only a window of rows", async () => {
    backend(tree("big", 30, 90));
    renderApp("/projects/big");
    expect(await screen.findByTestId("project-stats")).toHaveTextContent("30 sections · 2700 sentences");
    const rows = await screen.findAllByTestId("sentence-row");
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(60);
    expect(screen.getByText("Sentence 1 of section 1.")).toBeInTheDocument();
    expect(screen.queryByText("Sentence 90 of section 30.")).not.toBeInTheDocument();
  });

  it("saves an edit once typing pauses and shows the assets become dirty", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const log = backend(tree("p", 1, 3));
      renderApp("/projects/p");
      // One section is counted in the singular.
      expect(await screen.findByTestId("project-stats")).toHaveTextContent(/^1 section · 3 sentences · /);
      const text = await screen.findByText("Sentence 2 of section 1.");
      const row = text.closest("[data-testid=sentence-row]");
      if (!(row instanceof HTMLElement)) throw new Error("row not found");
      // Generated and current before the edit, so the edit has something to make stale.
      expect(within(row).getByTestId("badge-audio")).toHaveTextContent("Narration: up to date");
      expect(within(row).getByTestId("badge-video")).toHaveTextContent("Clip: up to date");
      fireEvent.click(text);
      const editor = screen.getByTestId("sentence-editor");
      fireEvent.change(editor, { target: { value: "A" } });
      fireEvent.change(editor, { target: { value: "A new" } });
      fireEvent.change(editor, { target: { value: "A new line." } });
      expect(log.of("update_sentence")).toEqual([]);
      await act(async () => {
        await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS + 10);
      });
      const saves = log.of("update_sentence") as { id: string; patch: SentencePatch }[];
      expect(saves).toHaveLength(1);
      expect(saves[0]?.id).toBe("s-0-1");
      expect(saves[0]?.patch.text).toBe("A new line.");
      await waitFor(() => {
        expect(within(row).getByTestId("badge-audio")).toHaveTextContent("Narration: out of date, will be generated again");
      });
      expect(within(row).getByTestId("badge-image")).toHaveTextContent("Image: out of date");
      expect(within(row).getByTestId("badge-video")).toHaveTextContent("Clip: out of date");
      expect(within(row).getByTestId("save-status")).toHaveTextContent("Saved");
    } finally {
      vi.useRealTimers();
    }
  });

  it("applies a sentence changed elsewhere when the store event arrives", async () => {
    backend(tree("p", 1, 3));
    renderApp("/projects/p", <Live />);
    await screen.findByText("Sentence 3 of section 1.");
    const event: StoreChanged = {
      changes: [{ entity: "sentence", id: "s-0-2", projectId: "p", op: "update" }],
      resync: false,
    };
    await act(async () => {
      await emit("store-changed", event);
    });
    expect(await screen.findByText("Changed by the CLI.")).toBeInTheDocument();
    expect(screen.queryByText("Sentence 3 of section 1.")).not.toBeInTheDocument();
  });

  it("saves a pending edit and confirms when the app asks before quitting", async () => {
    const log = backend(tree("p", 1, 2));
    renderApp("/projects/p", <Live />);
    fireEvent.click(await screen.findByText("Sentence 1 of section 1."));
    fireEvent.change(screen.getByTestId("sentence-editor"), { target: { value: "Last words." } });
    await act(async () => {
      await emit("flush-requested", null);
    });
    await waitFor(() => {
      expect(log.of("edits_flushed")).toHaveLength(1);
    });
    const saves = log.of("update_sentence") as { patch: SentencePatch }[];
    expect(saves.map((s) => s.patch.text)).toEqual(["Last words."]);
    const order = log.calls.map((c) => c.cmd).filter((c) => c === "update_sentence" || c === "edits_flushed");
    expect(order).toEqual(["update_sentence", "edits_flushed"]);
  });
});

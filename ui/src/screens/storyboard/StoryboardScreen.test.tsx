import { describe, expect, it } from "vitest";
import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { mockConvertFileSrc, mockIPC } from "@tauri-apps/api/mocks";
import { emit } from "@tauri-apps/api/event";
import type { Generated, JobUpdated, SceneRow, StoreChanged, Storyboard } from "../../bindings";
import { job, project, sentence } from "../../test/fixtures";
import { CallLog, renderApp } from "../../test/render";
import { board, piece, row } from "./testBoard";

const QUEUED: Generated = { queued: [["image", 1]], waiting: [], upToDate: false };

function backend(b: Storyboard, log = new CallLog(), rows: (ids: string[]) => SceneRow[] = () => []) {
  mockConvertFileSrc("linux");
  mockIPC(
    (cmd, args) => {
      log.record(cmd, args);
      const a = (args ?? {}) as Record<string, unknown>;
      switch (cmd) {
        case "storyboard":
          return b;
        case "storyboard_rows":
          return rows(a.scenes as string[]);
        case "get_project":
          return project("p", "Deep Sea Life");
        case "data_dir":
          return "/data";
        case "job_counts":
          return { queued: 0, running: 0, succeeded: 0, failed: 0, cancelled: 0 };
        case "queue_paused":
          return false;
        case "list_jobs":
          return [];
        case "list_projects":
          return [];
        case "get_sentence":
          return sentence(a.id as string, "sec1", "Scene text.", 0);
        case "list_takes":
          return [];
        case "generate":
        case "regenerate":
          return QUEUED;
        case "retry_failed":
          return [job("j", "image", "queued")];
        default:
          return null;
      }
    },
    { shouldMockEvents: true },
  );
  return log;
}

const sceneRow = (id: string): HTMLElement => {
  const found = document.querySelector(`[data-testid=scene-row][data-scene-id="${id}"]`);
  if (!(found instanceof HTMLElement)) throw new Error(`no row for ${id}`);
  return found;
};

describe("Storyboard screen", () => {
  it("lists scenes under their sections with thumbnails through the asset protocol and a badge per piece", async () => {
    const b = board(2, 3, (r) =>
      r.id === "s1-2" ? { ...r, image: piece(true), thumb: null } : r.id === "s1-3" ? { ...r, video: piece(true, false, "ComfyUI ran out of memory: lower the frames.") } : r,
    );
    backend(b);
    renderApp("/storyboard/p");
    await waitFor(() => {
      expect(screen.getByTestId("storyboard-title")).toHaveTextContent("Deep Sea Life");
    });
    expect(await screen.findAllByTestId("storyboard-section")).toHaveLength(2);
    expect(screen.getByTestId("storyboard-stats")).toHaveTextContent("6 scenes · 2 to generate · 1 with a failed piece");
    const first = within(sceneRow("s1-1")).getByTestId("scene-thumb");
    expect(first.getAttribute("src")).toBe(`asset://localhost/${encodeURIComponent("/data/projects/p/thumbs/s1-1_r1.webp")}`);
    expect(within(sceneRow("s1-2")).getByTestId("scene-thumb-empty")).toBeInTheDocument();
    expect(within(sceneRow("s1-2")).getByTestId("piece-image")).toHaveAttribute("data-status", "stale");
    const failed = within(sceneRow("s1-3")).getByTestId("piece-video");
    expect(failed).toHaveAttribute("data-status", "failed");
    expect(failed.getAttribute("title")).toContain("ComfyUI ran out of memory");
  });

  it("shows the same scenes as a grid of cards", async () => {
    backend(board(1, 5));
    renderApp("/storyboard/p");
    await screen.findAllByTestId("scene-row");
    await userEvent.click(screen.getByTestId("view-grid"));
    expect(await screen.findAllByTestId("scene-card")).toHaveLength(5);
    expect(screen.queryByTestId("scene-row")).not.toBeInTheDocument();
    expect(screen.getByTestId("scene-list")).toHaveAttribute("data-view", "grid");
  });

  it("renders only a window of a 2,700-scene project", async () => {
    backend(board(27, 100));
    renderApp("/storyboard/p");
    const rows = await screen.findAllByTestId("scene-row");
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(60);
    expect(screen.getByTestId("storyboard-stats")).toHaveTextContent("2700 scenes");
  });

  it("opens the inspector for a clicked scene and regenerates one piece of it", async () => {
    const log = backend(board(1, 3));
    renderApp("/storyboard/p");
    await userEvent.click(within(await screen.findByText("Scene 2 of part 1.").then((e) => e.closest("[data-testid=scene-row]") as HTMLElement)).getByText("Scene 2 of part 1."));
    const inspector = await screen.findByTestId("scene-inspector");
    expect(inspector).toHaveTextContent("Scene 2");
    await userEvent.click(await within(inspector).findByTestId("regenerate-image"));
    await waitFor(() => {
      expect(log.of("regenerate")).toEqual([{ project: "p", pieces: ["image"], sections: null, scenes: ["s1-2"] }]);
    });
    expect(await screen.findByText("1 job queued.")).toBeInTheDocument();
  });

  it("regenerates a selection, and a section, with the piece chosen", async () => {
    const log = backend(board(2, 3));
    renderApp("/storyboard/p");
    await screen.findAllByTestId("scene-row");
    await userEvent.click(within(sceneRow("s1-1")).getByLabelText("Select scene 1"));
    await userEvent.click(within(sceneRow("s1-3")).getByLabelText("Select scene 3"));
    expect(screen.getByTestId("selection-bar")).toHaveTextContent("2 scenes selected");
    await userEvent.click(screen.getByTestId("selection-regenerate"));
    await userEvent.click(screen.getByRole("menuitem", { name: /Clips/ }));
    await waitFor(() => {
      expect(log.of("regenerate")).toEqual([{ project: "p", pieces: ["video"], sections: null, scenes: ["s1-1", "s1-3"] }]);
    });

    await userEvent.click(screen.getAllByTestId("section-regenerate")[1] as HTMLElement);
    await userEvent.click(screen.getByRole("menuitem", { name: /Everything out of date/ }));
    await waitFor(() => {
      expect(log.of("generate")).toEqual([{ project: "p", scope: { stages: null, sections: ["sec2"], sentences: null } }]);
    });
  });

  it("generates everything stale and retries all failed", async () => {
    const log = backend(board(1, 2, (r) => (r.id === "s1-1" ? { ...r, audio: piece(true, true, "TTS is down: start it.") } : r)));
    renderApp("/storyboard/p");
    await screen.findAllByTestId("scene-row");
    await userEvent.click(screen.getByTestId("generate-stale"));
    await waitFor(() => {
      expect(log.of("generate")).toEqual([{ project: "p", scope: { stages: null, sections: null, sentences: null } }]);
    });
    await userEvent.click(screen.getByTestId("retry-all-failed"));
    await waitFor(() => {
      expect(log.of("retry_failed")).toEqual([{ project: "p" }]);
    });
    expect(await screen.findByText("1 failed job queued again.")).toBeInTheDocument();
  });

  it("says what went wrong, in the app's words, when nothing can be queued", async () => {
    backend(board(1, 1, (r) => ({ ...r, image: piece(true) })));
    mockIPC(
      (cmd) => {
        // eslint-disable-next-line @typescript-eslint/only-throw-error -- IPC rejects with the app's {code, message}, not an Error
        if (cmd === "generate") throw { code: "INVALID_INPUT", message: "No TTS address is configured." };
        if (cmd === "storyboard") return board(1, 1, (r) => ({ ...r, image: piece(true) }));
        if (cmd === "list_jobs") return [];
        if (cmd === "get_project") return project("p", "Deep Sea Life");
        if (cmd === "data_dir") return "/data";
        if (cmd === "job_counts") return { queued: 0, running: 0, succeeded: 0, failed: 0, cancelled: 0 };
        return null;
      },
      { shouldMockEvents: true },
    );
    renderApp("/storyboard/p");
    await screen.findAllByTestId("scene-row");
    await userEvent.click(screen.getByTestId("generate-stale"));
    const toast = await screen.findByRole("alert");
    expect(toast).toHaveTextContent("Could not queue what is out of date");
    expect(toast).toHaveTextContent("No TTS address is configured.");
  });

  it("patches a scene's row from a store event, and marks a piece being made from a job event", async () => {
    const b = board(1, 2, (r) => ({ ...r, image: piece(true, false) }));
    const log = backend(b, new CallLog(), (ids) => ids.map((id) => row(id, "sec1", "Rewritten by the CLI.", { image: piece(false) })));
    renderApp("/storyboard/p");
    await screen.findAllByTestId("scene-row");
    expect(within(sceneRow("s1-2")).getByTestId("piece-image")).toHaveAttribute("data-status", "missing");

    const started: JobUpdated = { job: { ...job("j1", "image", "running", { progress: 0.3 }), projectId: "p", sentenceId: "s1-1" }, error: null };
    await act(async () => {
      await emit("job-updated", started);
    });
    await waitFor(() => {
      expect(within(sceneRow("s1-1")).getByTestId("piece-image")).toHaveAttribute("data-status", "working");
    });

    const changed: StoreChanged = { resync: false, changes: [{ entity: "sentence", id: "s1-2", op: "update", projectId: "p" }] };
    await act(async () => {
      await emit("store-changed", changed);
    });
    await waitFor(() => {
      expect(within(sceneRow("s1-2")).getByTestId("scene-text")).toHaveTextContent("Rewritten by the CLI.");
    });
    expect(within(sceneRow("s1-2")).getByTestId("piece-image")).toHaveAttribute("data-status", "ready");
    expect(log.of("storyboard_rows")).toEqual([{ project: "p", scenes: ["s1-2"] }]);
    expect(log.of("storyboard")).toHaveLength(1);
  });

  it("asks for a project when none was opened yet", async () => {
    backend(board(1, 1));
    renderApp("/storyboard");
    expect(await screen.findByText(/There is no project yet/)).toBeInTheDocument();
    expect(screen.getByTestId("storyboard-choose")).toBeInTheDocument();
  });
});

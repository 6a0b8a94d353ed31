import { describe, expect, it } from "vitest";
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { mockIPC } from "@tauri-apps/api/mocks";
import { QueryClientProvider } from "@tanstack/react-query";
import type { DiskUse, TrashedProject } from "../../bindings";
import { makeQueryClient } from "../../App";
import { ToastProvider } from "../../components/Toasts";
import { CallLog } from "../../test/render";
import { Housekeeping } from "./Housekeeping";

const trashed: TrashedProject = { id: "t1", name: "Deep Sea Life", deletedAt: Date.now() - 3 * 3_600_000, bytes: 2_500_000 };
const used: DiskUse = {
  projectId: "p1",
  name: "Volcanoes",
  totalBytes: 130_000_000,
  audioBytes: 10_000_000,
  sectionAudioBytes: 0,
  imageBytes: 20_000_000,
  thumbBytes: 0,
  videoBytes: 100_000_000,
  cacheBytes: 0,
  otherBytes: 0,
  oldTakes: 4,
  oldTakeBytes: 60_000_000,
};

function backend(log: CallLog) {
  let trash = [trashed];
  mockIPC((cmd, args) => {
    log.record(cmd, args);
    switch (cmd) {
      case "list_trash":
        return trash;
      case "restore_from_trash":
      case "purge_from_trash":
        trash = [];
        return null;
      case "disk_use_all":
        return [used];
      case "prune_old_takes":
        return { takes: 4, files: 4, bytes: 60_000_000 };
      default:
        return null;
    }
  });
}

function show() {
  render(
    <QueryClientProvider client={makeQueryClient()}>
      <ToastProvider>
        <Housekeeping />
      </ToastProvider>
    </QueryClientProvider>,
  );
}

describe("Trash and disk use", () => {
  it("lists the trash and deletes for good only after a confirm", async () => {
    const log = new CallLog();
    backend(log);
    show();
    await waitFor(() => {
      expect(screen.getByTestId("tab-trash")).toHaveTextContent("Trash (1)");
    });
    await userEvent.click(screen.getByTestId("tab-trash"));
    expect(await screen.findByTestId("trash-row")).toHaveTextContent("Deep Sea Life");
    expect(screen.getByTestId("trash-row")).toHaveTextContent("deleted 3 h ago · 2.5 MB");
    await userEvent.click(screen.getByTestId("purge-project"));
    expect(log.of("purge_from_trash")).toHaveLength(0);
    await userEvent.click(screen.getByTestId("purge-project-confirm"));
    await waitFor(() => {
      expect(log.of("purge_from_trash")).toEqual([{ id: "t1" }]);
    });
    expect(await screen.findByTestId("trash-empty")).toBeInTheDocument();
  });

  it("restores a project from the trash in one click", async () => {
    const log = new CallLog();
    backend(log);
    show();
    await userEvent.click(await screen.findByTestId("tab-trash"));
    await userEvent.click(await screen.findByTestId("restore-project"));
    await waitFor(() => {
      expect(log.of("restore_from_trash")).toEqual([{ id: "t1" }]);
    });
  });

  it("shows disk use by kind and removes old takes after a confirm", async () => {
    const log = new CallLog();
    backend(log);
    show();
    await userEvent.click(await screen.findByTestId("tab-disk"));
    const row = await screen.findByTestId("disk-row");
    expect(row).toHaveTextContent("Volcanoes 130 MB");
    expect(row).toHaveTextContent("Clips 100 MB · Images 20 MB · Narration 10 MB");
    expect(screen.getByTestId("old-takes")).toHaveTextContent("4 old takes, 60 MB");
    await userEvent.click(screen.getByTestId("prune-takes"));
    expect(log.of("prune_old_takes")).toHaveLength(0);
    await userEvent.click(screen.getByTestId("prune-takes-confirm"));
    await waitFor(() => {
      expect(log.of("prune_old_takes")).toEqual([{ id: "p1" }]);
    });
    expect(await screen.findByText("Removed 4 old takes: 60 MB freed.")).toBeInTheDocument();
  });
});

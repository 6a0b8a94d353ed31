import type { ReactNode } from "react";
import { describe, expect, it } from "vitest";
import { act, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { mockIPC } from "@tauri-apps/api/mocks";
import type { Channel } from "@tauri-apps/api/core";
import { QueryClientProvider } from "@tanstack/react-query";
import type { FileProgress } from "../../bindings";
import { makeQueryClient } from "../../App";
import { ToastProvider } from "../../components/Toasts";
import { setting, summary } from "../../test/fixtures";
import { CallLog } from "../../test/render";
import { ProjectActions, RestoreBackupButton } from "./ProjectActions";

type Running = { task: string; progress: Channel<FileProgress>; finish: (value: unknown) => void; fail: (error: unknown) => void };

/** A backend whose backup and restore run until the test finishes or fails them. */
function backend(log: CallLog, picked: string) {
  const running: Running[] = [];
  mockIPC((cmd, args) => {
    log.record(cmd, args);
    const a = args as Record<string, unknown>;
    switch (cmd) {
      case "config_list":
        return [setting("export.folder", "/backups", "stored")];
      case "plugin:dialog|open":
        return picked;
      case "backup_project":
      case "restore_backup":
        return new Promise((finish, fail) => {
          running.push({ task: a.task as string, progress: a.progress as Channel<FileProgress>, finish, fail });
        });
      case "cancel_file_task":
        return true;
      default:
        return null;
    }
  });
  return running;
}

function show(ui: ReactNode) {
  render(
    <QueryClientProvider client={makeQueryClient()}>
      <ToastProvider>{ui}</ToastProvider>
    </QueryClientProvider>,
  );
}

const send = (r: Running, p: FileProgress) => {
  act(() => {
    (r.progress as unknown as { onmessage: (p: FileProgress) => void }).onmessage(p);
  });
};

describe("Back up", () => {
  it("shows files and bytes done on a bar while the backup runs, then the file", async () => {
    const log = new CallLog();
    const running = backend(log, "/backups");
    show(<ProjectActions project={summary("p1", "Volcanoes", 3)} />);
    await userEvent.click(screen.getByTestId("backup-project"));
    await waitFor(() => { expect(running).toHaveLength(1); });
    const dialog = await screen.findByTestId("file-task");
    expect(dialog).toHaveTextContent("Backing up “Volcanoes”");
    expect(log.of("backup_project")[0]).toMatchObject({ id: "p1", out: "/backups" });

    const r = running[0] as Running;
    send(r, { doneBytes: 300_000_000, totalBytes: 1_200_000_000, doneFiles: 40, totalFiles: 160 });
    await waitFor(() => { expect(screen.getByTestId("file-task-progress")).toHaveTextContent("40 of 160 files · 300 MB of 1.2 GB"); });
    expect(within(dialog).getByRole("progressbar")).toHaveAttribute("aria-valuenow", "25");

    act(() => { r.finish({ path: "/backups/Volcanoes.videogen.zip", bytes: 1_200_000_000, files: 160 }); });
    await waitFor(() => { expect(screen.queryByTestId("file-task")).toBeNull(); });
    expect(screen.getByTestId("backup-done").querySelector("[data-testid=reveal]")).toHaveAttribute("data-path", "/backups/Volcanoes.videogen.zip");
    expect(await screen.findByRole("status")).toHaveTextContent("Backed up “Volcanoes” (1.2 GB).");
  });

  it("cancels the running backup by its task id and says nothing was written", async () => {
    const log = new CallLog();
    const running = backend(log, "/backups");
    show(<ProjectActions project={summary("p1", "Volcanoes", 3)} />);
    await userEvent.click(screen.getByTestId("backup-project"));
    await waitFor(() => { expect(running).toHaveLength(1); });
    const r = running[0] as Running;
    await userEvent.click(await screen.findByTestId("cancel-file-task"));
    await waitFor(() => { expect(log.of("cancel_file_task")).toEqual([{ task: r.task }]); });
    expect(screen.getByTestId("cancel-file-task")).toHaveTextContent("Cancelling…");
    act(() => { r.fail({ code: "CANCELLED", message: "The backup was cancelled: no backup file was written." }); });
    await waitFor(() => { expect(screen.queryByTestId("file-task")).toBeNull(); });
    expect(await screen.findByRole("status")).toHaveTextContent("The backup was cancelled");
    expect(screen.queryByTestId("backup-done")).toBeNull();
  });
});

describe("Restore", () => {
  it("shows the restore's progress until the project is back", async () => {
    const log = new CallLog();
    const running = backend(log, "/backups/Volcanoes.videogen.zip");
    show(<RestoreBackupButton />);
    await userEvent.click(screen.getByTestId("restore-backup"));
    await waitFor(() => { expect(running).toHaveLength(1); });
    expect(log.of("restore_backup")[0]).toMatchObject({ file: "/backups/Volcanoes.videogen.zip" });
    const r = running[0] as Running;
    send(r, { doneBytes: 5, totalBytes: 10, doneFiles: 1, totalFiles: 2 });
    await waitFor(() => { expect(screen.getByTestId("file-task-progress")).toHaveTextContent("1 of 2 files · 5 B of 10 B"); });
    expect(screen.getByTestId("file-task")).toHaveTextContent("Restoring a backup");
    act(() => { r.finish({ id: "p2", name: "Volcanoes (restored)" }); });
    await waitFor(() => { expect(screen.queryByTestId("file-task")).toBeNull(); });
    expect(await screen.findByRole("status")).toHaveTextContent("Restored “Volcanoes (restored)” as a new project.");
  });
});

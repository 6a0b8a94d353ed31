import { describe, expect, it } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { mockIPC } from "@tauri-apps/api/mocks";
import type { DataDirStatus } from "../../bindings";
import { setting } from "../../test/fixtures";
import { CallLog, renderApp } from "../../test/render";

function backend(opts: { picked?: string | null; fromEnvironment?: boolean } = {}, log = new CallLog()) {
  let status: DataDirStatus = {
    current: "/home/me/.local/share/videogen-studio",
    moveTo: null,
    lastError: null,
    fromEnvironment: opts.fromEnvironment ?? false,
  };
  mockIPC((cmd, args) => {
    log.record(cmd, args);
    const a = args as Record<string, unknown>;
    switch (cmd) {
      case "config_list":
        return [setting("comfyui.url", "http://127.0.0.1:8188"), setting("jobs.keep_awake", "true"), setting("notify.batches", "true")];
      case "config_set":
        return { key: a.key, value: a.value, source: "stored", help: "" };
      case "data_dir_status":
        return status;
      case "plugin:dialog|open":
        return opts.picked ?? null;
      case "move_data_dir":
        status = { ...status, moveTo: a.to as string };
        return status;
      case "cancel_data_dir_move":
        status = { ...status, moveTo: null };
        return status;
      case "job_counts":
        return { queued: 0, running: 0, succeeded: 0, failed: 0, cancelled: 0 };
      default:
        return null;
    }
  });
  return log;
}

describe("Settings: desktop", () => {
  it("stores the notification and keep-awake switches", async () => {
    const log = backend();
    renderApp("/settings");
    const awake = await screen.findByTestId("toggle-jobs.keep_awake");
    await waitFor(() => { expect(awake).toBeChecked(); });
    await userEvent.click(awake);
    await waitFor(() => { expect(log.of("config_set")).toEqual([{ key: "jobs.keep_awake", value: "false" }]); });
    await waitFor(() => { expect(screen.getByTestId("toggle-jobs.keep_awake")).not.toBeChecked(); });
  });

  it("opens the log folder through the app", async () => {
    const log = backend();
    renderApp("/settings");
    await userEvent.click(await screen.findByTestId("open-logs"));
    await waitFor(() => { expect(log.of("open_logs_folder")).toHaveLength(1); });
  });

  it("moves the data folder only after a confirm, and offers the restart", async () => {
    const log = backend({ picked: "/mnt/big/videogen" });
    renderApp("/settings");
    await userEvent.click(await screen.findByTestId("move-data-dir"));
    await userEvent.click(await screen.findByTestId("confirm-move"));
    expect(log.of("move_data_dir")).toEqual([]);
    await userEvent.click(screen.getByTestId("confirm-move-confirm"));
    await waitFor(() => { expect(log.of("move_data_dir")).toEqual([{ to: "/mnt/big/videogen" }]); });
    expect(await screen.findByTestId("restart-now")).toBeInTheDocument();
    expect(screen.getByTestId("data-folder")).toHaveTextContent("Moves to /mnt/big/videogen when VideoGen Studio next starts");
    await userEvent.click(screen.getByRole("button", { name: "Keep it where it is" }));
    await waitFor(() => { expect(screen.queryByTestId("restart-now")).toBeNull(); });
  });

  it("offers the move, with its hint, when the folder is the app's own choice", async () => {
    backend({ fromEnvironment: false });
    renderApp("/settings");
    expect(await screen.findByTestId("move-data-dir")).toBeInTheDocument();
    expect(screen.getByTestId("data-folder")).toHaveTextContent("Choose an empty folder");
  });

  it("hides the move and its hint when VIDEOGEN_DATA_DIR chooses the folder", async () => {
    backend({ fromEnvironment: true });
    renderApp("/settings");
    await waitFor(() => { expect(screen.getByTestId("data-dir")).toHaveTextContent("/home/me/.local/share/videogen-studio"); });
    expect(screen.queryByTestId("move-data-dir")).toBeNull();
    expect(screen.getByTestId("data-folder")).not.toHaveTextContent("Choose an empty folder");
  });
});

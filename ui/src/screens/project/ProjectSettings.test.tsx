import { describe, expect, it } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { mockIPC } from "@tauri-apps/api/mocks";
import type { Project, ProjectPatch, ProjectTree } from "../../bindings";
import { tree } from "../../test/fixtures";
import { CallLog, renderApp } from "../../test/render";

/** A backend whose update_project applies the patch the way the store does. */
function backend(data: ProjectTree, log = new CallLog()) {
  mockIPC((cmd, args) => {
    log.record(cmd, args);
    switch (cmd) {
      case "load_project":
        // A copy, as over IPC: the window's cache never shares objects with this backend.
        return structuredClone(data);
      case "job_counts":
        return { queued: 0, running: 0, succeeded: 0, failed: 0, cancelled: 0 };
      case "queue_paused":
        return false;
      case "list_models":
      case "list_styles":
        return [];
      case "update_project": {
        const { size, fps, ...rest } = (args as { patch: ProjectPatch }).patch;
        const next: Project = { ...data.project, ...(rest as Partial<Project>) };
        if (size) Object.assign(next, { width: size.width, height: size.height });
        if (fps) Object.assign(next, { fpsNum: fps.num, fpsDen: fps.den });
        data.project = next;
        return next;
      }
      default:
        return null;
    }
  });
  return log;
}

async function openSettings() {
  renderApp("/projects/p");
  await userEvent.click(await screen.findByTestId("open-project-settings"));
  return screen.findByTestId("project-settings");
}

describe("Project settings: what the CLI's `videogen set` can set", () => {
  it("sets the frame size from a preset or a custom size, and the frame rate", async () => {
    const log = backend(tree("p", 1, 1));
    const panel = await openSettings();
    const size = within(panel).getByTestId("pick-frame-size");
    expect(within(size).getByRole("option", { selected: true })).toHaveTextContent("1920×1080");
    expect(within(panel).queryByTestId("custom-frame-size")).toBeNull();

    await userEvent.selectOptions(size, "1080×1920 (vertical)");
    await userEvent.selectOptions(size, "Custom…");
    const custom = await within(panel).findByTestId("custom-frame-size");
    await waitFor(() => { expect(custom).toHaveValue("1080x1920"); });
    await userEvent.clear(custom);
    await userEvent.type(custom, "2560x1440{Enter}");
    await userEvent.selectOptions(within(panel).getByTestId("pick-fps"), "29.97");
    await waitFor(() => {
      expect(log.of("update_project")).toEqual([
        { id: "p", patch: { size: { width: 1080, height: 1920 } } },
        { id: "p", patch: { size: { width: 2560, height: 1440 } } },
        { id: "p", patch: { fps: { num: 30000, den: 1001 } } },
      ]);
    });
    await waitFor(() => { expect(within(panel).getByTestId("pick-fps")).toHaveValue("30000/1001"); });
    // A size that is no preset stays shown as custom.
    expect(within(panel).getByTestId("pick-frame-size")).toHaveValue("custom");
    expect(within(panel).getByTestId("custom-frame-size")).toHaveValue("2560x1440");
    expect(within(within(panel).getByTestId("pick-fps")).getAllByRole("option").map((o) => o.textContent)).toEqual(["23.976", "24", "25", "29.97", "30"]);
  });

  it("refuses a size no encoder takes with the CLI's sentence, and saves nothing", async () => {
    const log = backend(tree("p", 1, 1));
    const panel = await openSettings();
    await userEvent.selectOptions(within(panel).getByTestId("pick-frame-size"), "Custom…");
    const custom = within(panel).getByTestId("custom-frame-size");
    await userEvent.clear(custom);
    await userEvent.type(custom, "1921x1080");
    await userEvent.tab();
    expect(await screen.findByRole("alert")).toHaveTextContent("The frame size 1921x1080 is not usable: width and height must be even numbers from 16 to 8192, e.g. 1920x1080.");
    expect(log.of("update_project")).toEqual([]);
  });

  it("sets the target length and the topic, refuses a length out of range, and clears the topic", async () => {
    const log = backend(tree("p", 1, 1));
    const panel = await openSettings();
    const minutes = within(panel).getByTestId("target-minutes");
    expect(minutes).toHaveValue(8);
    await userEvent.clear(minutes);
    await userEvent.type(minutes, "900");
    await userEvent.tab();
    expect(await screen.findByRole("alert")).toHaveTextContent("The target duration is 900 minutes; choose between 1 and 600.");
    expect(log.of("update_project")).toEqual([]);
    await userEvent.clear(minutes);
    await userEvent.type(minutes, "12");
    await userEvent.tab();
    const topic = within(panel).getByTestId("project-topic");
    await userEvent.type(topic, "  Lighthouses of Brittany ");
    await userEvent.tab();
    await waitFor(() => { expect(topic).toHaveValue("Lighthouses of Brittany"); });
    await userEvent.clear(topic);
    await userEvent.tab();
    await waitFor(() => {
      expect(log.of("update_project")).toEqual([
        { id: "p", patch: { targetDurationMin: 12 } },
        { id: "p", patch: { topic: "Lighthouses of Brittany" } },
        { id: "p", patch: { topic: null } },
      ]);
    });
  });
});

import { describe, expect, it } from "vitest";
import { act, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { mockIPC } from "@tauri-apps/api/mocks";
import { emit } from "@tauri-apps/api/event";
import { QueryClientProvider, useQueryClient } from "@tanstack/react-query";
import type { ExportEstimate, JobUpdated } from "../../bindings";
import { makeQueryClient } from "../../App";
import { ToastProvider } from "../../components/Toasts";
import { useLiveUpdates } from "../../ipc/liveUpdates";
import { job, project, setting } from "../../test/fixtures";
import { CallLog } from "../../test/render";
import { ExportDialog } from "./ExportDialog";
import { RoughCutDialog } from "./RoughCutDialog";

const ESTIMATE: ExportEstimate = {
  mediaFiles: 30,
  folderBytes: 45_000_000,
  zipBytes: 0,
  estimatedMs: 90_000,
  timelineMs: 600_000,
  standIns: 2,
  outOfDate: 0,
  heldClips: 0,
  toConform: 0,
  targetExists: false,
};

function backend(log: CallLog, estimate: () => ExportEstimate = () => ESTIMATE, settings = [setting("export.folder", "/videos", "stored")]) {
  mockIPC(
    (cmd, args) => {
      log.record(cmd, args);
      switch (cmd) {
        case "get_project":
          return project("p", "Volcanoes");
        case "load_project":
          return { project: project("p", "Volcanoes"), sections: [{ id: "s1", projectId: "p", title: "Intro", order: 0, narration: null, sentences: [], createdAt: 0 }] };
        case "export_choices":
          return {
            frameRates: [
              { num: 24, den: 1 },
              { num: 30000, den: 1001 },
            ],
            sizes: [{ width: 1280, height: 720 }],
            formats: [
              { format: "fcpxml", name: "FCPXML 1.10", file: "timelines/*.fcpxml", editors: "Final Cut Pro" },
              { format: "srt", name: "SRT captions", file: "captions/*.srt", editors: "YouTube" },
            ],
          };
        case "config_list":
          return settings;
        case "estimate_export":
          return estimate();
        case "queue_export":
          return job("j1", "export", "queued", { sentenceId: null });
        case "queue_roughcut":
          return job("j2", "roughcut", "queued", { sentenceId: null });
        case "list_jobs":
          return [job("j1", "export", "running", { progress: 0.25, stepName: "copying media", sentenceId: null })];
        default:
          return null;
      }
    },
    { shouldMockEvents: true },
  );
}

function Live() {
  useLiveUpdates(useQueryClient());
  return null;
}

function show(dialog: "export" | "roughcut") {
  const client = makeQueryClient();
  render(
    <QueryClientProvider client={client}>
      <ToastProvider>
        <Live />
        {dialog === "export" ? <ExportDialog projectId="p" onClose={() => {}} /> : <RoughCutDialog projectId="p" onClose={() => {}} />}
      </ToastProvider>
    </QueryClientProvider>,
  );
}

describe("Export dialog", () => {
  it("offers the last folder, estimates, exports and reveals the result", async () => {
    const log = new CallLog();
    backend(log);
    show("export");
    await waitFor(() => {
      expect(screen.getByTestId("export-folder")).toHaveValue("/videos");
      expect(screen.getByTestId("export-name")).toHaveValue("Volcanoes export");
    });
    expect(await screen.findByText("30 media files, 45 MB; about 2 min to write.")).toBeInTheDocument();
    expect(screen.getByTestId("export-estimate")).toHaveTextContent("2 scenes use a stand-in");
    expect(screen.getByTestId("export-formats")).toHaveTextContent("FCPXML 1.10");

    await userEvent.selectOptions(screen.getByLabelText("Frame rate"), "30000/1001");
    await userEvent.click(screen.getByTestId("export-zip"));
    await userEvent.click(screen.getByTestId("start-export"));
    await waitFor(() => {
      expect(log.of("queue_export")).toHaveLength(1);
    });
    expect(log.of("queue_export")[0]).toEqual({
      request: {
        projectId: "p",
        target: "/videos/Volcanoes export",
        zip: true,
        fps: { num: 30000, den: 1001 },
        size: null,
        sentencePauseMs: 300,
        sectionPauseMs: 0,
        strict: false,
        section: null,
        formats: ["fcpxml", "srt"],
      },
    });
    // The same folder and formats as last time: only the new ZIP choice is remembered.
    expect(log.of("config_set")).toEqual([{ key: "export.zip", value: "true" }]);
    expect(await screen.findByTestId("job-working")).toHaveTextContent("copying media · 25%");

    const done: JobUpdated = { job: job("j1", "export", "succeeded", { progress: 1, resultFile: "/videos/Volcanoes export.zip", sentenceId: null }), error: null };
    await act(async () => {
      await emit("job-updated", done);
    });
    expect(await screen.findByTestId("job-file")).toHaveTextContent("/videos/Volcanoes export.zip");
    await userEvent.click(screen.getByTestId("reveal"));
    await waitFor(() => {
      expect(log.of("reveal_in_file_manager")).toEqual([{ path: "/videos/Volcanoes export.zip" }]);
    });
  });

  it("refuses a name that exists and remembers a newly typed folder", async () => {
    const log = new CallLog();
    let exists = true;
    backend(log, () => ({ ...ESTIMATE, targetExists: exists }));
    show("export");
    expect(await screen.findByText(/exists in that folder already/)).toBeInTheDocument();
    expect(screen.getByTestId("start-export")).toBeDisabled();

    exists = false;
    await userEvent.clear(screen.getByTestId("export-name"));
    expect(await screen.findByText("Give the export folder a name.")).toBeInTheDocument();
    await userEvent.type(screen.getByTestId("export-name"), "Take two");
    const folder = screen.getByTestId("export-folder");
    await userEvent.clear(folder);
    await userEvent.type(folder, "/elsewhere");
    await waitFor(() => {
      expect(screen.getByTestId("start-export")).toBeEnabled();
    });
    await userEvent.click(screen.getByTestId("start-export"));
    await waitFor(() => {
      expect(log.of("queue_export")).toHaveLength(1);
    });
    expect(log.of("config_set")).toEqual([{ key: "export.folder", value: "/elsewhere" }]);
    expect(log.of("queue_export")[0]).toMatchObject({ request: { target: "/elsewhere/Take two" } });
  });
});

describe("Export formats", () => {
  it("ticks the remembered formats, sends only the chosen ones and remembers them", async () => {
    const log = new CallLog();
    backend(log, () => ESTIMATE, [setting("export.folder", "/videos", "stored"), setting("export.formats", "srt", "stored")]);
    show("export");
    const srt = await screen.findByTestId("format-srt");
    const fcpxml = screen.getByTestId("format-fcpxml");
    await waitFor(() => {
      expect(srt).toBeChecked();
    });
    expect(fcpxml).not.toBeChecked();
    expect(screen.getByTestId("export-formats")).toHaveTextContent("SRT captions · YouTube");

    await userEvent.click(srt);
    expect(await screen.findByTestId("media-only")).toHaveTextContent("only the media");
    await userEvent.click(fcpxml);
    expect(screen.queryByTestId("media-only")).toBeNull();
    await waitFor(() => {
      expect(screen.getByTestId("start-export")).toBeEnabled();
    });
    await userEvent.click(screen.getByTestId("start-export"));
    await waitFor(() => {
      expect(log.of("queue_export")).toHaveLength(1);
    });
    expect(log.of("queue_export")[0]).toMatchObject({ request: { formats: ["fcpxml"] } });
    expect(log.of("estimate_export").at(-1)).toMatchObject({ request: { formats: ["fcpxml"] } });
    expect(log.of("config_set")).toEqual([{ key: "export.formats", value: "fcpxml" }]);
  });

  it("starts with the ZIP the last export asked for", async () => {
    const log = new CallLog();
    backend(log, () => ESTIMATE, [setting("export.folder", "/videos", "stored"), setting("export.zip", "true", "stored")]);
    show("export");
    await waitFor(() => {
      expect(screen.getByTestId("export-zip")).toBeChecked();
    });
  });
});

describe("Export of one section", () => {
  it("names the folder after the section and sends its id", async () => {
    const log = new CallLog();
    backend(log);
    show("export");
    await screen.findByRole("option", { name: "Section 1: Intro" });
    await userEvent.selectOptions(screen.getByTestId("export-section"), "s1");
    await waitFor(() => {
      expect(screen.getByTestId("export-name")).toHaveValue("Volcanoes - Intro export");
    });
    await waitFor(() => {
      expect(screen.getByTestId("start-export")).toBeEnabled();
    });
    await userEvent.click(screen.getByTestId("start-export"));
    await waitFor(() => {
      expect(log.of("queue_export")).toHaveLength(1);
    });
    expect(log.of("queue_export")[0]).toMatchObject({ request: { section: "s1", target: "/videos/Volcanoes - Intro export" } });
  });
});

describe("Rough cut dialog", () => {
  it("renders one section with burned-in subtitles to an .mp4 in the folder", async () => {
    const log = new CallLog();
    backend(log);
    show("roughcut");
    await waitFor(() => {
      expect(screen.getByTestId("roughcut-name")).toHaveValue("Volcanoes rough cut.mp4");
    });
    await userEvent.selectOptions(await screen.findByTestId("roughcut-section"), "s1");
    expect(screen.getByTestId("roughcut-name")).toHaveValue("Volcanoes - Intro rough cut.mp4");
    await userEvent.click(screen.getByTestId("burn-subtitles"));
    await userEvent.click(screen.getByTestId("start-roughcut"));
    await waitFor(() => {
      expect(log.of("queue_roughcut")).toHaveLength(1);
    });
    expect(log.of("queue_roughcut")[0]).toMatchObject({
      request: { projectId: "p", out: "/videos/Volcanoes - Intro rough cut.mp4", section: "s1", burnSubtitles: true, music: null },
    });
  });
});

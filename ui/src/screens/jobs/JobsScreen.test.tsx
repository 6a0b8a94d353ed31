import { describe, expect, it } from "vitest";
import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { mockIPC } from "@tauri-apps/api/mocks";
import { emit } from "@tauri-apps/api/event";
import { useQueryClient } from "@tanstack/react-query";
import type { Job, JobUpdated, JobProgressed, RunnerChanged } from "../../bindings";
import { job, summary } from "../../test/fixtures";
import { CallLog, renderApp } from "../../test/render";
import { useLiveUpdates } from "../../ipc/liveUpdates";

function Live() {
  useLiveUpdates(useQueryClient());
  return null;
}

function backend(jobs: Job[], log = new CallLog(), paused = false) {
  mockIPC(
    (cmd, args) => {
      log.record(cmd, args);
      switch (cmd) {
        case "list_jobs":
          return jobs;
        case "list_projects":
          return [summary("p", "Volcanoes")];
        case "job_counts":
          return { queued: 1, running: 1, succeeded: 0, failed: 1, cancelled: 0 };
        case "queue_paused":
          return paused;
        case "cancel_job": {
          const found = jobs.find((j) => j.id === (args as { id: string }).id);
          return { ...found, state: "cancelled" };
        }
        case "retry_job": {
          const found = jobs.find((j) => j.id === (args as { id: string }).id);
          return { ...found, state: "queued", attempt: 0, error: null };
        }
        default:
          return null;
      }
    },
    { shouldMockEvents: true },
  );
  return log;
}

const rowOf = (id: string): HTMLElement => {
  const row = document.querySelector(`[data-job-id="${id}"]`);
  if (!(row instanceof HTMLElement)) throw new Error(`no row for ${id}`);
  return row;
};

describe("Jobs screen", () => {
  it("lists running and queued jobs with progress and the project's name", async () => {
    backend([job("q", "audio.sentence", "queued"), job("r", "image", "running", { progress: 0.42 }), job("d", "image", "succeeded")]);
    renderApp("/jobs");
    const rows = await screen.findAllByTestId("job-row");
    expect(rows.map((r) => r.getAttribute("data-job-id"))).toEqual(["r", "q"]);
    expect(within(rowOf("r")).getByRole("progressbar")).toHaveAttribute("aria-valuenow", "42");
    expect(rowOf("r")).toHaveTextContent("Image");
    expect(rowOf("r")).toHaveTextContent("Volcanoes");
    expect(rowOf("q")).toHaveTextContent("Narration");
  });

  it("shows a failed job's reason and retries it", async () => {
    const log = backend([job("f", "video", "failed", { attempt: 3, error: "ComfyUI ran out of GPU memory: lower the frame count." })]);
    renderApp("/jobs");
    await userEvent.click(await screen.findByRole("tab", { name: "Failed" }));
    expect(screen.getByTestId("job-error")).toHaveTextContent("ComfyUI ran out of GPU memory");
    expect(rowOf("f")).toHaveTextContent("Failed after 3 attempts");
    await userEvent.click(screen.getByTestId("retry-job"));
    expect(log.of("retry_job")).toEqual([{ id: "f" }]);
    // Retried, it leaves the failed list.
    expect(await screen.findByTestId("no-jobs")).toHaveTextContent("No job has failed.");
  });

  it("asks before stopping a running job, and cancels a queued one at once", async () => {
    const log = backend([job("r", "image", "running"), job("q", "image", "queued")]);
    renderApp("/jobs");
    await screen.findAllByTestId("job-row");
    await userEvent.click(within(rowOf("r")).getByTestId("cancel-job"));
    expect(log.of("cancel_job")).toEqual([]);
    expect(within(rowOf("r")).getByText("Stop this job?")).toBeInTheDocument();
    await userEvent.click(within(rowOf("r")).getByTestId("cancel-job-confirm"));
    expect(log.of("cancel_job")).toEqual([{ id: "r" }]);
    await userEvent.click(within(rowOf("q")).getByTestId("cancel-job"));
    expect(log.of("cancel_job")).toEqual([{ id: "r" }, { id: "q" }]);
  });

  it("follows job events: a new state, its progress and the service it waits for", async () => {
    backend([job("a", "image", "queued")]);
    renderApp("/jobs", <Live />);
    await screen.findByTestId("job-row");
    const waiting: RunnerChanged = { status: { runningHere: true, heldElsewhere: false, paused: false, running: 0, waitingFor: ["ComfyUI"] } };
    await act(async () => {
      await emit("runner-changed", waiting);
    });
    expect(await screen.findByTestId("waiting-banner")).toHaveTextContent("Waiting for ComfyUI");
    expect(within(rowOf("a")).getByTestId("job-state")).toHaveTextContent("Waiting for ComfyUI");

    const started: JobUpdated = { job: job("a", "image", "running"), error: null };
    const progressed: JobProgressed = { progress: { jobId: "a", kind: "image", projectId: "p", progress: 0.5, message: null, stepName: "render", currentStep: 2, totalSteps: 3 } };
    await act(async () => {
      await emit("job-updated", started);
      await emit("job-progressed", progressed);
    });
    await waitFor(() => {
      expect(within(rowOf("a")).getByRole("progressbar")).toHaveAttribute("aria-valuenow", "50");
    });
    expect(within(rowOf("a")).getByTestId("job-state")).toHaveTextContent("Running: render");
  });

  it("says when videogen worker runs the jobs", async () => {
    backend([]);
    renderApp("/jobs", <Live />);
    expect(await screen.findByTestId("no-jobs")).toBeInTheDocument();
    expect(screen.queryByTestId("worker-banner")).not.toBeInTheDocument();
    const held: RunnerChanged = { status: { runningHere: false, heldElsewhere: true, paused: false, running: 0, waitingFor: [] } };
    await act(async () => {
      await emit("runner-changed", held);
    });
    expect(await screen.findByTestId("worker-banner")).toHaveTextContent("Jobs are being run by videogen worker");
  });

  it("pauses and resumes the whole queue", async () => {
    const log = backend([]);
    renderApp("/jobs");
    const pause = await screen.findByRole("button", { name: "Pause queue" });
    await waitFor(() => { expect(pause).toBeEnabled(); });
    await userEvent.click(pause);
    expect(log.of("set_queue_paused")).toEqual([{ paused: true }]);
    expect(await screen.findByTestId("paused-banner")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Resume queue" }));
    expect(log.of("set_queue_paused")).toEqual([{ paused: true }, { paused: false }]);
  });
});

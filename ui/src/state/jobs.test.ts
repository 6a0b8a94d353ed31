import { describe, expect, it } from "vitest";
import type { RunnerStatus } from "../bindings";
import { job } from "../test/fixtures";
import { applyProgress, duration, filterJobs, inWords, remainingMs, stateText, upsertJob, waitingFor } from "./jobs";

const runner = (waiting: string[]): RunnerStatus => ({ runningHere: true, heldElsewhere: false, paused: false, running: 0, waitingFor: waiting });

describe("job logic", () => {
  it("says a queued job waits for its service only while that service is down", () => {
    const image = job("a", "image", "queued");
    expect(waitingFor(image, runner(["ComfyUI"]))).toBe("ComfyUI");
    expect(stateText(image, runner(["ComfyUI"]))).toBe("Waiting for ComfyUI");
    expect(waitingFor(image, runner(["the TTS server"]))).toBeNull();
    expect(stateText(image, runner([]))).toBe("Queued");
    // A running job is not waiting, whatever the runner says.
    expect(waitingFor(job("b", "image", "running"), runner(["ComfyUI"]))).toBeNull();
  });

  it("describes retries and failures in words", () => {
    expect(stateText(job("a", "image", "queued", { attempt: 1 }), null)).toBe("Queued to try again (attempt 2 of 3)");
    expect(stateText(job("a", "image", "failed", { attempt: 3 }), null)).toBe("Failed after 3 attempts");
    expect(stateText(job("a", "image", "running", { stepName: "render" }), null)).toBe("Running: render");
  });

  it("lists running jobs before queued ones and keeps failed ones to their own filter", () => {
    const jobs = [job("q", "image", "queued"), job("f", "video", "failed"), job("r", "image", "running"), job("d", "image", "succeeded")];
    expect(filterJobs(jobs, "active").map((j) => j.id)).toEqual(["r", "q"]);
    expect(filterJobs(jobs, "failed").map((j) => j.id)).toEqual(["f"]);
    expect(filterJobs(jobs, "all").map((j) => j.id)).toEqual(["r", "q", "f", "d"]);
  });

  it("replaces an updated job in place, adds a new one first and never lists diagnostics", () => {
    const jobs = [job("a", "image", "queued"), job("b", "image", "queued")];
    expect(upsertJob(jobs, job("b", "image", "running")).map((j) => j.state)).toEqual(["queued", "running"]);
    expect(upsertJob(jobs, job("c", "video", "queued")).map((j) => j.id)).toEqual(["c", "a", "b"]);
    expect(upsertJob(jobs, job("d", "diagnostic", "queued"))).toHaveLength(2);
  });

  it("applies progress to the job it names", () => {
    const jobs = [job("a", "image", "running")];
    const next = applyProgress(jobs, { jobId: "a", kind: "image", projectId: "p", progress: 0.4, message: null, stepName: "render", currentStep: 1, totalSteps: 2 });
    expect(next[0]?.progress).toBe(0.4);
    expect(next[0]?.stepName).toBe("render");
    expect(applyProgress(jobs, { jobId: "x", kind: "image", projectId: "p", progress: 1, message: null, stepName: null, currentStep: null, totalSteps: null })).toEqual(jobs);
  });

  it("guesses the time left from the time run and the progress made", () => {
    const running = job("a", "video", "running", { startedAt: 1_000, progress: 0.25 });
    expect(remainingMs(running, 61_000)).toBe(180_000);
    expect(remainingMs({ ...running, progress: 0.01 }, 61_000)).toBeNull();
    expect(remainingMs(job("b", "video", "queued"), 61_000)).toBeNull();
  });

  it("lists services in words", () => {
    expect(inWords(["ComfyUI"])).toBe("ComfyUI");
    expect(inWords(["ComfyUI", "Whisper", "the TTS server"])).toBe("ComfyUI, Whisper and the TTS server");
  });

  it("writes durations a person reads", () => {
    expect(duration(45_000)).toBe("45 s");
    expect(duration(12 * 60_000)).toBe("12 min");
    expect(duration(200 * 60_000)).toBe("3 h 20 min");
  });
});

import type { Job, JobKind, JobProgress, JobState, RunnerStatus } from "../bindings";

/** What each kind of job is called on screen. */
export const KIND_LABEL = {
  "script.outline": "Script outline",
  "script.short": "Script",
  "script.long": "Script (long)",
  "prompts.image": "Image prompts",
  "prompts.video": "Video prompts",
  "audio.sentence": "Narration",
  "audio.section": "Section narration",
  "audio.align": "Word timings",
  image: "Image",
  video: "Clip",
  "video.conform": "Conform",
  export: "Export",
  roughcut: "Rough cut",
  diagnostic: "Diagnostic",
} as const satisfies Record<JobKind, string>;

/**
 * The service a job's resource waits for, in the words the runner uses for it
 * (`RunnerStatus.waitingFor`). The runner reports services, not resources, so this list
 * pairs them; a resource not listed here simply never shows "waiting".
 */
const RESOURCE_SERVICE: Record<string, string> = {
  comfyui: "ComfyUI",
  "tts:chatterbox": "the TTS server",
  whisper: "Whisper",
};

/** The service a queued job is held back for, if its service is down. */
export function waitingFor(job: Job, runner: RunnerStatus | null | undefined): string | null {
  if (job.state !== "queued" || !runner || !job.resource) return null;
  const service = RESOURCE_SERVICE[job.resource];
  return service !== undefined && runner.waitingFor.includes(service) ? service : null;
}

/** A job's state as a short phrase. */
export function stateText(job: Job, runner: RunnerStatus | null | undefined): string {
  const waiting = waitingFor(job, runner);
  if (waiting) return `Waiting for ${waiting}`;
  switch (job.state) {
    case "queued":
      return job.attempt > 0 ? `Queued to try again (attempt ${job.attempt + 1} of ${job.maxAttempts})` : "Queued";
    case "running":
      return job.stepName ? `Running: ${job.stepName}` : "Running";
    case "succeeded":
      return "Done";
    case "failed":
      return job.attempt > 1 ? `Failed after ${job.attempt} attempts` : "Failed";
    case "cancelled":
      return "Cancelled";
  }
}

/** Which jobs the screen lists. */
export type JobFilterName = "active" | "failed" | "all";

const IN_FILTER: Record<JobFilterName, (state: JobState) => boolean> = {
  active: (s) => s === "queued" || s === "running",
  failed: (s) => s === "failed",
  all: () => true,
};

/** The jobs a filter shows: running first, then queued, each newest first as listed. */
export function filterJobs(jobs: readonly Job[], filter: JobFilterName): Job[] {
  const shown = jobs.filter((j) => IN_FILTER[filter](j.state));
  const rank = (j: Job) => (j.state === "running" ? 0 : j.state === "queued" ? 1 : 2);
  return shown.map((job, index) => ({ job, index })).sort((a, b) => rank(a.job) - rank(b.job) || a.index - b.index).map((e) => e.job);
}

/** The list with `job` replacing its old row, or first when new. Diagnostic jobs are never listed. */
export function upsertJob(jobs: readonly Job[], job: Job): Job[] {
  if (job.kind === "diagnostic") return [...jobs];
  const at = jobs.findIndex((j) => j.id === job.id);
  if (at === -1) return [job, ...jobs];
  const next = [...jobs];
  next[at] = job;
  return next;
}

/** The list with a running job's progress figure applied (unknown jobs are left alone). */
export function applyProgress(jobs: readonly Job[], progress: JobProgress): Job[] {
  const at = jobs.findIndex((j) => j.id === progress.jobId);
  if (at === -1) return [...jobs];
  const next = [...jobs];
  const old = jobs[at];
  if (old) next[at] = { ...old, progress: progress.progress, stepName: progress.stepName ?? old.stepName };
  return next;
}

/** A duration in words: "45 s", "12 min", "3 h 20 min". */
export function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  const rest = min % 60;
  return rest === 0 ? `${h} h` : `${h} h ${rest} min`;
}

/** "A", "A and B", "A, B and C". */
export function inWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1) ?? ""}`;
}

/**
 * Time left for a running job, from how long it has run and how far it got; `null` until
 * there is enough progress for the guess to mean anything.
 */
export function remainingMs(job: Job, now: number): number | null {
  if (job.state !== "running" || job.startedAt === null || job.progress < 0.05 || job.progress >= 1) return null;
  const elapsed = Math.max(0, now - job.startedAt);
  return (elapsed * (1 - job.progress)) / job.progress;
}

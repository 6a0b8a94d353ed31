import type { Generated, JobKind, PlanPreview, Stage } from "../bindings";
import { KIND_LABEL, duration } from "./jobs";

/** The stages a generate can cover, in pipeline order, with their names on screen. */
export const STAGES = [
  { stage: "script", label: "Script" },
  { stage: "prompts", label: "Prompts" },
  { stage: "audio", label: "Narration" },
  { stage: "align", label: "Word timings" },
  { stage: "images", label: "Images" },
  { stage: "videos", label: "Clips" },
] as const satisfies readonly { stage: Stage; label: string }[];

/** The stages ticked, in pipeline order; all of them means "everything" (`null` in the scope). */
export function stagesOf(ticked: ReadonlySet<Stage>): Stage[] | null {
  const list = STAGES.map((s) => s.stage).filter((s) => ticked.has(s));
  return list.length === STAGES.length ? null : list;
}

/** The plan in lines a person reads: what runs, how long on the GPU, what the LLM costs. */
export function planSummary(plan: PlanPreview): { lines: string[]; gpu: string; other: string; cost: string } {
  return {
    lines: plan.kinds.filter((k) => k.count > 0).map((k) => `${k.count} × ${KIND_LABEL[k.kind]}${k.ready < k.count ? ` (${k.ready} ready now)` : ""}`),
    gpu: plan.gpuMs > 0 ? duration(plan.gpuMs) : "none",
    other: plan.otherMs > 0 ? duration(plan.otherMs) : "none",
    cost: plan.llmTokens > 0 ? `$${plan.llmCostUsd.toFixed(plan.llmCostUsd < 0.1 ? 3 : 2)} (${plan.llmTokens.toLocaleString("en")} tokens)` : "none",
  };
}

function total(entries: readonly (readonly [JobKind, number])[]): number {
  return entries.reduce((n, [, count]) => n + count, 0);
}

/** What a generate did, as one sentence. */
export function generatedText(done: Generated): string {
  if (done.upToDate) return "Everything in scope is already up to date.";
  const now = total(done.queued);
  const later = total(done.waiting);
  const first = `${now} job${now === 1 ? "" : "s"} queued`;
  return later > 0 ? `${first}; ${later} more follow as the ones before them finish.` : `${first}.`;
}

import type { SectionTakeView } from "../../bindings";
import { takeTime } from "../storyboard/TakeList";
import { clock } from "./waveform";

/** One line about a section's take: when, which voice, how long. */
export function sectionTakeDetails(take: SectionTakeView, now: number = Date.now()): string {
  const parts = [takeTime(take.createdAt, now)];
  if (take.model) parts.push(take.model);
  if (take.durationMs !== null) parts.push(clock(take.durationMs));
  return parts.join(" · ");
}

/** What the toast says after a rollback: nothing was voiced or queued, and what happens next. */
export function rolledBackText(take: SectionTakeView, now: number = Date.now()): string {
  return `The narration from ${takeTime(take.createdAt, now)} is in use again. Nothing was queued: its sentences are cut from it the next time you generate.`;
}

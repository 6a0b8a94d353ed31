import type { Sentence, WordTiming } from "../../bindings";

/** One narration file in a karaoke run: a sentence's take and its word timings. */
export interface Segment {
  sentenceId: string;
  /** The narration file, relative to the data dir. */
  file: string;
  /** Where it starts in the run, ms. */
  startMs: number;
  /** Its length, ms. */
  durationMs: number;
  /** Word timings, ms from the start of the file; none when not aligned yet. */
  words: readonly WordTiming[];
  text: string;
}

/** What a karaoke run plays, in order: one sentence, or every voiced sentence of a section. */
export interface Timeline {
  segments: Segment[];
  durationMs: number;
}

/**
 * The run for these sentences: each sentence's own narration file (a section's one take
 * is cut into sentence files with timings relative to each cut, so one rule serves both
 * narration modes). Sentences without narration are left out.
 */
export function timelineOf(sentences: readonly Sentence[]): Timeline {
  const segments: Segment[] = [];
  let at = 0;
  for (const s of sentences) {
    const file = s.audio.file;
    const words = s.wordTimings ?? [];
    const durationMs = s.audioDurationMs ?? words.at(-1)?.endMs ?? 0;
    if (file === null || durationMs <= 0) continue;
    segments.push({ sentenceId: s.id, file, startMs: at, durationMs, words, text: s.text });
    at += durationMs;
  }
  return { segments, durationMs: at };
}

/** The segment playing at `ms` into the run (the last one after the end); -1 when empty. */
export function segmentAt(timeline: Timeline, ms: number): number {
  const { segments } = timeline;
  for (let i = segments.length - 1; i >= 0; i -= 1) {
    const segment = segments[i];
    if (segment && ms >= segment.startMs) return i;
  }
  return segments.length > 0 ? 0 : -1;
}

/**
 * The word to highlight `ms` into a file: the last one that has started (it stays lit
 * through the pause after it); -1 before the first word.
 */
export function wordAt(words: readonly WordTiming[], ms: number): number {
  let low = 0;
  let high = words.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const word = words[mid];
    if (word && word.startMs <= ms) {
      found = mid;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  return found;
}

/** Where a run is at `seconds`: the segment, the word in it, and whether the run is over. */
export interface Position {
  segment: number;
  word: number;
  ended: boolean;
}

export function positionAt(timeline: Timeline, seconds: number): Position {
  const ms = seconds * 1000;
  const segment = segmentAt(timeline, ms);
  const current = timeline.segments[segment];
  if (!current) return { segment: -1, word: -1, ended: true };
  return {
    segment,
    word: wordAt(current.words, ms - current.startMs),
    ended: ms >= timeline.durationMs,
  };
}

/** m:ss of a number of seconds. */
export function clockText(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, "0")}`;
}

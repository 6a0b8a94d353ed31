import type { Peaks, Section, SentenceSpan } from "../../bindings";

/** Buckets asked for: about one per pixel of the widest waveform the screen draws. */
export const BUCKETS = 1000;

/** The x position of `ms` on a waveform `width` pixels wide. */
export function xOfMs(ms: number, durationMs: number, width: number): number {
  if (durationMs <= 0) return 0;
  return Math.min(width, Math.max(0, (ms / durationMs) * width));
}

/** The time at `x` on a waveform `width` pixels wide. */
export function msOfX(x: number, width: number, durationMs: number): number {
  if (width <= 0) return 0;
  return Math.round(Math.min(1, Math.max(0, x / width)) * durationMs);
}

/** The sentence whose span holds `ms` (a boundary belongs to the sentence it starts). */
export function spanAt(spans: readonly SentenceSpan[], ms: number): SentenceSpan | null {
  const inside = spans.find((s) => ms >= s.startMs && ms < s.endMs);
  if (inside) return inside;
  // The very end of the last sentence still picks it.
  const last = spans.at(-1);
  return last && ms === last.endMs ? last : null;
}

/**
 * What changes a section's waveform: its take or any sentence's narration file. Used in
 * the query key, so a new narration redraws it and an edit that changes no audio does not.
 */
export function audioSignature(section: Section): string {
  return [section.narration.file ?? "", ...section.sentences.map((s) => s.audio.file ?? "")].join("|");
}

/** The drawing surface the waveform needs (a canvas 2D context, or a test double). */
export type Pen = {
  fillStyle: string | CanvasGradient | CanvasPattern;
  clearRect: (x: number, y: number, w: number, h: number) => void;
  fillRect: (x: number, y: number, w: number, h: number) => void;
};

export type WaveColours = { wave: string; played: string; boundary: string; selected: string };

/**
 * Draws min/max bars (one per bucket, scaled to the width and to the loudest peak), a tint under the selected
 * sentence, and a one-pixel line at every sentence boundary.
 */
export function drawWaveform(
  pen: Pen,
  peaks: Peaks,
  spans: readonly SentenceSpan[],
  size: { width: number; height: number },
  colours: WaveColours,
  state: { selected?: string | null; playheadMs?: number | null } = {},
): void {
  const { width, height } = size;
  pen.clearRect(0, 0, width, height);
  const selected = spans.find((s) => s.sentenceId === state.selected);
  if (selected) {
    const x0 = xOfMs(selected.startMs, peaks.durationMs, width);
    pen.fillStyle = colours.selected;
    pen.fillRect(x0, 0, Math.max(1, xOfMs(selected.endMs, peaks.durationMs, width) - x0), height);
  }
  const n = peaks.max.length;
  const mid = height / 2;
  // Scaled to the loudest peak, so quiet narration still shows its shape (at most ×20,
  // so near-silence stays flat).
  const loudest = Math.max(...peaks.max.map(Math.abs), ...peaks.min.map(Math.abs), 0);
  const gain = loudest > 0 ? Math.min(1 / loudest, 20) : 1;
  const playedX = state.playheadMs == null ? -1 : xOfMs(state.playheadMs, peaks.durationMs, width);
  for (let i = 0; i < n; i++) {
    const x = (i / n) * width;
    const w = Math.max(1, width / n - (width / n > 2 ? 1 : 0));
    const top = mid - (peaks.max[i] ?? 0) * gain * mid;
    const bottom = mid - (peaks.min[i] ?? 0) * gain * mid;
    pen.fillStyle = x < playedX ? colours.played : colours.wave;
    pen.fillRect(x, top, w, Math.max(1, bottom - top));
  }
  pen.fillStyle = colours.boundary;
  for (const s of spans) {
    if (s.startMs > 0) pen.fillRect(Math.round(xOfMs(s.startMs, peaks.durationMs, width)), 0, 1, height);
  }
  if (playedX >= 0) {
    pen.fillStyle = colours.played;
    pen.fillRect(Math.round(playedX), 0, 2, height);
  }
}

/** A duration as m:ss. */
export function clock(ms: number): string {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

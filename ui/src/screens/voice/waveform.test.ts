import { describe, expect, it } from "vitest";
import type { Peaks, SentenceSpan } from "../../bindings";
import { clock, drawWaveform, msOfX, spanAt, xOfMs, type Pen } from "./waveform";

const spans: SentenceSpan[] = [
  { sentenceId: "a", order: 0, startMs: 0, endMs: 400, file: null },
  { sentenceId: "b", order: 1, startMs: 400, endMs: 1000, file: null },
];

/** Records every rectangle drawn, with the colour it was drawn in. */
class RecordingPen implements Pen {
  fillStyle: Pen["fillStyle"] = "";
  readonly rects: { x: number; y: number; w: number; h: number; colour: string }[] = [];
  cleared = 0;
  clearRect(): void {
    this.cleared++;
  }
  fillRect(x: number, y: number, w: number, h: number): void {
    this.rects.push({ x, y, w, h, colour: typeof this.fillStyle === "string" ? this.fillStyle : "pattern" });
  }
}

const COLOURS = { wave: "wave", played: "played", boundary: "boundary", selected: "selected" };

describe("waveform geometry", () => {
  it("maps time to x and back within the bounds", () => {
    expect(xOfMs(500, 1000, 200)).toBe(100);
    expect(xOfMs(2000, 1000, 200)).toBe(200);
    expect(xOfMs(10, 0, 200)).toBe(0);
    expect(msOfX(50, 200, 1000)).toBe(250);
    expect(msOfX(-5, 200, 1000)).toBe(0);
  });

  it("finds the sentence under a time; a boundary starts the next one", () => {
    expect(spanAt(spans, 0)?.sentenceId).toBe("a");
    expect(spanAt(spans, 399)?.sentenceId).toBe("a");
    expect(spanAt(spans, 400)?.sentenceId).toBe("b");
    expect(spanAt(spans, 1000)?.sentenceId).toBe("b");
    expect(spanAt(spans, 1001)).toBeNull();
    expect(spanAt([], 5)).toBeNull();
  });

  it("formats durations as m:ss", () => {
    expect(clock(0)).toBe("0:00");
    expect(clock(61_400)).toBe("1:01");
  });
});

describe("drawing", () => {
  const peaks: Peaks = { durationMs: 1000, min: [-0.5, -1, 0, 0], max: [0.5, 1, 0, 0] };

  it("draws one bar per bucket scaled to the height, and a line at each inner boundary", () => {
    const pen = new RecordingPen();
    drawWaveform(pen, peaks, spans, { width: 100, height: 40 }, COLOURS);
    expect(pen.cleared).toBe(1);
    const bars = pen.rects.filter((r) => r.colour === "wave");
    expect(bars).toHaveLength(4);
    // Bucket 0 spans ±0.5 of the half height (20 px): from y=10, 20 px tall.
    expect(bars[0]).toMatchObject({ x: 0, y: 10, h: 20 });
    expect(bars[1]).toMatchObject({ x: 25, y: 0, h: 40 });
    // Silence is still a visible hairline.
    expect(bars[2]?.h).toBe(1);
    const lines = pen.rects.filter((r) => r.colour === "boundary");
    expect(lines).toEqual([{ x: 40, y: 0, w: 1, h: 40, colour: "boundary" }]);
  });

  it("tints the selected sentence and colours what has played", () => {
    const pen = new RecordingPen();
    drawWaveform(pen, peaks, spans, { width: 100, height: 40 }, COLOURS, { selected: "b", playheadMs: 500 });
    expect(pen.rects[0]).toEqual({ x: 40, y: 0, w: 60, h: 40, colour: "selected" });
    const played = pen.rects.filter((r) => r.colour === "played");
    // Buckets 0 and 1 lie before the playhead at x=50, and the playhead itself.
    expect(played.map((r) => r.x)).toEqual([0, 25, 50]);
  });

  it("scales quiet narration up to the loudest peak", () => {
    const pen = new RecordingPen();
    const quiet: Peaks = { durationMs: 1000, min: [-0.05, -0.1], max: [0.05, 0.1] };
    drawWaveform(pen, quiet, [], { width: 100, height: 40 }, COLOURS);
    const bars = pen.rects.filter((r) => r.colour === "wave");
    expect(bars[1]).toMatchObject({ y: 0, h: 40 });
    expect(bars[0]).toMatchObject({ y: 10, h: 20 });
  });
});

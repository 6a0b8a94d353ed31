import { describe, expect, it, vi } from "vitest";
import { KaraokeRun } from "./playback";
import { testClockOutput, type TestClockHost } from "./testClockOutput";
import type { Timeline } from "./karaoke";

const timeline: Timeline = {
  segments: [
    { sentenceId: "a", file: "audio/a.wav", startMs: 0, durationMs: 1500, words: [], text: "A." },
    { sentenceId: "b", file: "audio/b.wav", startMs: 1500, durationMs: 800, words: [], text: "B." },
  ],
  durationMs: 2300,
};

describe("the e2e test clock output", () => {
  it("starts each file at 0 and then follows the clock the test sets", () => {
    const host: TestClockHost = { __videogenTestClock: 7 };
    const output = testClockOutput(host)("/data", () => {});
    output.start("audio/a.wav", () => {});
    expect(host.__videogenTestClock).toBe(0);
    expect(output.time()).toBe(0);
    host.__videogenTestClock = 0.75;
    expect(output.time()).toBe(0.75);
    // Nonsense from the test reads as the start, never as NaN.
    host.__videogenTestClock = Number.NaN;
    expect(output.time()).toBe(0);
  });

  it("says what plays, and a file ends only when the test ends it", () => {
    const host: TestClockHost = {};
    const run = new KaraokeRun(timeline, testClockOutput(host)("/data", () => {}), vi.fn());
    run.start();
    const audio = host.__videogenTestAudio;
    expect(audio).toMatchObject({ file: "audio/a.wav", starts: 1, playing: true });
    host.__videogenTestClock = 1.2;
    expect(run.clock()).toBeCloseTo(1.2);
    run.pause();
    expect(audio?.playing).toBe(false);
    run.resume();
    expect(audio?.playing).toBe(true);
    // Past the file's length the run holds at its end until the file ends.
    host.__videogenTestClock = 9;
    expect(run.clock()).toBeCloseTo(1.5);
    expect(host.__videogenTestAudio?.file).toBe("audio/a.wav");
    audio?.end();
    expect(host.__videogenTestAudio).toMatchObject({ file: "audio/b.wav", starts: 2, playing: true });
    expect(run.clock()).toBeCloseTo(1.5);
  });

  it("lets go of the file when stopped, and a stopped file cannot end the run", () => {
    const host: TestClockHost = {};
    const finished = vi.fn();
    const run = new KaraokeRun(timeline, testClockOutput(host)("/data", () => {}), finished);
    run.start();
    const audio = host.__videogenTestAudio;
    run.stop();
    expect(audio).toMatchObject({ file: null, playing: false });
    audio?.end();
    expect(finished).not.toHaveBeenCalled();
    expect(audio?.starts).toBe(1);
  });
});

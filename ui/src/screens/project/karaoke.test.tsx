import { describe, expect, it, vi } from "vitest";
import { act, render, screen } from "@testing-library/react";
import { QueryClientProvider } from "@tanstack/react-query";
import { mockIPC } from "@tauri-apps/api/mocks";
import { makeQueryClient } from "../../App";
import type { Sentence } from "../../bindings";
import { sentence } from "../../test/fixtures";
import { positionAt, timelineOf, wordAt } from "./karaoke";
import { KaraokeBar } from "./KaraokeBar";
import { AudioOutputContext, type AudioOutput } from "./playback";

function voiced(id: string, words: [string, number, number][], durationMs: number): Sentence {
  return {
    ...sentence(id, "sec", words.map(([w]) => w).join(" "), 0),
    audio: { file: `audio/${id}.wav`, dirty: false, rev: 1, fileRev: 1 },
    audioDurationMs: durationMs,
    wordTimings: words.map(([word, startMs, endMs]) => ({ word, startMs, endMs })),
  };
}

/** Xvfb has no audio device: the test's output plays nothing and its time is a clock the test sets. */
class TestOutput implements AudioOutput {
  seconds = 0;
  started: string[] = [];
  paused = false;
  private ended: (() => void) | null = null;
  start(file: string, onEnded: () => void): void {
    this.started.push(file);
    this.seconds = 0;
    this.ended = onEnded;
  }
  pause(): void {
    this.paused = true;
  }
  resume(): void {
    this.paused = false;
  }
  time(): number {
    return this.seconds;
  }
  stop(): void {
    this.ended = null;
  }
  /** The file played to its end. */
  end(): void {
    this.ended?.();
  }
}

describe("karaoke timing", () => {
  const words: [string, number, number][] = [
    ["The", 0, 200],
    ["light", 250, 600],
    ["turned.", 900, 1400],
  ];

  it("lights the last word that has started, and holds it through the pause after it", () => {
    const timings = voiced("a", words, 1500).wordTimings ?? [];
    expect(wordAt(timings, -1)).toBe(-1);
    expect(wordAt(timings, 0)).toBe(0);
    expect(wordAt(timings, 240)).toBe(0);
    expect(wordAt(timings, 700)).toBe(1);
    expect(wordAt(timings, 5000)).toBe(2);
  });

  it("chains a section's sentences and leaves out those without narration", () => {
    const silent = sentence("b", "sec", "Not voiced yet.", 1);
    const timeline = timelineOf([voiced("a", words, 1500), { ...silent, audio: { file: null, dirty: true, rev: 1, fileRev: null } }, voiced("c", [["Again.", 100, 700]], 800)]);
    expect(timeline.segments.map((s) => [s.sentenceId, s.startMs])).toEqual([
      ["a", 0],
      ["c", 1500],
    ]);
    expect(timeline.durationMs).toBe(2300);
    expect(positionAt(timeline, 1.65)).toEqual({ segment: 1, word: 0, ended: false });
    expect(positionAt(timeline, 2.3).ended).toBe(true);
  });
});

describe("the karaoke bar", () => {
  it("follows the clock word by word and goes on to the next sentence's file", async () => {
    vi.useFakeTimers();
    try {
      mockIPC((cmd) => (cmd === "data_dir" ? "/data" : null));
      const output = new TestOutput();
      const timeline = timelineOf([
        voiced("a", [["Ships", 0, 300], ["saw", 400, 700], ["it.", 800, 1000]], 1100),
        voiced("b", [["Far", 0, 400], ["away.", 500, 900]], 1000),
      ]);
      const heard: (string | null)[] = [];
      render(
        <QueryClientProvider client={makeQueryClient()}>
          <AudioOutputContext.Provider value={() => output}>
            <KaraokeBar timeline={timeline} title="§1 Light" onSentence={(id) => heard.push(id)} onClose={() => undefined} />
          </AudioOutputContext.Provider>
        </QueryClientProvider>,
      );
      await act(async () => {
        await vi.advanceTimersByTimeAsync(0);
      });
      expect(output.started).toEqual(["audio/a.wav"]);
      const lit = () => screen.getAllByTestId("karaoke-word").find((w) => w.getAttribute("aria-current") === "true")?.textContent ?? null;

      // Before the first word starts nothing is lit.
      output.seconds = -0.1;
      act(() => {
        vi.advanceTimersToNextFrame();
      });
      expect(lit()).toBeNull();

      output.seconds = 0.45;
      act(() => {
        vi.advanceTimersToNextFrame();
      });
      expect(lit()).toBe("saw");

      output.seconds = 0.9;
      act(() => {
        vi.advanceTimersToNextFrame();
      });
      expect(lit()).toBe("it.");
      expect(heard.at(-1)).toBe("a");

      // The first file ends: the second one starts and its words light from its own start.
      act(() => {
        output.end();
      });
      expect(output.started).toEqual(["audio/a.wav", "audio/b.wav"]);
      output.seconds = 0.6;
      act(() => {
        vi.advanceTimersToNextFrame();
      });
      expect(lit()).toBe("away.");
      expect(heard.at(-1)).toBe("b");
      expect(screen.getByTestId("karaoke-time")).toHaveTextContent("0:01 / 0:02");
    } finally {
      vi.useRealTimers();
    }
  });

  it("says why the narration did not play when the output refuses it", async () => {
    mockIPC((cmd) => (cmd === "data_dir" ? "/data" : null));
    const timeline = timelineOf([voiced("a", [["Ships", 0, 300]], 500)]);
    render(
      <QueryClientProvider client={makeQueryClient()}>
        <AudioOutputContext.Provider
          value={(_dir, onFailure) => {
            const output = new TestOutput();
            output.start = () => {
              onFailure("no audio device");
            };
            return output;
          }}
        >
          <KaraokeBar timeline={timeline} title="Sentence 1" onSentence={() => undefined} onClose={() => undefined} />
        </AudioOutputContext.Provider>
      </QueryClientProvider>,
    );
    expect(await screen.findByTestId("karaoke-failure")).toHaveTextContent("The narration did not play (no audio device)");
    expect(screen.getByTestId("karaoke-toggle")).toHaveTextContent("Play");
  });
});

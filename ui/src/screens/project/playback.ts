import { createContext } from "react";
import { convertFileSrc } from "@tauri-apps/api/core";
import type { Timeline } from "./karaoke";

/**
 * Sound out. The window plays narration files through Tauri's asset protocol; tests (and
 * Xvfb, which has no audio device) give their own, whose `time()` is a test clock.
 */
export interface AudioOutput {
  /** Plays `file` (relative to the data dir) from its start; `onEnded` when it finishes. */
  start(file: string, onEnded: () => void): void;
  pause(): void;
  resume(): void;
  /** Seconds into the file being played: the clock the highlight follows. */
  time(): number;
  /** Stops and lets go of the file. */
  stop(): void;
}

/** Makes the output for a data dir; `onFailure` hears, in words, why a file did not play. */
export type AudioOutputFactory = (dataDir: string, onFailure: (message: string) => void) => AudioOutput;

/** One `<audio>` element over the asset protocol (the data dir is in its scope). */
export function htmlAudioOutput(dataDir: string, onFailure: (message: string) => void): AudioOutput {
  const audio = new Audio();
  audio.preload = "auto";
  let ended: (() => void) | null = null;
  audio.addEventListener("ended", () => {
    ended?.();
  });
  const play = () => {
    // A refused play (no audio device, a missing file) leaves the clock at 0: say why.
    audio.play().catch((error: unknown) => {
      console.warn("narration did not play", error);
      onFailure((error instanceof Error ? error.message : String(error)).replace(/\.$/, ""));
    });
  };
  return {
    start(file, onEnded) {
      ended = onEnded;
      audio.src = convertFileSrc(`${dataDir.replace(/[\\/]+$/, "")}/${file}`);
      audio.currentTime = 0;
      play();
    },
    pause() {
      audio.pause();
    },
    resume() {
      play();
    },
    time() {
      return audio.currentTime;
    },
    stop() {
      ended = null;
      audio.pause();
      audio.removeAttribute("src");
      audio.load();
    },
  };
}

/** The output the script editor plays through; tests provide a fake. */
export const AudioOutputContext = createContext<AudioOutputFactory>(htmlAudioOutput);

/**
 * A karaoke run over a timeline: plays its files one after another and answers, at any
 * moment, how many seconds into the whole run it is.
 */
export class KaraokeRun {
  private index = 0;
  private finished = false;

  constructor(
    private readonly timeline: Timeline,
    private readonly output: AudioOutput,
    private readonly onFinished: () => void,
  ) {}

  /** Starts from the first segment. */
  start(): void {
    this.index = 0;
    this.finished = false;
    this.playCurrent();
  }

  pause(): void {
    this.output.pause();
  }

  resume(): void {
    if (!this.finished) this.output.resume();
  }

  stop(): void {
    this.finished = true;
    this.output.stop();
  }

  /** Seconds into the run. */
  clock = (): number => {
    if (this.finished) return this.timeline.durationMs / 1000;
    const segment = this.timeline.segments[this.index];
    return segment ? segment.startMs / 1000 + Math.min(this.output.time(), segment.durationMs / 1000) : 0;
  };

  private playCurrent(): void {
    const segment = this.timeline.segments[this.index];
    if (!segment) {
      this.finished = true;
      this.output.stop();
      this.onFinished();
      return;
    }
    this.output.start(segment.file, () => {
      this.index += 1;
      this.playCurrent();
    });
  }
}

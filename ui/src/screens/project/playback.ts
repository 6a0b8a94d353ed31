import { createContext } from "react";
import { convertFileSrc } from "@tauri-apps/api/core";
import { playableUrl, releasePlayable } from "../../ipc/playable";
import type { Timeline } from "./karaoke";

/**
 * Sound out. The window plays narration files of the data dir; tests give their own, whose
 * `time()` is a clock the test sets (the desktop e2e build's is testClockOutput.ts).
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

/**
 * One `<audio>` element playing files of the data dir, fetched over the asset protocol (the
 * data dir is in its scope) and played from a `blob:` URL: WebKitGTK cannot play the asset
 * URL itself (ipc/playable.ts). `load` is the fetch, replaceable in tests.
 */
export function htmlAudioOutput(dataDir: string, onFailure: (message: string) => void, load: (url: string) => Promise<string> = playableUrl): AudioOutput {
  const audio = new Audio();
  audio.preload = "auto";
  let ended: (() => void) | null = null;
  // Which start() a finished fetch belongs to: a later start or a stop makes it stale.
  let current = 0;
  let source: string | null = null;
  // Paused before the file arrived: it is loaded but not played.
  let wanted = false;
  audio.addEventListener("ended", () => {
    ended?.();
  });
  const say = (error: unknown) => {
    onFailure((error instanceof Error ? error.message : String(error)).replace(/\.$/, ""));
  };
  const play = () => {
    if (source === null) return;
    // A refused play (no audio device, an unreadable file) leaves the clock at 0: say why.
    audio.play().catch((error: unknown) => {
      console.warn("narration did not play", error);
      say(error);
    });
  };
  const release = () => {
    audio.pause();
    audio.removeAttribute("src");
    audio.load();
    if (source !== null) releasePlayable(source);
    source = null;
  };
  return {
    start(file, onEnded) {
      ended = onEnded;
      wanted = true;
      const mine = ++current;
      release();
      load(convertFileSrc(`${dataDir.replace(/[\\/]+$/, "")}/${file}`)).then(
        (src) => {
          if (mine !== current) {
            releasePlayable(src);
            return;
          }
          source = src;
          audio.src = src;
          audio.currentTime = 0;
          if (wanted) play();
        },
        (error: unknown) => {
          if (mine === current) say(error);
        },
      );
    },
    pause() {
      wanted = false;
      audio.pause();
    },
    resume() {
      wanted = true;
      play();
    },
    time() {
      return audio.currentTime;
    },
    stop() {
      ended = null;
      wanted = false;
      current += 1;
      release();
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

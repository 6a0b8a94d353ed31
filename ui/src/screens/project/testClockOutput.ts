import type { AudioOutput, AudioOutputFactory } from "./playback";

/** What the e2e test sees of the narration the window is "playing", and how it steers it. */
export interface TestAudio {
  /** The file being played (relative to the data dir); null when nothing is. */
  file: string | null;
  /** How many files were started so far. */
  starts: number;
  playing: boolean;
  /** Ends the file being played, as the `ended` event of a real player does. */
  end(): void;
}

declare global {
  interface Window {
    /**
     * Test hooks of the desktop end-to-end test, present only in a UI built with
     * `vite build --mode e2e` (App.tsx provides this output only then). Xvfb has no audio
     * device: the test sets `__videogenTestClock` (seconds into the file being played) and
     * the karaoke highlight follows it; `__videogenTestAudio` says what is playing.
     */
    __videogenTestClock?: number;
    __videogenTestAudio?: TestAudio;
  }
}

/** Where the hooks live: the window in the e2e build, a plain object in unit tests. */
export type TestClockHost = Pick<Window, "__videogenTestClock" | "__videogenTestAudio">;

/**
 * An output that plays nothing: its time is the clock the test sets on `host`, reset to 0
 * when a file starts, and a file ends when the test says so. Nothing else changes.
 */
export function testClockOutput(host: TestClockHost = window): AudioOutputFactory {
  return () => {
    let ended: (() => void) | null = null;
    const audio: TestAudio = {
      file: null,
      starts: 0,
      playing: false,
      end() {
        const done = ended;
        ended = null;
        audio.playing = false;
        audio.file = null;
        done?.();
      },
    };
    const output: AudioOutput = {
      start(file, onEnded) {
        ended = onEnded;
        audio.file = file;
        audio.starts += 1;
        audio.playing = true;
        host.__videogenTestClock = 0;
        host.__videogenTestAudio = audio;
      },
      pause() {
        audio.playing = false;
      },
      resume() {
        if (audio.file !== null) audio.playing = true;
      },
      time() {
        const seconds = host.__videogenTestClock ?? 0;
        return Number.isFinite(seconds) && seconds > 0 ? seconds : 0;
      },
      stop() {
        ended = null;
        audio.file = null;
        audio.playing = false;
      },
    };
    return output;
  };
}

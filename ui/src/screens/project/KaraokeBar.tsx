import { useContext, useEffect, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { commands, type WordTiming } from "../../bindings";
import { Button } from "../../components/Button";
import { keys } from "../../state/queryKeys";
import { clockText, positionAt, type Position, type Timeline } from "./karaoke";
import { AudioOutputContext, KaraokeRun } from "./playback";

function samePosition(a: Position & { second: number }, b: Position & { second: number }): boolean {
  return a.segment === b.segment && a.word === b.word && a.ended === b.ended && a.second === b.second;
}

/**
 * Where `clock` (seconds into the run) is, read every animation frame while `running`;
 * the state changes only when the word, the segment or the whole second does.
 */
export function useClockPosition(timeline: Timeline, clock: (() => number) | null, running: boolean): Position & { second: number } {
  const [position, setPosition] = useState<Position & { second: number }>({ segment: 0, word: -1, ended: false, second: 0 });
  useEffect(() => {
    if (!clock) return;
    let frame = 0;
    const tick = () => {
      const seconds = clock();
      const next = { ...positionAt(timeline, seconds), second: Math.floor(seconds) };
      setPosition((previous) => (samePosition(previous, next) ? previous : next));
      if (running && !next.ended) frame = requestAnimationFrame(tick);
    };
    tick();
    return () => {
      cancelAnimationFrame(frame);
    };
  }, [timeline, clock, running]);
  return position;
}

/** Words lit up to the one being spoken; the spoken one is marked `aria-current`. */
export function KaraokeWords({ words, active, text }: { words: readonly WordTiming[]; active: number; text: string }) {
  if (words.length === 0) {
    return (
      <p className="text-lg leading-relaxed text-slate-200" data-testid="karaoke-text">
        {text} <span className="text-xs text-slate-500">(no word timings yet: the word timings stage makes them)</span>
      </p>
    );
  }
  return (
    <p className="text-lg leading-relaxed" data-testid="karaoke-text">
      {words.map((word, index) => (
        <span
          key={`${index}-${word.startMs}`}
          data-testid="karaoke-word"
          data-state={index === active ? "current" : index < active ? "spoken" : "unspoken"}
          aria-current={index === active ? "true" : undefined}
          className={`rounded px-0.5 transition-colors duration-75 ${index === active ? "bg-accent-500 text-white" : index < active ? "text-slate-100" : "text-slate-500"}`}
        >
          {word.word}
        </span>
      )).flatMap((span, index) => (index === 0 ? [span] : [" ", span]))}
    </p>
  );
}

/**
 * The karaoke player docked under the script: plays a sentence's or a section's narration
 * and lights each word at its time. `onSentence` hears which sentence is playing.
 */
export function KaraokeBar({ timeline, title, onSentence, onClose }: { timeline: Timeline; title: string; onSentence: (id: string | null) => void; onClose: () => void }) {
  const makeOutput = useContext(AudioOutputContext);
  const { data: dataDir } = useQuery({ queryKey: keys.dataDir, queryFn: () => commands.dataDir() });
  const [run, setRun] = useState<KaraokeRun | null>(null);
  const [playing, setPlaying] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    if (dataDir === undefined) return;
    const output = makeOutput(dataDir, (message) => {
      setFailure(message);
      setPlaying(false);
    });
    const started = new KaraokeRun(timeline, output, () => {
      setPlaying(false);
    });
    setRun(started);
    setFailure(null);
    setPlaying(true);
    started.start();
    return () => {
      started.stop();
    };
  }, [dataDir, makeOutput, timeline]);

  const position = useClockPosition(timeline, run?.clock ?? null, playing);
  const segment = timeline.segments[position.segment];
  const sentenceId = segment?.sentenceId ?? null;
  useEffect(() => {
    onSentence(sentenceId);
  }, [sentenceId, onSentence]);
  useEffect(
    () => () => {
      onSentence(null);
    },
    [onSentence],
  );

  const total = timeline.durationMs / 1000;
  const toggle = () => {
    if (!run) return;
    if (playing) {
      run.pause();
      setPlaying(false);
    } else if (position.ended) {
      setFailure(null);
      run.start();
      setPlaying(true);
    } else {
      setFailure(null);
      run.resume();
      setPlaying(true);
    }
  };
  return (
    <div className="border-t border-ink-700 bg-ink-900 px-6 py-3 shadow-[0_-8px_24px_rgba(0,0,0,0.35)]" data-testid="karaoke-bar" role="region" aria-label="Karaoke player">
      <div className="flex items-center gap-3">
        <Button variant="primary" className="w-24" onClick={toggle} data-testid="karaoke-toggle" disabled={!run}>
          {!run ? "Loading…" : playing ? "Pause" : position.ended ? "Play again" : "Play"}
        </Button>
        <p className="min-w-0 flex-1 truncate text-sm font-medium text-slate-200">
          {title}
          {timeline.segments.length > 1 && segment && <span className="ml-2 text-xs text-slate-500">sentence {position.segment + 1} of {timeline.segments.length}</span>}
        </p>
        <span className="text-xs text-slate-400 tabular-nums" data-testid="karaoke-time">
          {clockText(Math.min(position.second, total))} / {clockText(total)}
        </span>
        <Button variant="ghost" onClick={onClose} data-testid="karaoke-close" aria-label="Close the player">
          Close
        </Button>
      </div>
      <div className="mt-2 h-1 overflow-hidden rounded-full bg-ink-700">
        <div className="h-full bg-accent-400" style={{ width: `${total > 0 ? Math.min(100, (position.second / total) * 100) : 0}%` }} />
      </div>
      {failure !== null && (
        <p className="mt-2 text-xs text-rose-300" role="alert" data-testid="karaoke-failure">
          The narration did not play ({failure}). Check that a sound output is connected, then press Play.
        </p>
      )}
      <div className="mt-3 max-h-28 overflow-y-auto">
        {segment && <KaraokeWords words={segment.words} active={position.word} text={segment.text} />}
      </div>
    </div>
  );
}

import { useEffect, useRef, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { convertFileSrc } from "@tauri-apps/api/core";
import { commands, type Section, type SentenceSpan } from "../../bindings";
import { toAppError } from "../../ipc/errors";
import { playableUrl, releasePlayable } from "../../ipc/playable";
import { SectionTakes } from "./SectionTakes";
import { countOf } from "../../state/words";
import { audioSignature, BUCKETS, clock, drawWaveform, msOfX, spanAt } from "./waveform";

const COLOURS = { wave: "#64748b", played: "#a78bfa", boundary: "#fbbf24", selected: "rgba(167,139,250,0.18)" };
const HEIGHT = 72;

/** What the shared narration element holds: the asset URL, the blob it plays, who loaded it. */
interface Held {
  url: string;
  src: string;
  owner: object;
}
// Per element (one is shared by every section of the screen): the latest load, so a click
// made while an earlier file was still being fetched wins; and the blob it plays.
const latest = new WeakMap<HTMLAudioElement, number>();
const held = new WeakMap<HTMLAudioElement, Held>();

/**
 * Puts the file at asset URL `url` into `audio`, fetched and played from a `blob:` URL because
 * WebKitGTK cannot play the asset URL itself (ipc/playable.ts). Another sentence of the take
 * already held is not fetched again. False when a later load overtook this one.
 */
export async function loadNarration(audio: HTMLAudioElement, url: string, owner: object, load: (url: string) => Promise<string> = playableUrl): Promise<boolean> {
  const mine = (latest.get(audio) ?? 0) + 1;
  latest.set(audio, mine);
  if (held.get(audio)?.url === url) return true;
  // When the fetch fails the element gets the URL itself, and its own error shows.
  const src = await load(url).catch(() => url);
  if (latest.get(audio) !== mine) {
    releasePlayable(src);
    return false;
  }
  const before = held.get(audio);
  if (before) releasePlayable(before.src);
  held.set(audio, { url, src, owner });
  audio.src = src;
  return true;
}

/** Lets go of the blob `owner` put into `audio`, if it is still there. */
export function releaseNarration(audio: HTMLAudioElement, owner: object): void {
  const mine = held.get(audio);
  if (mine?.owner !== owner) return;
  audio.pause();
  audio.removeAttribute("src");
  releasePlayable(mine.src);
  held.delete(audio);
}

/** One section's narration: its waveform, the sentence boundaries on it, click to play one. */
export function SectionWave({ section, audio }: { section: Section; audio: HTMLAudioElement | null }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [selected, setSelected] = useState<SentenceSpan | null>(null);
  const [playhead, setPlayhead] = useState<number | null>(null);
  // This section, as the owner of what it loads into the shared element.
  const [self] = useState(() => ({}));
  useEffect(() => () => { if (audio) releaseNarration(audio, self); }, [audio, self]);
  const wave = useQuery({
    queryKey: ["waveform", section.id, audioSignature(section)],
    queryFn: () => commands.sectionWaveform(section.id, BUCKETS),
  });
  const data = wave.data;
  useEffect(() => {
    const el = canvas.current;
    const pen = el?.getContext("2d");
    if (!el || !pen || !data) return;
    drawWaveform(pen, data.peaks, data.sentences, { width: el.width, height: el.height }, COLOURS, {
      selected: selected?.sentenceId ?? null,
      playheadMs: playhead,
    });
  }, [data, selected, playhead]);

  const play = (span: SentenceSpan) => {
    if (!audio || !data) return;
    setSelected(span);
    const file = data.file ?? span.file;
    if (!file) return;
    const offset = data.file ? span.startMs : 0;
    audio.pause();
    void loadNarration(audio, convertFileSrc(file), self).then((current) => {
      if (!current) return;
      audio.currentTime = offset / 1000;
      audio.ontimeupdate = () => {
        const at = audio.currentTime * 1000;
        setPlayhead(data.file ? at : span.startMs + at);
        if (data.file && at >= span.endMs) audio.pause();
      };
      audio.onended = () => { setPlayhead(null); };
      // Some engines (and jsdom) return no promise from play().
      Promise.resolve(audio.play()).catch(() => { setPlayhead(null); });
    });
  };

  const sentenceText = (id: string) => section.sentences.find((s) => s.id === id)?.text ?? "";
  return (
    <section className="rounded-xl border border-ink-700 bg-ink-900 p-4" data-testid="section-wave">
      <div className="flex items-baseline justify-between gap-4">
        <h3 className="truncate text-sm font-semibold text-slate-200">{section.title || `Section ${section.order + 1}`}</h3>
        <span className="shrink-0 text-xs text-slate-500">
          {data?.source === "section" && "One take"}
          {data?.source === "sentences" && `${data.sentences.length} of ${countOf(section.sentences.length, "sentence")} voiced`}
          {data && data.source !== "none" && ` · ${clock(data.peaks.durationMs)}`}
          {section.narration.dirty && section.narration.file && " · out of date"}
        </span>
      </div>
      {wave.error && <p className="mt-2 text-sm text-rose-300">{toAppError(wave.error).message}</p>}
      {data?.source === "none" && <p className="mt-2 text-sm text-slate-500">No narration yet: generate the narration of this section to see and hear it here.</p>}
      {data && data.source !== "none" && (
        <>
          <canvas
            ref={canvas}
            width={BUCKETS}
            height={HEIGHT}
            className="mt-2 h-[72px] w-full cursor-pointer rounded bg-ink-950"
            aria-label={`Waveform of ${section.title}: click a sentence to hear it`}
            data-testid="waveform-canvas"
            onClick={(e) => {
              const rect = e.currentTarget.getBoundingClientRect();
              const span = spanAt(data.sentences, msOfX(e.clientX - rect.left, rect.width, data.peaks.durationMs));
              if (span) play(span);
            }}
          />
          <ol className="mt-2 flex flex-wrap gap-1.5">
            {data.sentences.map((s) => (
              <li key={s.sentenceId}>
                <button
                  type="button"
                  title={sentenceText(s.sentenceId)}
                  onClick={() => { play(s); }}
                  className={`rounded px-1.5 py-0.5 font-mono text-[11px] ${selected?.sentenceId === s.sentenceId ? "bg-accent-500 text-white" : "bg-ink-800 text-slate-400 hover:text-white"}`}
                >
                  {s.order + 1} · {clock(s.startMs)}
                </button>
              </li>
            ))}
          </ol>
          {selected && <p className="mt-2 text-sm text-slate-300">{sentenceText(selected.sentenceId)}</p>}
        </>
      )}
      {section.narration.file !== null && <SectionTakes section={section} />}
    </section>
  );
}

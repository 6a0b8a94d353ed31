import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { convertFileSrc } from "@tauri-apps/api/core";
import { commands, type Project, type TtsEngine } from "../../bindings";
import { Button } from "../../components/Button";
import { useToast } from "../../components/Toasts";
import { toAppError } from "../../ipc/errors";
import { asSentence } from "../../state/words";
import { usePlayableUrl } from "../../ipc/playable";
import { keys } from "../../state/queryKeys";
import { INPUT } from "../styles/fields";

export const ENGINE_LABEL: Record<TtsEngine, string> = {
  chatterbox: "Chatterbox",
  piper: "Draft voice (offline)",
};

const DEFAULT_LINE = "Every story worth telling starts with a single sentence.";

/** The voices of one engine, a line to hear one of them read, and "use for this project". */
export function VoicePicker({ project }: { project: Project }) {
  const client = useQueryClient();
  const toast = useToast();
  const [engine, setEngine] = useState<TtsEngine>(project.ttsEngine);
  const [voice, setVoice] = useState<string | null>(null);
  const [line, setLine] = useState(DEFAULT_LINE);
  const voices = useQuery({ queryKey: ["voices", engine], queryFn: () => commands.listVoices(engine) });
  const current = voice ?? (engine === project.ttsEngine ? project.voiceId : null) ?? voices.data?.at(0)?.id ?? null;
  const preview = useMutation({
    mutationFn: () => commands.previewVoice(engine, current ?? "", line),
  });
  const use = useMutation({
    mutationFn: () => commands.updateProject(project.id, { ttsEngine: engine, voiceId: current }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: keys.project(project.id) });
      toast.info("Voice chosen: narration made with another voice is now out of date.");
    },
    onError: (e) => { toast.error(e, "The voice was not changed"); },
  });
  const inUse = project.ttsEngine === engine && project.voiceId === current;
  // WebKitGTK cannot play the asset URL itself: the preview is fetched and played from a blob.
  const previewSrc = usePlayableUrl(preview.data ? convertFileSrc(preview.data.path) : null);
  return (
    <section className="rounded-xl border border-ink-700 bg-ink-900 p-4" data-testid="voice-picker">
      <div className="flex flex-wrap items-center gap-3">
        <div className="flex rounded-md bg-ink-850 p-0.5" role="radiogroup" aria-label="Voice engine">
          {(["chatterbox", "piper"] as const).map((e) => (
            <button
              key={e}
              type="button"
              role="radio"
              aria-checked={engine === e}
              onClick={() => {
                setEngine(e);
                setVoice(null);
                preview.reset();
              }}
              className={`rounded px-3 py-1 text-sm ${engine === e ? "bg-ink-700 text-white" : "text-slate-400 hover:text-slate-200"}`}
            >
              {ENGINE_LABEL[e]}
            </button>
          ))}
        </div>
        <select
          aria-label="Voice"
          className={`${INPUT} max-w-72`}
          value={current ?? ""}
          disabled={!voices.data || voices.data.length === 0}
          data-testid="voice-select"
          onChange={(e) => {
            setVoice(e.target.value);
            preview.reset();
          }}
        >
          {voices.isPending && <option value="">Asking the server…</option>}
          {voices.data?.map((v) => (
            <option key={v.id} value={v.id}>
              {v.name}
            </option>
          ))}
        </select>
        <Button variant="primary" disabled={current === null || inUse || use.isPending} onClick={() => { use.mutate(); }} data-testid="use-voice">
          {inUse ? "In use for this project" : "Use for this project"}
        </Button>
      </div>
      {voices.error && (
        <p className="mt-2 text-sm text-amber-300" role="alert">
          {asSentence(toAppError(voices.error).message)}
        </p>
      )}
      <div className="mt-3 flex gap-2">
        <input className={INPUT} value={line} aria-label="Preview line" maxLength={400} onChange={(e) => { setLine(e.target.value); preview.reset(); }} />
        <Button disabled={current === null || line.trim() === "" || preview.isPending} onClick={() => { preview.mutate(); }} data-testid="preview-voice">
          {preview.isPending ? "Speaking…" : "Preview"}
        </Button>
      </div>
      {preview.error && <p className="mt-2 text-sm text-rose-300">{asSentence(toAppError(preview.error).message)}</p>}
      {preview.data && previewSrc !== undefined && (
        <audio className="mt-3 w-full" controls autoPlay src={previewSrc} data-testid="voice-preview-audio">
          <track kind="captions" />
        </audio>
      )}
    </section>
  );
}

import { useEffect, useState, type ReactNode } from "react";
import { Link } from "react-router";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { commands, type AssetKind, type CameraMovement, type SceneRow, type Sentence } from "../../bindings";
import { ProgressBar } from "../../components/ProgressBar";
import { usePlayableUrl } from "../../ipc/playable";
import { useToast } from "../../components/Toasts";
import { PieceBadge } from "./SceneBits";
import { TakeList } from "./TakeList";
import { PIECE_LABEL, clock, storyboardKeys } from "./storyboardState";
import { promptPatch, spokenPatch, useSceneEdits } from "./useSceneEdits";

/** Camera presets in the order the menu lists them, with their names on screen. */
export const CAMERA_CHOICES = [
  { value: "static", label: "Static" },
  { value: "pan_left", label: "Pan left" },
  { value: "pan_right", label: "Pan right" },
  { value: "tilt_up", label: "Tilt up" },
  { value: "tilt_down", label: "Tilt down" },
  { value: "zoom_in", label: "Zoom in" },
  { value: "zoom_out", label: "Zoom out" },
  { value: "dolly_in", label: "Dolly in" },
  { value: "dolly_out", label: "Dolly out" },
  { value: "orbit", label: "Orbit" },
] as const satisfies readonly { value: CameraMovement; label: string }[];

/** The narration to play: the scene's own file, or its range of the section's one take. */
export function narrationSource(sentence: Sentence): { file: string; fragment: string } | null {
  if (sentence.audio.file) return { file: sentence.audio.file, fragment: "" };
  if (sentence.sectionAudioFile && sentence.audioStartMs !== null && sentence.audioEndMs !== null) {
    return { file: sentence.sectionAudioFile, fragment: `#t=${sentence.audioStartMs / 1000},${sentence.audioEndMs / 1000}` };
  }
  return null;
}

function Block({ title, children, aside }: { title: string; children: ReactNode; aside?: ReactNode }) {
  return (
    <section className="border-b border-ink-800 px-5 py-4">
      <div className="mb-2 flex items-center gap-2">
        <h3 className="flex-1 text-[11px] font-semibold tracking-wider text-slate-500 uppercase">{title}</h3>
        {aside}
      </div>
      {children}
    </section>
  );
}

/** A piece's state line: badge, the failure in words, progress while it is made, and "Regenerate". */
function PieceLine({
  kind,
  row,
  working,
  busy,
  onRegenerate,
}: {
  kind: AssetKind;
  row: SceneRow;
  working: number | null | undefined;
  busy: boolean;
  onRegenerate: () => void;
}) {
  const piece = row[kind];
  return (
    <div className="mt-2 space-y-1.5">
      <div className="flex items-center gap-2">
        <PieceBadge kind={kind} piece={piece} working={working} />
        <span className="flex-1" />
        <button
          type="button"
          data-testid={`regenerate-${kind}`}
          disabled={busy || working !== undefined}
          onClick={onRegenerate}
          className="rounded-md px-2 py-1 text-xs font-medium text-slate-300 ring-1 ring-ink-600 ring-inset hover:bg-ink-800 hover:text-white disabled:opacity-50"
        >
          {busy ? "Queuing…" : working !== undefined ? "Being made…" : `Regenerate ${PIECE_LABEL[kind].toLowerCase()}`}
        </button>
      </div>
      {working !== undefined && <ProgressBar value={working} label={`${PIECE_LABEL[kind]} progress`} />}
      {piece.error !== null && working === undefined && (
        <p className="rounded-md bg-rose-950/60 px-2.5 py-1.5 text-xs text-rose-200" data-testid={`error-${kind}`}>
          {piece.error}
        </p>
      )}
    </div>
  );
}

/** A prompt box: the prompt in use, editable; what the user writes is "my prompt". */
function PromptField({
  label,
  generated,
  mine,
  stale,
  onType,
  onDone,
  onUseGenerated,
  testId,
}: {
  label: string;
  generated: string | null;
  mine: string | null;
  stale: boolean;
  onType: (text: string) => void;
  onDone: () => void;
  onUseGenerated: () => void;
  testId: string;
}) {
  const [text, setText] = useState(mine ?? generated ?? "");
  const [edited, setEdited] = useState(false);
  // A prompt written by the LLM meanwhile shows up unless the user is typing.
  useEffect(() => {
    if (!edited) setText(mine ?? generated ?? "");
  }, [mine, generated, edited]);
  return (
    <Block
      title={label}
      aside={
        mine !== null ? (
          <span className="flex items-center gap-2">
            <span className="rounded-full bg-accent-500/20 px-2 py-0.5 text-[10px] font-semibold text-accent-400" data-testid={`${testId}-mine`}>
              My prompt
            </span>
            {generated !== null && (
              <button
                type="button"
                onClick={() => {
                  setEdited(false);
                  onUseGenerated();
                }}
                className="text-[11px] text-slate-400 underline-offset-2 hover:text-white hover:underline"
              >
                Use the generated one
              </button>
            )}
          </span>
        ) : generated !== null ? (
          <span className={`text-[10px] ${stale ? "text-amber-300" : "text-slate-500"}`}>{stale ? "Generated · out of date" : "Generated"}</span>
        ) : null
      }
    >
      <textarea
        data-testid={testId}
        aria-label={label}
        value={text}
        rows={3}
        placeholder={generated === null ? "No prompt yet: write your own, or generate prompts." : undefined}
        onChange={(event) => {
          setEdited(true);
          setText(event.target.value);
          onType(event.target.value);
        }}
        onBlur={() => {
          setEdited(false);
          onDone();
        }}
        className="block w-full resize-y rounded-md border border-ink-700 bg-ink-950 px-2.5 py-2 text-sm leading-relaxed text-slate-100 placeholder:text-slate-600 focus:border-accent-400/70 focus:outline-none"
      />
    </Block>
  );
}

type InspectorProps = {
  row: SceneRow;
  number: number;
  sectionTitle: string;
  projectId: string;
  work: (kind: AssetKind) => number | null | undefined;
  busy: AssetKind | null;
  onRegenerate: (kind: AssetKind) => void;
  onClose: () => void;
  urlOf: ((relative: string) => string) | null;
};

/** The side panel for one scene: its media, texts, prompts, camera, seed and every take. */
export function SceneInspector({ row, number, sectionTitle, projectId, work, busy, onRegenerate, onClose, urlOf }: InspectorProps) {
  const { data: sentence, error } = useQuery({
    queryKey: storyboardKeys.sentence(row.id),
    queryFn: () => commands.getSentence(row.id),
  });
  return (
    <aside className="flex w-[400px] shrink-0 flex-col border-l border-ink-800 bg-ink-900" aria-label={`Scene ${number}`} data-testid="scene-inspector">
      <header className="flex items-center gap-3 border-b border-ink-800 px-5 py-3">
        <div className="min-w-0 flex-1">
          <h2 className="text-sm font-semibold text-white">Scene {number}</h2>
          <p className="truncate text-xs text-slate-500">{sectionTitle || "Untitled section"}</p>
        </div>
        <button type="button" aria-label="Close the inspector" onClick={onClose} className="rounded-md px-2 py-1 text-lg leading-none text-slate-400 hover:bg-ink-800 hover:text-white">
          ×
        </button>
      </header>
      <div className="min-h-0 flex-1 overflow-y-auto">
        {error ? (
          <p className="px-5 py-6 text-sm text-rose-300">This scene could not be read: it may have been deleted. Choose another scene.</p>
        ) : !sentence ? (
          <p className="px-5 py-6 text-sm text-slate-500">Loading…</p>
        ) : (
          <SceneDetails key={sentence.id} sentence={sentence} row={row} projectId={projectId} work={work} busy={busy} onRegenerate={onRegenerate} urlOf={urlOf} />
        )}
      </div>
    </aside>
  );
}

function SceneDetails({
  sentence,
  row,
  projectId,
  work,
  busy,
  onRegenerate,
  urlOf,
}: {
  sentence: Sentence;
  row: SceneRow;
  projectId: string;
  work: (kind: AssetKind) => number | null | undefined;
  busy: AssetKind | null;
  onRegenerate: (kind: AssetKind) => void;
  urlOf: ((relative: string) => string) | null;
}) {
  const client = useQueryClient();
  const toast = useToast();
  const edits = useSceneEdits(sentence.id);
  const [motion, setMotion] = useState(sentence.motionStrength);
  useEffect(() => {
    setMotion(sentence.motionStrength);
  }, [sentence.motionStrength]);
  const [spoken, setSpoken] = useState(sentence.spokenText ?? "");
  useEffect(() => {
    setSpoken(sentence.spokenText ?? "");
  }, [sentence.spokenText]);
  const newSeed = useMutation({
    mutationFn: () => commands.newImageSeed(sentence.id),
    onSuccess: (seed) => {
      void client.invalidateQueries({ queryKey: storyboardKeys.sentence(sentence.id) });
      toast.info(`The next image of this scene renders with seed ${seed}; the image is out of date until then.`);
    },
    onError: (failure) => {
      toast.error(failure, "Could not choose a new seed");
    },
  });
  const narration = narrationSource(sentence);
  const clipSrc = usePlayableUrl(sentence.video.file && urlOf ? urlOf(sentence.video.file) : null);
  const narrationSrc = usePlayableUrl(narration && urlOf ? `${urlOf(narration.file)}${narration.fragment}` : null);
  const piece = (kind: AssetKind) => (
    <PieceLine
      kind={kind}
      row={row}
      working={work(kind)}
      busy={busy === kind}
      onRegenerate={() => {
        onRegenerate(kind);
      }}
    />
  );

  return (
    <>
      <Block title="Image">
        {sentence.image.file && urlOf ? (
          <img src={urlOf(sentence.image.file)} alt={`Scene image: ${sentence.text}`} className="aspect-video w-full rounded-md bg-ink-800 object-contain" data-testid="inspector-image" />
        ) : (
          <div className="grid aspect-video w-full place-items-center rounded-md bg-ink-850 text-xs text-slate-500">No image yet</div>
        )}
        {piece("image")}
        <div className="mt-2 flex items-center gap-2 text-xs text-slate-400">
          <span className="flex-1" data-testid="seed">
            Seed {sentence.imageSeed !== null ? <span className="text-slate-200 tabular-nums">{sentence.imageSeed}</span> : "from the scene (the same inputs give the same image)"}
          </span>
          <button
            type="button"
            data-testid="new-seed"
            disabled={newSeed.isPending}
            onClick={() => {
              newSeed.mutate();
            }}
            className="rounded-md px-2 py-1 text-xs font-medium text-slate-300 ring-1 ring-ink-600 ring-inset hover:bg-ink-800 hover:text-white disabled:opacity-50"
          >
            {newSeed.isPending ? "Choosing…" : "New seed"}
          </button>
        </div>
      </Block>

      <Block title="Clip">
        {sentence.video.file && urlOf ? (
          <video
            controls
            preload="metadata"
            src={clipSrc}
            poster={sentence.image.file ? urlOf(sentence.image.file) : undefined}
            className="aspect-video w-full rounded-md bg-black"
            data-testid="inspector-clip"
          />
        ) : (
          <div className="grid aspect-video w-full place-items-center rounded-md bg-ink-850 text-xs text-slate-500">No clip yet</div>
        )}
        {piece("video")}
        <div className="mt-3 grid grid-cols-2 gap-3">
          <label className="text-xs text-slate-400">
            Camera movement
            <select
              data-testid="camera"
              value={sentence.cameraMovement}
              onChange={(event) => {
                void edits.save({ cameraMovement: event.target.value as CameraMovement });
              }}
              className="mt-1 block w-full rounded-md border border-ink-700 bg-ink-950 px-2 py-1.5 text-sm text-slate-100 focus:border-accent-400/70 focus:outline-none"
            >
              {CAMERA_CHOICES.map((c) => (
                <option key={c.value} value={c.value}>
                  {c.label}
                </option>
              ))}
            </select>
          </label>
          <label className="text-xs text-slate-400">
            Motion strength <span className="text-slate-200 tabular-nums">{motion.toFixed(2)}</span>
            <input
              type="range"
              data-testid="motion"
              min={0}
              max={1}
              step={0.05}
              value={motion}
              onChange={(event) => {
                const value = Number(event.target.value);
                setMotion(value);
                edits.schedule({ motionStrength: value });
              }}
              className="mt-2.5 block w-full accent-accent-500"
            />
          </label>
        </div>
      </Block>

      <Block title="Narration" aside={<span className="text-[11px] text-slate-500 tabular-nums">{clock(sentence.audioDurationMs)}</span>}>
        {narration && urlOf ? (
          <audio controls preload="metadata" src={narrationSrc} className="h-9 w-full" data-testid="inspector-audio" />
        ) : (
          <p className="text-xs text-slate-500">No narration yet.</p>
        )}
        {piece("audio")}
      </Block>

      <Block
        title="Text"
        aside={
          <Link to={`/projects/${projectId}`} className="text-[11px] text-accent-400 hover:underline">
            Edit in the script editor
          </Link>
        }
      >
        <p className="text-sm leading-relaxed text-slate-100" data-testid="inspector-text">
          {sentence.text}
        </p>
        <label className="mt-3 block text-xs text-slate-400">
          Spoken text <span className="text-slate-600">(what the voice reads, to fix a pronunciation; empty reads the text)</span>
          <textarea
            data-testid="spoken-text"
            value={spoken}
            rows={2}
            onChange={(event) => {
              setSpoken(event.target.value);
              edits.schedule({ spokenText: spokenPatch(event.target.value, sentence.text) });
            }}
            onBlur={() => void edits.flush()}
            className="mt-1 block w-full resize-y rounded-md border border-ink-700 bg-ink-950 px-2.5 py-2 text-sm text-slate-100 focus:border-accent-400/70 focus:outline-none"
          />
        </label>
      </Block>

      <PromptField
        label="Image prompt"
        testId="image-prompt"
        generated={sentence.imagePrompt}
        mine={sentence.imagePromptUser}
        stale={sentence.imagePromptStale}
        onType={(text) => {
          edits.schedule({ imagePrompt: promptPatch(text, sentence.imagePrompt) });
        }}
        onDone={() => void edits.flush()}
        onUseGenerated={() => void edits.save({ imagePrompt: null })}
      />
      <PromptField
        label="Video prompt"
        testId="video-prompt"
        generated={sentence.videoPrompt}
        mine={sentence.videoPromptUser}
        stale={sentence.videoPromptStale}
        onType={(text) => {
          edits.schedule({ videoPrompt: promptPatch(text, sentence.videoPrompt) });
        }}
        onDone={() => void edits.flush()}
        onUseGenerated={() => void edits.save({ videoPrompt: null })}
      />

      <Block title="Takes">
        <TakeList sentenceId={sentence.id} urlOf={urlOf} />
      </Block>
    </>
  );
}

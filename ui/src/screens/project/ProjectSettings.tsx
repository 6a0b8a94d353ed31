import { useState, type ReactNode } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { commands, type NarrationMode, type Project, type FrameSize, type ProjectPatch, type ProjectTree, type TtsEngine } from "../../bindings";
import { useToast } from "../../components/Toasts";
import { keys } from "../../state/queryKeys";
import { FPS_CHOICES, SIZE_PRESETS, parseFrameSize, parseMinutes, presetIndex, rateKey, rateOfKey, sizeText } from "./frameFormat";

const inputClass = "w-full rounded-md border border-ink-600 bg-ink-850 px-2.5 py-1.5 text-sm text-slate-100 focus:border-accent-400 focus:outline-none";

function Field({ label, hint, children }: { label: string; hint?: string; children: ReactNode }) {
  return (
    <label className="flex flex-col gap-1">
      <span className="text-xs font-medium text-slate-300">{label}</span>
      {children}
      {hint && <span className="text-[11px] text-slate-500">{hint}</span>}
    </label>
  );
}

/** A picker whose "None" clears the choice (`null` in the patch). */
function Picker({ value, options, onPick, testId }: { value: string | null; options: { id: string; name: string }[]; onPick: (id: string | null) => void; testId: string }) {
  return (
    <select
      value={value ?? ""}
      data-testid={testId}
      onChange={(e) => { onPick(e.target.value === "" ? null : e.target.value); }}
      className={inputClass}
    >
      <option value="">None</option>
      {options.map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
    </select>
  );
}

/** A text or number input saved when it loses focus, if it changed. */
function SavedInput({ value, onSave, type = "text", testId, placeholder, label }: { value: string; onSave: (v: string) => void; type?: "text" | "number"; testId: string; placeholder?: string; label?: string }) {
  const [draft, setDraft] = useState(value);
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    setShown(value);
    setDraft(value);
  }
  return (
    <input
      type={type}
      value={draft}
      placeholder={placeholder}
      aria-label={label}
      data-testid={testId}
      onChange={(e) => { setDraft(e.target.value); }}
      onBlur={() => { if (draft !== value) onSave(draft); }}
      onKeyDown={(e) => { if (e.key === "Enter") e.currentTarget.blur(); }}
      className={inputClass}
    />
  );
}

/** The frame size: a preset, or a custom WIDTHxHEIGHT checked as the CLI's `--size` is. */
function FrameSizeField({ size, onSave, onRefuse }: { size: FrameSize; onSave: (size: FrameSize) => void; onRefuse: (message: string) => void }) {
  // "Custom" is chosen by hand, or is where a size that is no preset shows.
  const [customChosen, setCustomChosen] = useState(false);
  const preset = presetIndex(size);
  const custom = customChosen || preset < 0;
  return (
    <div className="flex gap-2">
      <select
        value={custom ? "custom" : String(preset)}
        data-testid="pick-frame-size"
        aria-label="Frame size"
        onChange={(e) => {
          if (e.target.value === "custom") { setCustomChosen(true); return; }
          setCustomChosen(false);
          const chosen = SIZE_PRESETS[Number(e.target.value)];
          if (chosen) onSave(chosen.size);
        }}
        className={inputClass}
      >
        {SIZE_PRESETS.map((p, i) => <option key={p.label} value={String(i)}>{p.label}</option>)}
        <option value="custom">Custom…</option>
      </select>
      {custom && (
        <SavedInput
          testId="custom-frame-size"
          label="Custom frame size, WIDTHxHEIGHT"
          placeholder="1920x1080"
          value={sizeText(size)}
          onSave={(v) => {
            const parsed = parseFrameSize(v);
            if (parsed.ok) onSave(parsed.size);
            else onRefuse(parsed.message);
          }}
        />
      )}
    </div>
  );
}

/** A project's settings: models, style, narration, frame, length, topic, spending cap, source notes. */
export function ProjectSettings({ project }: { project: Project }) {
  const client = useQueryClient();
  const toast = useToast();
  const { data: models } = useQuery({ queryKey: keys.models, queryFn: () => commands.listModels() });
  const { data: styles } = useQuery({ queryKey: keys.styles, queryFn: () => commands.listStyles() });
  const save = useMutation({
    mutationFn: (patch: ProjectPatch) => commands.updateProject(project.id, patch),
    onSuccess: (updated) => {
      client.setQueryData<ProjectTree>(keys.project(project.id), (tree) => (tree ? { ...tree, project: updated } : tree));
    },
    onError: (e) => { toast.error(e, "The project setting was not saved"); },
  });
  const patch = (p: ProjectPatch) => { save.mutate(p); };
  const active = (models ?? []).filter((m) => m.isActive || m.id === project.modelId || m.id === project.videoModelId);
  const imageModels = active.filter((m) => m.workflowCategory === "image");
  const videoModels = active.filter((m) => m.workflowCategory === "video");
  return (
    <div className="grid grid-cols-3 gap-x-6 gap-y-4 border-b border-ink-800 bg-ink-900/70 px-6 py-4" data-testid="project-settings">
      <Field label="Image model" hint="Changing it makes every image and clip out of date.">
        <Picker testId="pick-image-model" value={project.modelId} options={imageModels} onPick={(id) => { patch({ modelId: id }); }} />
      </Field>
      <Field label="Video model" hint="Changing it makes every clip out of date.">
        <Picker testId="pick-video-model" value={project.videoModelId} options={videoModels} onPick={(id) => { patch({ videoModelId: id }); }} />
      </Field>
      <Field label="Visual style">
        <Picker testId="pick-style" value={project.styleId} options={styles ?? []} onPick={(id) => { patch({ styleId: id }); }} />
      </Field>
      <Field label="Narration" hint="Per section: one take per section, split into sentences by the word timings.">
        <select
          value={project.narrationMode}
          data-testid="pick-narration-mode"
          onChange={(e) => { patch({ narrationMode: e.target.value as NarrationMode }); }}
          className={inputClass}
        >
          <option value="sentence">One take per sentence</option>
          <option value="section">One take per section</option>
        </select>
      </Field>
      <Field label="Voice engine">
        <select
          value={project.ttsEngine}
          data-testid="pick-voice-engine"
          onChange={(e) => { patch({ ttsEngine: e.target.value as TtsEngine }); }}
          className={inputClass}
        >
          <option value="chatterbox">Chatterbox (TTS server)</option>
          <option value="piper">Draft voice (offline)</option>
        </select>
      </Field>
      <Field label="Frame size" hint="Of the export and the rough cut; images are rendered for it.">
        <FrameSizeField
          size={{ width: project.width, height: project.height }}
          onSave={(size) => { patch({ size }); }}
          onRefuse={(message) => { toast.error({ code: "INVALID_INPUT", message }, "The frame size was not saved"); }}
        />
      </Field>
      <Field label="Frame rate (fps)" hint="Of the export's timeline and the rough cut.">
        <select
          value={rateKey({ num: project.fpsNum, den: project.fpsDen })}
          data-testid="pick-fps"
          onChange={(e) => {
            const fps = rateOfKey(e.target.value);
            if (fps) patch({ fps });
          }}
          className={inputClass}
        >
          {/* A rate from an older project that is no longer offered still shows as it is. */}
          {rateOfKey(rateKey({ num: project.fpsNum, den: project.fpsDen })) === null && (
            <option value={rateKey({ num: project.fpsNum, den: project.fpsDen })}>{`${project.fpsNum}/${project.fpsDen}`}</option>
          )}
          {FPS_CHOICES.map((c) => <option key={c.label} value={rateKey(c.rate)}>{c.label}</option>)}
        </select>
      </Field>
      <Field label="Target length (minutes)" hint="1 to 600. What the LLM writes the script for.">
        <SavedInput
          type="number"
          testId="target-minutes"
          value={String(project.targetDurationMin)}
          onSave={(v) => {
            const parsed = parseMinutes(v);
            if (parsed.ok) patch({ targetDurationMin: parsed.minutes });
            else toast.error({ code: "INVALID_INPUT", message: parsed.message }, "The target length was not saved");
          }}
        />
      </Field>
      <Field label="Topic" hint="What the video is about. Empty: no topic.">
        <SavedInput
          testId="project-topic"
          placeholder="No topic"
          value={project.topic ?? ""}
          onSave={(v) => { patch({ topic: v.trim() === "" ? null : v.trim() }); }}
        />
      </Field>
      <Field label="Pause after each sentence (ms)" hint="0 to 10,000.">
        <SavedInput
          type="number"
          testId="sentence-pause"
          value={String(project.sentencePauseMs)}
          onSave={(v) => {
            const ms = Number(v);
            if (Number.isInteger(ms) && ms >= 0 && ms <= 10000) patch({ sentencePauseMs: ms });
            else toast.error({ code: "INVALID_INPUT", message: `${v || "An empty value"} is not a pause from 0 to 10000 ms.` }, "The pause was not saved");
          }}
        />
      </Field>
      <Field label="LLM spending cap ($)" hint={`Spent so far: $${project.llmCostUsd.toFixed(3)}. Empty: no cap.`}>
        <SavedInput
          type="number"
          testId="spend-cap"
          placeholder="No cap"
          value={project.llmSpendCapUsd === null ? "" : String(project.llmSpendCapUsd)}
          onSave={(v) => {
            if (v.trim() === "") { patch({ llmSpendCapUsd: null }); return; }
            const usd = Number(v);
            if (Number.isFinite(usd) && usd >= 0) patch({ llmSpendCapUsd: usd });
            else toast.error({ code: "INVALID_INPUT", message: `${v} is not an amount of dollars.` }, "The cap was not saved");
          }}
        />
      </Field>
      <div className="col-span-2">
        <Field label="Source notes" hint="No web search is done: the LLM writes from these notes and what it already knows.">
          <SourceNotes value={project.sourceNotes ?? ""} onSave={(v) => { patch({ sourceNotes: v.trim() === "" ? null : v }); }} />
        </Field>
      </div>
    </div>
  );
}

function SourceNotes({ value, onSave }: { value: string; onSave: (v: string) => void }) {
  const [draft, setDraft] = useState(value);
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    setShown(value);
    setDraft(value);
  }
  return (
    <textarea
      rows={3}
      value={draft}
      data-testid="source-notes"
      placeholder="Facts, figures and sources the script should use"
      onChange={(e) => { setDraft(e.target.value); }}
      onBlur={() => { if (draft !== value) onSave(draft); }}
      className={inputClass}
    />
  );
}

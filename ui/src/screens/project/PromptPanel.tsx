import { useState } from "react";
import type { Sentence } from "../../bindings";
import { Button } from "../../components/Button";
import { fieldEdit } from "./editHistory";
import { useScriptEditor } from "./editorContext";

const fieldClass =
  "block w-full resize-y rounded-md border border-ink-600 bg-ink-950 px-2.5 py-1.5 text-sm leading-relaxed text-slate-100 placeholder:text-slate-600 focus:border-accent-400 focus:outline-none";

/** A user's text saved when it loses focus (blank clears it); keeps up with changes made elsewhere. */
function OwnText({ value, label, placeholder, testId, onSave }: { value: string | null; label: string; placeholder: string; testId: string; onSave: (next: string | null) => void }) {
  const [draft, setDraft] = useState(value ?? "");
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    setShown(value);
    setDraft(value ?? "");
  }
  return (
    <textarea
      aria-label={label}
      data-testid={testId}
      rows={2}
      value={draft}
      placeholder={placeholder}
      onChange={(e) => {
        setDraft(e.target.value);
      }}
      onBlur={() => {
        const next = draft.trim() === "" ? null : draft;
        if (next !== value) onSave(next);
      }}
      className={fieldClass}
    />
  );
}

function PromptField({ sentence, kind }: { sentence: Sentence; kind: "image" | "video" }) {
  const api = useScriptEditor();
  const generated = kind === "image" ? sentence.imagePrompt : sentence.videoPrompt;
  const stale = kind === "image" ? sentence.imagePromptStale : sentence.videoPromptStale;
  const mine = kind === "image" ? sentence.imagePromptUser : sentence.videoPromptUser;
  const field = kind === "image" ? "imagePrompt" : "videoPrompt";
  const save = (next: string | null) => {
    void api.perform(fieldEdit(sentence.id, field, mine, next));
  };
  const title = kind === "image" ? "Image prompt" : "Video prompt";
  return (
    <section className="flex min-w-0 flex-1 flex-col gap-2" data-testid={`prompt-${kind}`} aria-label={title}>
      <div className="flex items-center gap-2">
        <h3 className="text-xs font-semibold tracking-wide text-slate-300 uppercase">{title}</h3>
        <span
          data-testid={`prompt-${kind}-source`}
          className={`rounded-full px-2 py-0.5 text-[10px] font-medium ring-1 ring-inset ${mine !== null ? "bg-accent-500/15 text-accent-400 ring-accent-400/30" : "bg-slate-400/10 text-slate-400 ring-slate-400/20"}`}
        >
          {mine !== null ? "using my prompt" : generated !== null ? "using the generated prompt" : "no prompt yet"}
        </span>
      </div>
      <div className={`rounded-md border border-ink-800 bg-ink-900 px-2.5 py-1.5 text-sm ${mine !== null ? "text-slate-500 line-through decoration-slate-600" : "text-slate-300"}`}>
        {generated ?? <span className="text-slate-500 italic">Not written yet: the prompts stage writes it.</span>}
        {generated !== null && stale && <span className="ml-2 text-[11px] text-amber-300 no-underline">written for earlier text; will be written again</span>}
      </div>
      <OwnText
        value={mine}
        label={`My ${kind} prompt`}
        testId={`my-${kind}-prompt`}
        placeholder="My prompt: used instead of the generated one and never replaced by it"
        onSave={save}
      />
      {mine !== null && (
        <div>
          <Button variant="ghost" className="px-2 py-0.5 text-xs" data-testid={`use-generated-${kind}`} onClick={() => { save(null); }}>
            Use the generated prompt
          </Button>
        </div>
      )}
    </section>
  );
}

/** A sentence's prompts: the generated ones, the user's own (which win and are never replaced), and the spoken text. */
export function PromptPanel({ sentence }: { sentence: Sentence }) {
  const api = useScriptEditor();
  return (
    <div className="mt-2 flex flex-col gap-3 rounded-lg border border-ink-700 bg-ink-900/70 p-3" data-testid="prompt-panel">
      <div className="flex gap-4">
        <PromptField sentence={sentence} kind="image" />
        <PromptField sentence={sentence} kind="video" />
      </div>
      <label className="flex flex-col gap-1">
        <span className="text-xs font-semibold tracking-wide text-slate-300 uppercase">Spoken text</span>
        <OwnText
          value={sentence.spokenText}
          label="Spoken text"
          testId="spoken-text"
          placeholder="What the voice reads instead of the text, to fix a pronunciation (blank: the text)"
          onSave={(next) => {
            void api.perform(fieldEdit(sentence.id, "spokenText", sentence.spokenText, next));
          }}
        />
      </label>
    </div>
  );
}

import { memo, useLayoutEffect, useRef, useState } from "react";
import type { Sentence } from "../bindings";
import { DirtyBadge } from "./DirtyBadge";
import { useSentenceSaver, type SaveStatus } from "../state/useSentenceSaver";

const STATUS_TEXT: Record<SaveStatus, string> = {
  idle: "",
  pending: "Editing…",
  saving: "Saving…",
  saved: "Saved",
  error: "Not saved",
};

function SaveState({ status }: { status: SaveStatus }) {
  if (status === "idle") return null;
  return (
    <span
      data-testid="save-status"
      data-status={status}
      className={`text-[11px] ${status === "error" ? "text-rose-300" : status === "saved" ? "text-emerald-400/80" : "text-slate-500"}`}
    >
      {STATUS_TEXT[status]}
    </span>
  );
}

function SentenceEditor({ initial, onChange, onDone }: { initial: string; onChange: (text: string) => void; onDone: () => void }) {
  const [text, setText] = useState(initial);
  const ref = useRef<HTMLTextAreaElement>(null);
  // Grow with the text so the row (and the virtual list's measurement) fits it.
  useLayoutEffect(() => {
    const area = ref.current;
    if (!area) return;
    area.style.height = "auto";
    area.style.height = `${area.scrollHeight}px`;
  }, [text]);
  return (
    <textarea
      ref={ref}
      autoFocus
      data-testid="sentence-editor"
      aria-label="Sentence text"
      value={text}
      rows={1}
      onChange={(event) => {
        setText(event.target.value);
        onChange(event.target.value);
      }}
      onBlur={onDone}
      onKeyDown={(event) => {
        if (event.key === "Escape" || (event.key === "Enter" && !event.shiftKey)) {
          event.preventDefault();
          onDone();
        }
      }}
      className="block w-full resize-none overflow-hidden rounded-md border border-accent-400/70 bg-ink-950 px-2.5 py-1.5 text-[15px] leading-relaxed text-white focus:outline-none"
    />
  );
}

/** One sentence: its number, its text (click to edit, saved as you type) and asset badges. */
export const SentenceRow = memo(function SentenceRow({ projectId, sentence, number }: { projectId: string; sentence: Sentence; number: number }) {
  const [editing, setEditing] = useState(false);
  const saver = useSentenceSaver(projectId, sentence.id);
  return (
    <div className="group flex gap-4 border-b border-ink-800/70 px-6 py-2.5 hover:bg-ink-900/60" data-testid="sentence-row" data-sentence-id={sentence.id}>
      <span className="w-12 shrink-0 pt-1.5 text-right font-mono text-xs text-slate-600 tabular-nums">{number}</span>
      <div className="min-w-0 flex-1">
        {editing ? (
          <SentenceEditor
            initial={sentence.text}
            onChange={saver.schedule}
            onDone={() => {
              setEditing(false);
              void saver.flush();
            }}
          />
        ) : (
          <p
            role="button"
            tabIndex={0}
            data-testid="sentence-text"
            aria-label="Sentence text, press Enter to edit"
            onClick={() => {
              setEditing(true);
            }}
            onKeyDown={(event) => {
              if (event.key === "Enter") setEditing(true);
            }}
            className="cursor-text rounded-md border border-transparent px-2.5 py-1.5 text-[15px] leading-relaxed text-slate-200 group-hover:border-ink-700"
          >
            {sentence.text}
          </p>
        )}
      </div>
      <div className="flex w-52 shrink-0 flex-col items-end gap-1 pt-1.5">
        <div className="flex gap-1">
          <DirtyBadge label="Audio" asset={sentence.audio} />
          <DirtyBadge label="Image" asset={sentence.image} />
          <DirtyBadge label="Video" asset={sentence.video} />
        </div>
        <SaveState status={saver.status} />
      </div>
    </div>
  );
});

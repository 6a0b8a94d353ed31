import { memo, useCallback, useLayoutEffect, useRef, useState, type ReactNode } from "react";
import type { Sentence } from "../bindings";
import { DirtyBadge } from "./DirtyBadge";
import { useSentenceSaver, type SaveStatus } from "../state/useSentenceSaver";
import { charLength, fieldEdit } from "../screens/project/editHistory";
import { useScriptEditor } from "../screens/project/editorContext";
import { PromptPanel } from "../screens/project/PromptPanel";

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

function SentenceEditor({
  initial,
  onChange,
  onDone,
  onSplit,
}: {
  initial: string;
  onChange: (text: string) => void;
  onDone: () => void;
  onSplit: (text: string, at: number) => void;
}) {
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
      aria-label="Sentence text; Ctrl+Enter splits it at the cursor"
      value={text}
      rows={1}
      onChange={(event) => {
        setText(event.target.value);
        onChange(event.target.value);
      }}
      onBlur={onDone}
      onKeyDown={(event) => {
        if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
          event.preventDefault();
          onSplit(text, charLength(text.slice(0, event.currentTarget.selectionStart)));
        } else if (event.key === "Escape" || (event.key === "Enter" && !event.shiftKey)) {
          event.preventDefault();
          onDone();
        }
      }}
      className="block w-full resize-none overflow-hidden rounded-md border border-accent-400/70 bg-ink-950 px-2.5 py-1.5 text-[15px] leading-relaxed text-white focus:outline-none"
    />
  );
}

/** The text with each case-insensitive occurrence of `query` marked. */
function Marked({ text, query }: { text: string; query: string }): ReactNode {
  const needle = query.trim().toLowerCase();
  if (needle === "") return text;
  const lower = text.toLowerCase();
  const parts: ReactNode[] = [];
  let from = 0;
  for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, from)) {
    parts.push(text.slice(from, at), <mark key={at} className="rounded-sm bg-amber-300/80 px-0.5 text-ink-950">{text.slice(at, at + needle.length)}</mark>);
    from = at + needle.length;
  }
  parts.push(text.slice(from));
  return parts;
}

function RowAction({ label, onClick, children, testId, pressed }: { label: string; onClick: () => void; children: ReactNode; testId: string; pressed?: boolean }) {
  return (
    <button
      type="button"
      title={label}
      aria-label={label}
      aria-pressed={pressed}
      data-testid={testId}
      onClick={onClick}
      className={`grid size-6 place-items-center rounded text-slate-400 hover:bg-ink-700 hover:text-white focus-visible:outline-2 focus-visible:outline-accent-400 ${pressed ? "bg-ink-700 text-white" : ""}`}
    >
      <svg viewBox="0 0 24 24" className="size-3.5" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round" aria-hidden>
        {children}
      </svg>
    </button>
  );
}

export interface SentenceRowProps {
  sentence: Sentence;
  number: number;
  /** The text to mark (the editor's search). */
  query?: string;
  /** Its row has the keyboard's attention. */
  selected?: boolean;
  /** Its narration is playing in the karaoke bar. */
  playing?: boolean;
  promptsOpen?: boolean;
  /** Being dragged. */
  dragging?: boolean;
}

/**
 * One sentence: its number, its text (click to edit, saved as you type; Ctrl+Enter splits
 * at the cursor), asset badges, its actions (play, prompts, merge, delete, drag) and, when
 * open, its prompt panel.
 */
export const SentenceRow = memo(function SentenceRow({ sentence, number, query = "", selected = false, playing = false, promptsOpen = false, dragging = false }: SentenceRowProps) {
  const api = useScriptEditor();
  const [editing, setEditing] = useState(false);
  // The text when this editing began and the last text saved since: one undoable edit.
  const before = useRef<string | null>(null);
  const lastSaved = useRef<string | null>(null);
  const onSaved = useCallback((saved: Sentence) => {
    lastSaved.current = saved.text;
  }, []);
  const saver = useSentenceSaver(api.projectId, sentence.id, onSaved);
  const hasOwnPrompt = sentence.imagePromptUser !== null || sentence.videoPromptUser !== null;

  /** Ends the editing: saves what is pending and records the whole of it as one edit; the text as saved. */
  const finish = async (): Promise<string | null> => {
    const was = before.current;
    // Taken at once: a blur right after Ctrl+Enter finishes the same editing again.
    before.current = null;
    if (was === null) return null;
    await saver.flush();
    const now = lastSaved.current;
    lastSaved.current = null;
    if (now !== null && now !== was) api.record(fieldEdit(sentence.id, "text", was, now));
    return now ?? was;
  };

  const startEditing = () => {
    before.current = sentence.text;
    lastSaved.current = null;
    setEditing(true);
  };

  return (
    <div
      className={`group relative border-b border-ink-800/70 px-6 py-2.5 ${playing ? "bg-accent-500/10" : selected ? "bg-ink-900" : "hover:bg-ink-900/60"} ${dragging ? "opacity-40" : ""}`}
      data-testid="sentence-row"
      data-sentence-id={sentence.id}
      data-selected={selected ? "true" : undefined}
      data-playing={playing ? "true" : undefined}
    >
      <div className="flex gap-3">
        <span
          role="button"
          tabIndex={-1}
          aria-label="Drag to move this sentence"
          title="Drag to move (or Alt+↑ / Alt+↓)"
          data-testid="sentence-drag"
          onPointerDown={(event) => {
            api.dragStart("sentence", sentence.id, event);
          }}
          className="mt-1.5 cursor-grab touch-none text-slate-700 select-none group-hover:text-slate-500 active:cursor-grabbing"
        >
          <svg viewBox="0 0 24 24" className="size-4" fill="currentColor" aria-hidden>
            <circle cx="9" cy="6" r="1.5" />
            <circle cx="15" cy="6" r="1.5" />
            <circle cx="9" cy="12" r="1.5" />
            <circle cx="15" cy="12" r="1.5" />
            <circle cx="9" cy="18" r="1.5" />
            <circle cx="15" cy="18" r="1.5" />
          </svg>
        </span>
        <span className="w-10 shrink-0 pt-1.5 text-right font-mono text-xs text-slate-600 tabular-nums">{number}</span>
        <div className="min-w-0 flex-1">
          {editing ? (
            <SentenceEditor
              initial={sentence.text}
              onChange={saver.schedule}
              onDone={() => {
                setEditing(false);
                void finish();
              }}
              onSplit={(text, at) => {
                setEditing(false);
                void finish().then((saved) => {
                  api.split({ ...sentence, text: saved ?? text }, at);
                });
              }}
            />
          ) : (
            <p
              role="button"
              tabIndex={0}
              data-testid="sentence-text"
              aria-label="Sentence text, press Enter to edit"
              onClick={startEditing}
              onFocus={() => {
                api.select(sentence.id);
              }}
              onKeyDown={(event) => {
                if (event.key === "Enter" && !event.altKey && !event.ctrlKey) {
                  event.preventDefault();
                  startEditing();
                } else {
                  api.sentenceKey(event, sentence);
                }
              }}
              className={`cursor-text rounded-md border px-2.5 py-1.5 text-[15px] leading-relaxed text-slate-200 focus:outline-none ${selected ? "border-accent-400/50" : "border-transparent group-hover:border-ink-700"}`}
            >
              <Marked text={sentence.text} query={query} />
            </p>
          )}
        </div>
        <div className="flex w-52 shrink-0 flex-col items-end gap-1 pt-1.5">
          <div className="flex gap-1">
            <DirtyBadge kind="audio" label="Narration" asset={sentence.audio} />
            <DirtyBadge kind="image" label="Image" asset={sentence.image} />
            <DirtyBadge kind="video" label="Clip" asset={sentence.video} />
          </div>
          <SaveState status={saver.status} />
        </div>
      </div>
      <div
        className={`absolute -top-3 right-6 z-10 flex items-center gap-0.5 rounded-md border border-ink-700 bg-ink-850 p-0.5 shadow-lg ${selected || promptsOpen ? "" : "invisible group-focus-within:visible group-hover:visible"}`}
        data-testid="sentence-actions"
      >
        <RowAction label="Play this sentence (Space)" testId="play-sentence" onClick={() => { api.play("sentence", sentence.id); }}>
          <path d="M8 5v14l11-7z" fill="currentColor" />
        </RowAction>
        <RowAction label={`Prompts (P)${hasOwnPrompt ? ": my prompt in use" : ""}`} testId="toggle-prompts" pressed={promptsOpen} onClick={() => { api.togglePrompts(sentence.id); }}>
          <path d="M4 6h16v12H4zM8 14l3-3 2 2 3-3 2 2" />
          {hasOwnPrompt && <circle cx="19" cy="5" r="3" fill="currentColor" stroke="none" />}
        </RowAction>
        <RowAction label="Merge with the next sentence (M)" testId="merge-next" onClick={() => { api.mergeWithNext(sentence.id); }}>
          <path d="M7 4v6l5 4 5-4V4M12 14v6" />
        </RowAction>
        <RowAction label="Delete this sentence (Delete; undo brings it back)" testId="delete-sentence" onClick={() => { api.remove(sentence.id); }}>
          <path d="M5 7h14M10 11v6M14 11v6M6 7l1 13h10l1-13M9 7V4h6v3" />
        </RowAction>
      </div>
      {promptsOpen && (
        <div className="pl-[4.25rem]">
          <PromptPanel sentence={sentence} />
        </div>
      )}
    </div>
  );
});

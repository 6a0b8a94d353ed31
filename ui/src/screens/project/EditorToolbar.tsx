import { useEffect, useRef, useState } from "react";
import { Button } from "../../components/Button";

const KEYS: [string, string][] = [
  ["↑ ↓", "previous / next sentence"],
  ["Enter", "edit the sentence"],
  ["Ctrl+Enter", "split at the cursor (while editing)"],
  ["Alt+↑ ↓", "move the sentence or section"],
  ["M", "merge with the next sentence"],
  ["Delete", "delete the sentence"],
  ["Space", "play the sentence (karaoke)"],
  ["P", "the sentence's prompts"],
  ["Ctrl+Z / Ctrl+Shift+Z", "undo / redo"],
  ["Ctrl+F", "search"],
];

/** Search within the project, undo and redo, and the editor's keys. */
export function EditorToolbar({
  search,
  onSearch,
  matchCount,
  hit,
  onNext,
  onPrevious,
  undoLabel,
  redoLabel,
  onUndo,
  onRedo,
}: {
  search: string;
  onSearch: (value: string) => void;
  matchCount: number;
  /** The match shown, from 0; -1 before the first jump. */
  hit: number;
  onNext: () => void;
  onPrevious: () => void;
  undoLabel: string | null;
  redoLabel: string | null;
  onUndo: () => void;
  onRedo: () => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [showKeys, setShowKeys] = useState(false);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "f") {
        event.preventDefault();
        input.current?.focus();
        input.current?.select();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => {
      window.removeEventListener("keydown", onKey);
    };
  }, []);
  const searching = search.trim() !== "";
  return (
    <div className="relative flex items-center gap-2 border-b border-ink-800 bg-ink-900/40 px-6 py-2">
      <div className="flex w-80 items-center gap-1 rounded-md border border-ink-700 bg-ink-950 pr-1 focus-within:border-accent-400">
        <svg viewBox="0 0 24 24" className="ml-2 size-4 shrink-0 text-slate-500" fill="none" stroke="currentColor" strokeWidth={2} aria-hidden>
          <circle cx="11" cy="11" r="6" />
          <path d="M20 20l-4.5-4.5" />
        </svg>
        <input
          ref={input}
          type="search"
          aria-label="Search the script"
          data-testid="script-search"
          placeholder="Search the script (Ctrl+F)"
          value={search}
          onChange={(e) => {
            onSearch(e.target.value);
          }}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              if (e.shiftKey) onPrevious();
              else onNext();
            } else if (e.key === "Escape") {
              onSearch("");
            }
          }}
          className="min-w-0 flex-1 bg-transparent px-1.5 py-1.5 text-sm text-slate-100 placeholder:text-slate-500 focus:outline-none"
        />
        {searching && (
          <span className="shrink-0 text-xs text-slate-400 tabular-nums" data-testid="search-count" aria-live="polite">
            {matchCount === 0 ? "no match" : hit < 0 ? `${matchCount} found` : `${hit + 1} of ${matchCount}`}
          </span>
        )}
      </div>
      <Button variant="ghost" className="px-2" aria-label="Previous match" title="Previous match (Shift+Enter)" disabled={matchCount === 0} onClick={onPrevious} data-testid="search-previous">
        ↑
      </Button>
      <Button variant="ghost" className="px-2" aria-label="Next match" title="Next match (Enter)" disabled={matchCount === 0} onClick={onNext} data-testid="search-next">
        ↓
      </Button>
      <div className="flex-1" />
      <Button variant="ghost" data-testid="undo" disabled={undoLabel === null} title={undoLabel ? `Undo: ${undoLabel} (Ctrl+Z)` : "Nothing to undo"} onClick={onUndo}>
        Undo
      </Button>
      <Button variant="ghost" data-testid="redo" disabled={redoLabel === null} title={redoLabel ? `Redo: ${redoLabel} (Ctrl+Shift+Z)` : "Nothing to redo"} onClick={onRedo}>
        Redo
      </Button>
      <Button variant="ghost" aria-expanded={showKeys} onClick={() => { setShowKeys(!showKeys); }} data-testid="show-keys">
        Keys
      </Button>
      {showKeys && (
        <dl className="absolute top-full right-6 z-20 mt-1 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 rounded-lg border border-ink-700 bg-ink-900 p-4 text-xs shadow-2xl" data-testid="keys-help">
          {KEYS.map(([key, what]) => (
            <div key={key} className="contents">
              <dt className="font-mono text-slate-200">{key}</dt>
              <dd className="text-slate-400">{what}</dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}

/**
 * A take row's right-hand control: "In use" on the current take, else a button that makes it
 * current (rollback; it never queues a regeneration).
 */
export function UseTakeButton({ current, using, onUse, testId }: { current: boolean; using: boolean; onUse: () => void; testId: string }) {
  if (current) {
    return <span className="shrink-0 rounded-full bg-accent-500/20 px-2 py-0.5 text-[11px] font-medium text-accent-400">In use</span>;
  }
  return (
    <button
      type="button"
      data-testid={testId}
      disabled={using}
      onClick={onUse}
      className="shrink-0 rounded-md px-2 py-1 text-xs font-medium text-slate-300 ring-1 ring-ink-600 ring-inset hover:bg-ink-800 hover:text-white disabled:opacity-50"
    >
      {using ? "Restoring…" : "Use this take"}
    </button>
  );
}

/** A take row's left-hand control for narration and clips: shows or hides its player. */
export function PreviewTakeButton({ open, disabled, onToggle }: { open: boolean; disabled: boolean; onToggle: () => void }) {
  return (
    <button
      type="button"
      aria-label={open ? "Hide this take" : "Play this take"}
      aria-pressed={open}
      disabled={disabled}
      onClick={onToggle}
      className="grid size-8 shrink-0 place-items-center rounded-full bg-ink-800 text-slate-300 hover:bg-ink-700 hover:text-white"
    >
      <svg viewBox="0 0 24 24" className="size-3.5" fill="currentColor" aria-hidden>
        {open ? <path d="M7 6h3v12H7zM14 6h3v12h-3z" /> : <path d="M8 5v14l11-7z" />}
      </svg>
    </button>
  );
}

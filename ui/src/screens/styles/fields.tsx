import type { ReactNode } from "react";

/** Input styling shared by the Style builder, Characters and Voice-over forms. */
export const INPUT =
  "w-full rounded-md border border-ink-600 bg-ink-850 px-3 py-1.5 text-sm text-slate-100 placeholder:text-slate-600 focus:border-accent-400 focus:outline-none disabled:opacity-60";

/** A labelled form row, with an optional hint and a problem in words. */
export function Field({ label, hint, problem, children }: { label: string; hint?: string; problem?: string; children: ReactNode }) {
  return (
    <label className="flex flex-col gap-1 py-1.5">
      <span className="text-xs font-medium text-slate-300">{label}</span>
      {children}
      {hint && !problem && <span className="text-xs text-slate-500">{hint}</span>}
      {problem && <span className="text-xs text-rose-300">{problem}</span>}
    </label>
  );
}

/** A screen's title and one line of what it is for. */
export function ScreenHeader({ title, summary, children }: { title: string; summary: string; children?: ReactNode }) {
  return (
    <header className="flex items-start justify-between gap-6 border-b border-ink-800 px-8 py-5">
      <div>
        <h1 className="text-xl font-semibold text-white">{title}</h1>
        <p className="mt-1 text-sm text-slate-400">{summary}</p>
      </div>
      {children && <div className="flex shrink-0 items-center gap-2">{children}</div>}
    </header>
  );
}

/** A list entry that can be selected. */
export function ListItem({ selected, onSelect, children, testId }: { selected: boolean; onSelect: () => void; children: ReactNode; testId?: string }) {
  return (
    <li>
      <button
        type="button"
        onClick={onSelect}
        data-testid={testId}
        aria-current={selected ? "true" : undefined}
        className={`w-full rounded-lg border px-3 py-2.5 text-left transition-colors ${
          selected ? "border-accent-500/60 bg-ink-800" : "border-ink-800 bg-ink-900 hover:border-ink-600"
        }`}
      >
        {children}
      </button>
    </li>
  );
}

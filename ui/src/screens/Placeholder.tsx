import type { ReactNode } from "react";

/** An honest placeholder: what this screen will do, and that it is not built yet. */
export function Placeholder({ title, summary, coming, children }: { title: string; summary: string; coming: string[]; children?: ReactNode }) {
  return (
    <div className="h-full overflow-y-auto">
      <div className="mx-auto max-w-3xl px-10 py-12">
        <p className="mb-2 text-xs font-semibold tracking-wider text-accent-400 uppercase">Not built yet</p>
        <h1 className="text-2xl font-semibold text-white">{title}</h1>
        <p className="mt-3 text-slate-400">{summary}</p>
        <div className="mt-8 rounded-xl border border-dashed border-ink-600 bg-ink-900/60 p-6">
          <p className="mb-3 text-sm font-medium text-slate-300">What is coming here</p>
          <ul className="space-y-2 text-sm text-slate-400">
            {coming.map((line) => (
              <li key={line} className="flex gap-2">
                <span className="mt-2 size-1 shrink-0 rounded-full bg-slate-500" aria-hidden />
                {line}
              </li>
            ))}
          </ul>
        </div>
        {children}
      </div>
    </div>
  );
}

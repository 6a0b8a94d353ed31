import { useMemo } from "react";
import type { ProjectTree } from "../../bindings";
import { anyDirty, type Row } from "../../state/tree";
import { countOf } from "../../state/words";

/** The sections in order, each a link to its heading; a dot marks sections with something to generate. */
export function SectionNav({ tree, rows, onJump }: { tree: ProjectTree; rows: Row[]; onJump: (index: number) => void }) {
  const starts = useMemo(() => {
    const map = new Map<string, number>();
    rows.forEach((row, index) => {
      if (row.kind === "section") map.set(row.section.id, index);
    });
    return map;
  }, [rows]);
  return (
    <aside className="hidden w-60 shrink-0 overflow-y-auto border-r border-ink-800 bg-ink-900/50 py-3 lg:block" aria-label="Sections">
      <p className="px-4 pb-2 text-[11px] font-semibold tracking-wider text-slate-500 uppercase">Sections</p>
      <ul>
        {tree.sections.map((section, index) => {
          const dirty = section.sentences.filter(anyDirty).length;
          return (
            <li key={section.id}>
              <button
                type="button"
                data-testid="jump-to-section"
                onClick={() => {
                  onJump(starts.get(section.id) ?? 0);
                }}
                className="flex w-full items-center gap-2 px-4 py-1.5 text-left text-sm text-slate-400 hover:bg-ink-850 hover:text-white"
              >
                <span className="w-6 shrink-0 text-right text-xs text-slate-600 tabular-nums">{index + 1}</span>
                <span className="min-w-0 flex-1 truncate">{section.title || "Untitled section"}</span>
                {dirty > 0 && <span className="size-1.5 shrink-0 rounded-full bg-amber-400" title={`${countOf(dirty, "sentence")} to generate`} />}
              </button>
            </li>
          );
        })}
      </ul>
    </aside>
  );
}

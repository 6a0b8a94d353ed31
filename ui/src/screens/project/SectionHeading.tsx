import { memo, useState } from "react";
import type { Section } from "../../bindings";
import { renameSectionEdit } from "./editHistory";
import { useScriptEditor } from "./editorContext";
import { countOf } from "../../state/words";

/** A section's heading: its number and title (double-click to rename), play, and a handle to drag it (or Alt+↑ / Alt+↓). */
export const SectionHeading = memo(function SectionHeading({ section, number, dragging = false }: { section: Section; number: number; dragging?: boolean }) {
  const api = useScriptEditor();
  const [renaming, setRenaming] = useState(false);
  const [title, setTitle] = useState(section.title);
  const save = () => {
    setRenaming(false);
    const next = title.trim();
    if (next !== "" && next !== section.title) void api.perform(renameSectionEdit(section.id, section.title, next));
  };
  return (
    <div
      className={`group flex items-center gap-3 border-b border-ink-800 bg-ink-950 px-6 pt-6 pb-2 ${dragging ? "opacity-40" : ""}`}
      data-testid="section-heading"
      data-section-id={section.id}
    >
      <span
        role="button"
        tabIndex={-1}
        aria-label="Drag to move this section"
        title="Drag to move the section (or Alt+↑ / Alt+↓ on its title)"
        data-testid="section-drag"
        onPointerDown={(event) => {
          api.dragStart("section", section.id, event);
        }}
        className="cursor-grab touch-none text-slate-700 select-none group-hover:text-slate-500"
      >
        <svg viewBox="0 0 24 24" className="size-4" fill="currentColor" aria-hidden>
          <circle cx="9" cy="8" r="1.5" />
          <circle cx="15" cy="8" r="1.5" />
          <circle cx="9" cy="16" r="1.5" />
          <circle cx="15" cy="16" r="1.5" />
        </svg>
      </span>
      <span className="w-10 shrink-0 text-right text-xs font-semibold text-accent-400 tabular-nums">§{number}</span>
      {renaming ? (
        <input
          autoFocus
          aria-label="Section title"
          data-testid="section-title-input"
          value={title}
          onChange={(e) => {
            setTitle(e.target.value);
          }}
          onBlur={save}
          onKeyDown={(e) => {
            if (e.key === "Enter") save();
            if (e.key === "Escape") setRenaming(false);
          }}
          className="flex-1 rounded-md border border-accent-400/70 bg-ink-900 px-2 py-0.5 text-sm font-semibold text-white focus:outline-none"
        />
      ) : (
        <h2
          tabIndex={0}
          data-testid="section-title"
          title="Double-click to rename; Alt+↑ / Alt+↓ moves the section"
          onDoubleClick={() => {
            setTitle(section.title);
            setRenaming(true);
          }}
          onKeyDown={(event) => {
            if (event.key === "F2") {
              setTitle(section.title);
              setRenaming(true);
            } else {
              api.sectionKey(event, section.id);
            }
          }}
          className="flex-1 truncate rounded px-1 text-sm font-semibold tracking-wide text-slate-100 focus:outline-2 focus:outline-accent-400/60"
        >
          {section.title || "Untitled section"}
        </h2>
      )}
      <button
        type="button"
        data-testid="play-section"
        onClick={() => {
          api.play("section", section.id);
        }}
        className="rounded px-2 py-0.5 text-xs text-slate-400 opacity-0 group-hover:opacity-100 hover:bg-ink-800 hover:text-white focus-visible:opacity-100"
      >
        ▶ Play section
      </button>
      <span className="text-xs text-slate-500">{countOf(section.sentences.length, "sentence")}</span>
    </div>
  );
});

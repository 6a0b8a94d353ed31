import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from "react";
import { Link } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { useVirtualizer } from "@tanstack/react-virtual";
import { commands, type ProjectTree, type Sentence } from "../../bindings";
import { keys } from "../../state/queryKeys";
import { SentenceRow } from "../../components/SentenceRow";
import { useToast } from "../../components/Toasts";
import { flatten, type Row } from "../../state/tree";
import { markAfterPaint } from "../../state/metrics";
import { charLength, deleteEdit, mergeEdit, splitEdit } from "./editHistory";
import { ScriptEditorContext, type ScriptEditorApi } from "./editorContext";
import { timelineOf, type Timeline } from "./karaoke";
import { KaraokeBar } from "./KaraokeBar";
import { dropEdit, locate, stepSection, stepSentence, type DropTarget } from "./moves";
import { SectionHeading } from "./SectionHeading";
import { SectionNav } from "./SectionNav";
import { EditorToolbar } from "./EditorToolbar";
import { searchRows } from "./search";
import { useEditHistory } from "./useEditHistory";

interface Drag {
  kind: "sentence" | "section";
  id: string;
  target: DropTarget | null;
}

/** The next or previous sentence row from row `index`. */
function neighbour(rows: readonly Row[], index: number, direction: -1 | 1): string | null {
  for (let i = index + direction; i >= 0 && i < rows.length; i += direction) {
    const row = rows[i];
    if (row?.kind === "sentence") return row.sentence.id;
  }
  return null;
}

/** Pixels from the list's top or bottom edge where a drag scrolls it. */
const DRAG_SCROLL_EDGE = 48;

/**
 * The script editor: sections and sentences (virtualised), inline edits, structural edits
 * by keyboard and drag, undo and redo, search, section navigation, karaoke and prompts.
 */
export function ScriptEditor({ tree }: { tree: ProjectTree }) {
  const toast = useToast();
  const rows = useMemo(() => flatten(tree), [tree]);
  const indexOf = useMemo(() => new Map(rows.map((row, index) => [row.kind === "section" ? row.section.id : row.sentence.id, index])), [rows]);
  const history = useEditHistory(tree.project.id);
  const { perform } = history;
  const [selected, setSelected] = useState<string | null>(null);
  const focusWanted = useRef(false);
  const [openPrompts, setOpenPrompts] = useState<ReadonlySet<string>>(() => new Set());
  const [search, setSearch] = useState("");
  const [hit, setHit] = useState(-1);
  const [karaoke, setKaraoke] = useState<{ timeline: Timeline; title: string } | null>(null);
  const [playingId, setPlayingId] = useState<string | null>(null);
  const [drag, setDrag] = useState<Drag | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  // Asked now, so a karaoke run starts at once when Play is pressed (media paths are relative to it).
  useQuery({ queryKey: keys.dataDir, queryFn: () => commands.dataDir() });

  // Callbacks given to rows read the latest script through refs, so the rows' context stays the same object.
  const latest = useRef({ tree, rows, indexOf, drag });
  useEffect(() => {
    latest.current = { tree, rows, indexOf, drag };
  });

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => (rows[index]?.kind === "section" ? 58 : 62),
    getItemKey: (index) => rows[index]?.key ?? index,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const hasRows = items.length > 0;
  useEffect(() => {
    if (hasRows) markAfterPaint("projectRowsPainted");
  }, [hasRows]);

  const focusSentence = useCallback(
    (id: string) => {
      setSelected(id);
      focusWanted.current = true;
      const index = latest.current.indexOf.get(id);
      if (index !== undefined) virtualizer.scrollToIndex(index, { align: "auto" });
    },
    [virtualizer],
  );

  // Focus the wanted row once it is drawn: after a scroll, or after a move drew it elsewhere.
  useEffect(() => {
    if (!focusWanted.current || selected === null) return;
    const text = scrollRef.current?.querySelector<HTMLElement>(`[data-sentence-id="${selected}"] [data-testid=sentence-text]`);
    if (!text) return;
    focusWanted.current = false;
    if (document.activeElement !== text) text.focus({ preventScroll: true });
  });

  const sentenceOf = (id: string): { sentence: Sentence; next: Sentence | undefined; index: number } | null => {
    const at = locate(latest.current.tree, id);
    const sentence = at?.section.sentences[at.index];
    return at && sentence ? { sentence, next: at.section.sentences[at.index + 1], index: at.index } : null;
  };

  const api = useMemo<ScriptEditorApi>(() => {
    const play = (kind: "sentence" | "section", id: string) => {
      const { tree: current } = latest.current;
      const section = kind === "section" ? current.sections.find((s) => s.id === id) : undefined;
      const found = kind === "sentence" ? locate(current, id) : null;
      const sentence = found?.section.sentences[found.index];
      const timeline = timelineOf(section ? section.sentences : sentence ? [sentence] : []);
      if (timeline.segments.length === 0) {
        toast.info(kind === "section" ? "Nothing to play yet: no sentence of this section has narration. Generate the narration first." : "Nothing to play yet: this sentence has no narration. Generate the narration first.");
        return;
      }
      const title = section ? `§${current.sections.indexOf(section) + 1} ${section.title || "Untitled section"}` : `Sentence ${sentenceNumber(latest.current.rows, id)}`;
      setKaraoke({ timeline, title });
    };
    const mergeWithNext = (id: string) => {
      const found = sentenceOf(id);
      if (!found) return;
      if (!found.next) {
        toast.info("This is the last sentence of its section: only sentences of the same section merge.");
        return;
      }
      focusWanted.current = true;
      void perform(mergeEdit(found.sentence, found.next));
    };
    const remove = (id: string) => {
      const found = sentenceOf(id);
      if (!found) return;
      const index = latest.current.indexOf.get(id) ?? 0;
      const next = neighbour(latest.current.rows, index, 1) ?? neighbour(latest.current.rows, index, -1);
      if (next) focusSentence(next);
      void perform(deleteEdit(found.sentence, found.index));
    };
    const togglePrompts = (id: string) => {
      setOpenPrompts((open) => {
        const next = new Set(open);
        if (!next.delete(id)) next.add(id);
        return next;
      });
    };
    return {
      projectId: tree.project.id,
      perform,
      record: history.record,
      select: setSelected,
      sentenceKey(event: KeyboardEvent, sentence: Sentence) {
        const { rows: current, tree: script, indexOf: where } = latest.current;
        const index = where.get(sentence.id) ?? 0;
        const direction = event.key === "ArrowUp" ? -1 : event.key === "ArrowDown" ? 1 : 0;
        if (direction !== 0 && event.altKey) {
          event.preventDefault();
          const edit = stepSentence(script, sentence.id, direction);
          if (edit) {
            focusWanted.current = true;
            void perform(edit);
          }
        } else if (direction !== 0 && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
          event.preventDefault();
          const next = neighbour(current, index, direction);
          if (next) focusSentence(next);
        } else if (event.ctrlKey || event.metaKey || event.altKey) {
          return;
        } else if (event.key === "m" || event.key === "M") {
          event.preventDefault();
          mergeWithNext(sentence.id);
        } else if (event.key === "Delete") {
          event.preventDefault();
          remove(sentence.id);
        } else if (event.key === " ") {
          event.preventDefault();
          play("sentence", sentence.id);
        } else if (event.key === "p" || event.key === "P") {
          event.preventDefault();
          togglePrompts(sentence.id);
        }
      },
      sectionKey(event: KeyboardEvent, sectionId: string) {
        const direction = event.key === "ArrowUp" ? -1 : event.key === "ArrowDown" ? 1 : 0;
        if (direction === 0 || !event.altKey) return;
        event.preventDefault();
        const edit = stepSection(latest.current.tree, sectionId, direction);
        if (edit) void perform(edit);
      },
      split(sentence: Sentence, at: number) {
        if (at <= 0 || at >= charLength(sentence.text) || sentence.text.slice(0, at).trim() === "") {
          toast.info("Put the cursor where the new sentence should start, then press Ctrl+Enter.");
          return;
        }
        setSelected(sentence.id);
        focusWanted.current = true;
        void perform(splitEdit(sentence, at));
      },
      mergeWithNext,
      remove,
      play,
      togglePrompts,
      dragStart(kind: "sentence" | "section", id: string, event: PointerEvent) {
        if (event.button !== 0) return;
        event.preventDefault();
        setDrag({ kind, id, target: null });
      },
    };
  }, [tree.project.id, perform, history.record, toast, focusSentence]);

  // A drag ends where the pointer is let go; Escape cancels it.
  const dragging = drag !== null;
  useEffect(() => {
    if (!dragging) return;
    const up = () => {
      const current = latest.current.drag;
      setDrag(null);
      if (!current?.target) return;
      const edit = dropEdit(latest.current.tree, current, current.target);
      if (!edit) return;
      if (current.kind === "sentence") {
        setSelected(current.id);
        focusWanted.current = true;
      }
      void perform(edit);
    };
    const key = (event: globalThis.KeyboardEvent) => {
      if (event.key === "Escape") setDrag(null);
    };
    window.addEventListener("pointerup", up);
    window.addEventListener("keydown", key);
    return () => {
      window.removeEventListener("pointerup", up);
      window.removeEventListener("keydown", key);
    };
  }, [dragging, perform]);

  const dragOver = (row: Row, event: PointerEvent<HTMLDivElement>) => {
    if (!drag) return;
    const box = event.currentTarget.getBoundingClientRect();
    const target: DropTarget = {
      kind: row.kind,
      id: row.kind === "section" ? row.section.id : row.sentence.id,
      after: event.clientY > box.top + box.height / 2,
    };
    const old = drag.target;
    if (old?.kind === target.kind && old.id === target.id && old.after === target.after) return;
    setDrag({ ...drag, target });
  };

  const matches = useMemo(() => searchRows(rows, search), [rows, search]);
  const goToMatch = (n: number) => {
    if (matches.length === 0) return;
    const i = ((n % matches.length) + matches.length) % matches.length;
    setHit(i);
    const index = matches[i] ?? 0;
    virtualizer.scrollToIndex(index, { align: "center" });
    const row = rows[index];
    if (row?.kind === "sentence") setSelected(row.sentence.id);
  };

  const closeKaraoke = useCallback(() => {
    setKaraoke(null);
  }, []);

  return (
    <ScriptEditorContext.Provider value={api}>
      <div className="flex min-h-0 flex-1">
        <SectionNav
          tree={tree}
          rows={rows}
          onJump={(index) => {
            virtualizer.scrollToIndex(index, { align: "start" });
          }}
        />
        <div className="flex min-w-0 flex-1 flex-col">
          <EditorToolbar
            search={search}
            onSearch={(value) => {
              setSearch(value);
              setHit(-1);
            }}
            matchCount={matches.length}
            hit={hit}
            onNext={() => {
              goToMatch(hit + 1);
            }}
            onPrevious={() => {
              goToMatch(hit < 0 ? -1 : hit - 1);
            }}
            undoLabel={history.undoLabel}
            redoLabel={history.redoLabel}
            onUndo={() => void history.undo()}
            onRedo={() => void history.redo()}
          />
          <div
            ref={scrollRef}
            className={`min-h-0 flex-1 overflow-y-auto ${drag ? "cursor-grabbing select-none" : ""}`}
            data-testid="sentence-list"
            onPointerMove={(event) => {
              const list = scrollRef.current;
              if (!drag || !list) return;
              const box = list.getBoundingClientRect();
              if (event.clientY < box.top + DRAG_SCROLL_EDGE) list.scrollTop -= 16;
              else if (event.clientY > box.bottom - DRAG_SCROLL_EDGE) list.scrollTop += 16;
            }}
          >
            {rows.length === 0 ? (
              <p className="px-8 py-12 text-sm text-slate-400" data-testid="no-script">
                {tree.project.topic ? (
                  <>
                    This project&apos;s script is written from its topic, after you have reviewed the outline.{" "}
                    <Link className="text-accent-400 hover:underline" to={`/new/${tree.project.id}/outline`} data-testid="open-outline">
                      Review the outline
                    </Link>
                  </>
                ) : (
                  "This project has no script yet. Start one from a topic or a script under New project on the Dashboard."
                )}
              </p>
            ) : (
              <div className="relative w-full" style={{ height: virtualizer.getTotalSize() }}>
                {items.map((item) => {
                  const row = rows[item.index];
                  if (!row) return null;
                  const id = row.kind === "section" ? row.section.id : row.sentence.id;
                  const line = drag?.target?.id === id ? (drag.target.after ? "after" : "before") : null;
                  return (
                    <div
                      key={item.key}
                      data-index={item.index}
                      ref={virtualizer.measureElement}
                      className="absolute top-0 left-0 w-full"
                      style={{ transform: `translateY(${item.start}px)` }}
                      onPointerMove={(event) => {
                        dragOver(row, event);
                      }}
                    >
                      {row.kind === "section" ? (
                        <SectionHeading section={row.section} number={row.number} dragging={drag?.kind === "section" && drag.id === id} />
                      ) : (
                        <SentenceRow
                          sentence={row.sentence}
                          number={row.number}
                          query={search}
                          selected={selected === id}
                          playing={playingId === id}
                          promptsOpen={openPrompts.has(id)}
                          dragging={drag?.kind === "sentence" && drag.id === id}
                        />
                      )}
                      {line && <div data-testid="drop-line" className={`pointer-events-none absolute inset-x-6 h-0.5 rounded bg-accent-400 ${line === "after" ? "bottom-0" : "top-0"}`} />}
                    </div>
                  );
                })}
              </div>
            )}
          </div>
          {karaoke && <KaraokeBar timeline={karaoke.timeline} title={karaoke.title} onSentence={setPlayingId} onClose={closeKaraoke} />}
        </div>
      </div>
    </ScriptEditorContext.Provider>
  );
}

/** The project-wide number of a sentence. */
function sentenceNumber(rows: readonly Row[], id: string): number {
  const row = rows.find((r) => r.key === id);
  return row?.kind === "sentence" ? row.number : 0;
}

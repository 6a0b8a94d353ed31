import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState, type MouseEvent, type RefObject } from "react";
import { useVirtualizer } from "@tanstack/react-virtual";
import type { SceneRow, StoryboardSection } from "../../bindings";
import { markAfterPaint } from "../../state/metrics";
import { PieceBadge, RegenerateMenu, Thumb, type RegenerateChoice } from "./SceneBits";
import { PIECES, gridItems, sceneLength, sectionStarts, workOn, type TableItem, type WorkMap } from "./storyboardState";

/** How a click on a scene was meant: select it alone, add/remove it, or select a range. */
export type ClickMode = "only" | "toggle" | "range";

function clickMode(event: MouseEvent): ClickMode {
  if (event.shiftKey) return "range";
  if (event.ctrlKey || event.metaKey) return "toggle";
  return "only";
}

/** Row heights, fixed so the virtual list never measures (2,700 rows scroll without layout work). */
const TABLE_ROW = 76;
const SECTION_ROW = 52;
const CARD_MIN_WIDTH = 190;
const GRID_GAP = 12;
/** Card height beyond its 16:9 picture: number, two lines of text, badges. */
const CARD_TEXT = 84;

export type SceneListProps = {
  items: TableItem[];
  view: "table" | "grid";
  work: WorkMap;
  selected: ReadonlySet<string>;
  focused: string | null;
  urlOf: ((relative: string) => string) | null;
  onSceneClick: (id: string, mode: ClickMode) => void;
  onSectionAction: (sectionId: string, choice: RegenerateChoice) => void;
  busySection: string | null;
  /** Set by the list: scrolls to a section's heading. */
  jumpRef: RefObject<((sectionId: string) => void) | null>;
};

const SectionHeading = memo(function SectionHeading({
  section,
  number,
  scenes,
  firstScene,
  busy,
  onAction,
}: {
  section: StoryboardSection;
  number: number;
  scenes: number;
  firstScene: number;
  busy: boolean;
  onAction: (sectionId: string, choice: RegenerateChoice) => void;
}) {
  return (
    <div className="flex h-full items-end gap-3 border-b border-ink-800 bg-ink-950 px-5 pb-2" data-testid="storyboard-section" data-section-id={section.id}>
      <span className="text-xs font-semibold text-accent-400 tabular-nums">§{number}</span>
      <h2 className="min-w-0 flex-1 truncate text-sm font-semibold tracking-wide text-slate-100">{section.title || "Untitled section"}</h2>
      <span className="shrink-0 text-xs text-slate-500 tabular-nums">
        {scenes === 0 ? "no scenes" : `scenes ${firstScene}–${firstScene + scenes - 1}`}
      </span>
      {scenes > 0 && (
        <RegenerateMenu
          label="Regenerate section"
          busy={busy}
          testId="section-regenerate"
          onPick={(choice) => {
            onAction(section.id, choice);
          }}
        />
      )}
    </div>
  );
});

type RowProps = {
  row: SceneRow;
  number: number;
  work: WorkMap;
  selected: boolean;
  focused: boolean;
  thumb: string | null;
  onClick: (id: string, mode: ClickMode) => void;
};

const CAMERA_TEXT: Record<SceneRow["cameraMovement"], string> = {
  static: "static",
  pan_left: "pan left",
  pan_right: "pan right",
  tilt_up: "tilt up",
  tilt_down: "tilt down",
  zoom_in: "zoom in",
  zoom_out: "zoom out",
  dolly_in: "dolly in",
  dolly_out: "dolly out",
  orbit: "orbit",
};

/** One scene as a table row: number, thumbnail, text, the three pieces' badges. */
const SceneTableRow = memo(function SceneTableRow({ row, number, work, selected, focused, thumb, onClick }: RowProps) {
  return (
    <div
      role="row"
      aria-selected={selected}
      data-testid="scene-row"
      data-scene-id={row.id}
      onClick={(event) => {
        onClick(row.id, clickMode(event));
      }}
      className={`flex h-full cursor-default items-center gap-3 border-b border-ink-800/70 px-5 ${
        focused ? "bg-accent-500/15" : selected ? "bg-accent-500/10" : "hover:bg-ink-900"
      }`}
    >
      <input
        type="checkbox"
        aria-label={`Select scene ${number}`}
        checked={selected}
        onClick={(event) => {
          event.stopPropagation();
          onClick(row.id, event.shiftKey ? "range" : "toggle");
        }}
        onChange={() => {}}
        className="size-3.5 shrink-0 accent-accent-500"
      />
      <span className="w-10 shrink-0 text-right text-xs text-slate-500 tabular-nums">{number}</span>
      <Thumb src={thumb} hasImage={row.image.hasFile} className="h-[54px] w-24 shrink-0 rounded" />
      <div className="min-w-0 flex-1">
        <p className="line-clamp-2 text-sm leading-snug text-slate-200" data-testid="scene-text">
          {row.text}
        </p>
        <p className="mt-0.5 truncate text-[11px] text-slate-500">
          {sceneLength(row.durationMs)} · camera {CAMERA_TEXT[row.cameraMovement]}
          {row.clipChoice === "ken_burns" && " · Ken Burns"}
          {row.ownPrompt && <span className="text-accent-400"> · my prompt</span>}
        </p>
      </div>
      <div className="flex shrink-0 gap-1">
        {PIECES.map((p) => (
          <PieceBadge key={p.kind} kind={p.kind} piece={row[p.field]} working={workOn(work, row, p.kind)} />
        ))}
      </div>
    </div>
  );
});

/** One scene as a grid card. */
const SceneCard = memo(function SceneCard({ row, number, work, selected, focused, thumb, onClick }: RowProps) {
  return (
    <div
      role="gridcell"
      aria-selected={selected}
      data-testid="scene-card"
      data-scene-id={row.id}
      onClick={(event) => {
        onClick(row.id, clickMode(event));
      }}
      className={`flex min-w-0 flex-1 cursor-default flex-col overflow-hidden rounded-lg bg-ink-900 ring-1 ${
        focused ? "ring-2 ring-accent-400" : selected ? "ring-accent-400/60" : "ring-ink-800 hover:ring-ink-600"
      }`}
    >
      <Thumb src={thumb} hasImage={row.image.hasFile} className="aspect-video w-full" />
      <div className="flex flex-1 flex-col gap-1 px-2.5 py-2">
        <p className="line-clamp-2 text-xs leading-snug text-slate-300">
          <span className="mr-1 text-slate-500 tabular-nums">{number}</span>
          {row.text}
        </p>
        <div className="mt-auto flex gap-1">
          {PIECES.map((p) => (
            <PieceBadge key={p.kind} kind={p.kind} piece={row[p.field]} working={workOn(work, row, p.kind)} compact />
          ))}
          {row.ownPrompt && <span className="ml-auto text-[10px] text-accent-400">my prompt</span>}
        </div>
      </div>
    </div>
  );
});

/** The container's width, followed as the window (or the inspector) changes it. */
function useWidth(ref: RefObject<HTMLDivElement | null>): number {
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    setWidth(element.clientWidth);
    const observer = new ResizeObserver(() => {
      setWidth(element.clientWidth);
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
    };
  }, [ref]);
  return width;
}

/** Every scene of the project, virtualised, as a table or as a grid of cards. */
export function SceneList({ items, view, work, selected, focused, urlOf, onSceneClick, onSectionAction, busySection, jumpRef }: SceneListProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const width = useWidth(scrollRef);
  // 20 px of side padding in the grid.
  const columns = Math.max(1, Math.floor((width - 40 + GRID_GAP) / (CARD_MIN_WIDTH + GRID_GAP)));
  const cardWidth = columns > 0 ? (width - 40 - GRID_GAP * (columns - 1)) / columns : CARD_MIN_WIDTH;
  const cardRow = Math.round((cardWidth * 9) / 16 + CARD_TEXT + GRID_GAP);
  const lines = useMemo(() => (view === "grid" ? gridItems(items, columns) : items), [items, view, columns]);
  const starts = useMemo(() => sectionStarts(lines), [lines]);
  const virtualizer = useVirtualizer({
    count: lines.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => (lines[index]?.kind === "section" ? SECTION_ROW : view === "grid" ? cardRow : TABLE_ROW),
    getItemKey: (index) => lines[index]?.key ?? index,
    // Rows render in the scroll event itself (flushSync), so none shows blank while
    // scrolling: a few spare rows are enough, and every one more is work when the user jumps.
    overscan: view === "grid" ? 1 : 2,
  });
  // Sizes change with the view and the width; the list has no measured rows to keep.
  useEffect(() => {
    virtualizer.measure();
  }, [virtualizer, view, cardRow]);
  useEffect(() => {
    jumpRef.current = (sectionId: string) => {
      const index = starts.get(sectionId);
      if (index !== undefined) virtualizer.scrollToIndex(index, { align: "start" });
    };
  }, [jumpRef, starts, virtualizer]);
  const virtualItems = virtualizer.getVirtualItems();
  const hasRows = virtualItems.length > 0;
  useEffect(() => {
    if (hasRows) markAfterPaint("storyboardRowsPainted");
  }, [hasRows]);

  const thumbOf = (row: SceneRow) => (row.thumb && urlOf ? urlOf(row.thumb) : null);
  return (
    <div ref={scrollRef} className="min-w-0 flex-1 overflow-y-auto" data-testid="scene-list" data-view={view} role={view === "grid" ? "grid" : "table"} aria-label="Scenes">
      <div className="relative w-full" style={{ height: virtualizer.getTotalSize() }}>
        {virtualItems.map((item) => {
          const line = lines[item.index];
          if (!line) return null;
          let content;
          if (line.kind === "section") {
            content = (
              <SectionHeading
                section={line.section}
                number={line.number}
                scenes={line.scenes}
                firstScene={line.firstScene}
                busy={busySection === line.section.id}
                onAction={onSectionAction}
              />
            );
          } else if (line.kind === "scene") {
            content = (
              <SceneTableRow
                row={line.row}
                number={line.number}
                work={work}
                selected={selected.has(line.row.id)}
                focused={focused === line.row.id}
                thumb={thumbOf(line.row)}
                onClick={onSceneClick}
              />
            );
          } else {
            content = (
              <div className="flex gap-3 px-5 pt-3" role="row">
                {line.cells.map((cell) => (
                  <SceneCard
                    key={cell.row.id}
                    row={cell.row}
                    number={cell.number}
                    work={work}
                    selected={selected.has(cell.row.id)}
                    focused={focused === cell.row.id}
                    thumb={thumbOf(cell.row)}
                    onClick={onSceneClick}
                  />
                ))}
                {Array.from({ length: columns - line.cells.length }, (_, n) => (
                  <div key={`pad-${n}`} className="min-w-0 flex-1" aria-hidden />
                ))}
              </div>
            );
          }
          // Each line is laid out and painted on its own (its height is fixed): scrolling
          // the grid cost WebKit ~12% less CPU (tests/e2e/storyboard-bench.mjs).
          return (
            <div key={item.key} className="absolute top-0 left-0 w-full [contain:strict]" style={{ height: item.size, transform: `translateY(${item.start}px)` }}>
              {content}
            </div>
          );
        })}
      </div>
    </div>
  );
}

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { commands, type AssetKind, type Storyboard } from "../../bindings";
import { Button } from "../../components/Button";
import { useToast } from "../../components/Toasts";
import { lastProject, rememberProject } from "../../state/lastProject";
import { countOf } from "../../state/words";
import { ProjectChooser } from "../../components/ProjectChooser";
import { RegenerateMenu, type RegenerateChoice } from "./SceneBits";
import { SceneInspector } from "./SceneInspector";
import { SceneList, type ClickMode } from "./SceneList";
import { boardCounts, nextSelection, tableItems, workMap, workOn, type TableItem } from "./storyboardState";
import { useBoardActions, type BoardAction, type Target } from "./useBoardActions";
import { useMediaUrl } from "./media";
import { useStoryboard } from "./useStoryboard";

const VIEW_KEY = "videogen.storyboardView";

function savedView(): "table" | "grid" {
  try {
    return localStorage.getItem(VIEW_KEY) === "grid" ? "grid" : "table";
  } catch {
    return "table";
  }
}

/** A storyboard action from a menu choice, for a target. */
export function actionOf(choice: RegenerateChoice, target: Target): BoardAction {
  return choice.kind === "stale" ? { kind: "stale", target } : { kind: "regenerate", pieces: choice.pieces, target };
}

/** The storyboard of the project in the address (`/storyboard/:projectId`), else of the last one opened. */
export function StoryboardScreen() {
  const { projectId } = useParams();
  const id = projectId ?? lastProject() ?? "";
  if (id === "") return <ChooseProject />;
  return <ProjectStoryboard key={id} projectId={id} />;
}

function ChooseProject() {
  return (
    <ProjectChooser
      title="Storyboard"
      summary="Every sentence as a scene: its image, clip and narration. Choose a project to see its scenes."
      linkTo={(id) => `/storyboard/${id}`}
      noun="scene"
      testId="storyboard-choose"
    />
  );
}

function SectionNav({ board, items, onJump, narrow }: { board: Storyboard; items: TableItem[]; onJump: (sectionId: string) => void; narrow: boolean }) {
  const flags = useMemo(() => {
    const map = new Map<string, { stale: number; failed: number }>();
    for (const row of board.rows) {
      const entry = map.get(row.sectionId) ?? { stale: 0, failed: 0 };
      if (row.audio.dirty || row.image.dirty || row.video.dirty) entry.stale += 1;
      if (row.audio.error !== null || row.image.error !== null || row.video.error !== null) entry.failed += 1;
      map.set(row.sectionId, entry);
    }
    return map;
  }, [board.rows]);
  const headings = items.filter((i) => i.kind === "section");
  return (
        // With the inspector open the scenes need the room: the sections show on wide windows only.
    <nav className={`hidden w-56 shrink-0 overflow-y-auto border-r border-ink-800 bg-ink-900/50 py-3 ${narrow ? "2xl:block" : "lg:block"}`} aria-label="Sections">
      <p className="px-4 pb-2 text-[11px] font-semibold tracking-wider text-slate-500 uppercase">Sections</p>
      <ul>
        {headings.map((h) => {
          const f = flags.get(h.section.id);
          return (
            <li key={h.key}>
              <button
                type="button"
                data-testid="jump-to-section"
                onClick={() => {
                  onJump(h.section.id);
                }}
                className="flex w-full items-center gap-2 px-4 py-1.5 text-left text-sm text-slate-400 hover:bg-ink-850 hover:text-white"
              >
                <span className="w-6 shrink-0 text-right text-xs text-slate-600 tabular-nums">{h.number}</span>
                <span className="min-w-0 flex-1 truncate">{h.section.title || "Untitled section"}</span>
                {f && f.failed > 0 && <span className="size-1.5 shrink-0 rounded-full bg-rose-400" title={`${countOf(f.failed, "scene")} with a failed piece`} />}
                {f && f.stale > 0 && <span className="size-1.5 shrink-0 rounded-full bg-amber-400" title={`${countOf(f.stale, "scene")} to generate`} />}
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

function ViewSwitch({ view, onChange }: { view: "table" | "grid"; onChange: (view: "table" | "grid") => void }) {
  return (
    <div className="flex rounded-md bg-ink-850 p-0.5 ring-1 ring-ink-700" role="tablist" aria-label="View">
      {(["table", "grid"] as const).map((v) => (
        <button
          key={v}
          type="button"
          role="tab"
          aria-selected={view === v}
          data-testid={`view-${v}`}
          onClick={() => {
            onChange(v);
          }}
          className={`rounded px-2.5 py-1 text-xs font-medium ${view === v ? "bg-ink-700 text-white" : "text-slate-400 hover:text-white"}`}
        >
          {v === "table" ? "Table" : "Grid"}
        </button>
      ))}
    </div>
  );
}

function ProjectStoryboard({ projectId }: { projectId: string }) {
  const toast = useToast();
  const navigate = useNavigate();
  const { board, jobs } = useStoryboard(projectId);
  const { data: project } = useQuery({ queryKey: ["storyboard", projectId, "project"], queryFn: () => commands.getProject(projectId) });
  const actions = useBoardActions(projectId);
  const { run } = actions;
  const urlOf = useMediaUrl();
  const [view, setView] = useState<"table" | "grid">(savedView);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [focused, setFocused] = useState<string | null>(null);
  const anchor = useRef<string | null>(null);
  const jumpRef = useRef<((sectionId: string) => void) | null>(null);

  useEffect(() => {
    if (board.error) toast.error(board.error, "Could not open the storyboard");
  }, [board.error, toast]);
  useEffect(() => {
    if (board.data) rememberProject(projectId);
  }, [board.data, projectId]);

  const items = useMemo(() => (board.data ? tableItems(board.data) : []), [board.data]);
  const order = useMemo(() => items.flatMap((i) => (i.kind === "scene" ? [i.row.id] : [])), [items]);
  const inBoard = useMemo(() => new Set(order), [order]);
  const work = useMemo(() => workMap(jobs.data ?? []), [jobs.data]);
  const counts = useMemo(() => (board.data ? boardCounts(board.data) : null), [board.data]);

  const onSceneClick = useCallback(
    (id: string, mode: ClickMode) => {
      setSelected((current) => nextSelection(current, order, id, anchor.current, mode));
      if (mode !== "range") anchor.current = id;
      if (mode === "only") setFocused(id);
    },
    [order],
  );
  const onSectionAction = useCallback(
    (sectionId: string, choice: RegenerateChoice) => {
      run(actionOf(choice, { sections: [sectionId] }));
    },
    [run],
  );
  const switchView = (next: "table" | "grid") => {
    setView(next);
    try {
      localStorage.setItem(VIEW_KEY, next);
    } catch {
      // The choice is then only kept for this visit.
    }
  };

  const focusedItem = focused ? items.find((i): i is Extract<TableItem, { kind: "scene" }> => i.kind === "scene" && i.row.id === focused) : undefined;
  const sectionTitle = focusedItem ? (board.data?.sections.find((s) => s.id === focusedItem.row.sectionId)?.title ?? "") : "";
  const pending = actions.pending;
  const busySection = pending?.target.sections?.length === 1 ? (pending.target.sections[0] ?? null) : null;
  const busyPiece =
    pending?.kind === "regenerate" && focused && pending.target.scenes?.length === 1 && pending.target.scenes[0] === focused ? (pending.pieces[0] ?? null) : null;
  const selection = [...selected].filter((id) => inBoard.has(id));

  return (
    <div className="flex h-full flex-col">
      <header className="flex items-center gap-4 border-b border-ink-800 bg-ink-900 px-6 py-4">
        <div className="min-w-0 flex-1">
          <h1 className="truncate text-lg font-semibold text-white" data-testid="storyboard-title">
            {project ? project.name : "Storyboard"}
          </h1>
          <p className="text-xs text-slate-400" data-testid="storyboard-stats">
            {counts === null ? (
              "Loading scenes…"
            ) : (
              <>
                {countOf(counts.scenes, "scene")} ·{" "}
                {counts.stale > 0 ? <span className="text-amber-300">{counts.stale} to generate</span> : "all up to date"}
                {counts.failed > 0 && <span className="text-rose-300"> · {counts.failed} with a failed piece</span>}
              </>
            )}
          </p>
        </div>
        <ViewSwitch view={view} onChange={switchView} />
        <Link to={`/projects/${projectId}`} className="rounded-md px-3 py-1.5 text-sm text-slate-300 hover:bg-ink-800 hover:text-white">
          Script
        </Link>
        <Button
          data-testid="retry-all-failed"
          disabled={actions.retrying || !counts || counts.failed === 0}
          onClick={actions.retryFailed}
          title={counts && counts.failed === 0 ? "Nothing has failed" : undefined}
        >
          {actions.retrying ? "Retrying…" : "Retry all failed"}
        </Button>
        <Button
          variant="primary"
          data-testid="generate-stale"
          disabled={pending !== undefined || !counts || counts.stale === 0}
          onClick={() => {
            actions.run({ kind: "stale", target: {} });
          }}
        >
          {pending?.kind === "stale" && !pending.target.sections && !pending.target.scenes ? "Queuing…" : "Generate everything stale"}
        </Button>
      </header>

      {selection.length > 1 && (
        <div className="flex items-center gap-3 border-b border-accent-500/30 bg-accent-500/10 px-6 py-2 text-sm" data-testid="selection-bar">
          <span className="text-slate-100">{selection.length} scenes selected</span>
          <span className="flex-1" />
          <RegenerateMenu
            label="Regenerate selection"
            busy={pending?.target.scenes !== undefined && pending.target.scenes.length > 1}
            testId="selection-regenerate"
            onPick={(choice) => {
              actions.run(actionOf(choice, { scenes: selection }));
            }}
          />
          <button
            type="button"
            onClick={() => {
              setSelected(focused ? new Set([focused]) : new Set());
            }}
            className="text-xs text-slate-400 hover:text-white"
          >
            Clear selection
          </button>
        </div>
      )}

      <div className="flex min-h-0 flex-1">
        {board.data && (
          <SectionNav
            board={board.data}
            items={items}
            narrow={focusedItem !== undefined}
            onJump={(sectionId) => {
              jumpRef.current?.(sectionId);
            }}
          />
        )}
        {board.isPending ? (
          <p className="flex-1 px-8 py-12 text-sm text-slate-500">Loading scenes…</p>
        ) : board.error ? (
          <div className="flex-1 px-8 py-12 text-sm text-slate-400">
            The storyboard could not be read.{" "}
            <button type="button" className="text-accent-400 hover:underline" onClick={() => void navigate("/storyboard/")}>
              Choose another project
            </button>
            .
          </div>
        ) : order.length === 0 ? (
          <p className="flex-1 px-8 py-12 text-sm text-slate-400" data-testid="storyboard-empty">
            This project has no scenes yet: write or import its script in the{" "}
            <Link to={`/projects/${projectId}`} className="text-accent-400 hover:underline">
              script editor
            </Link>
            ; every sentence becomes a scene here.
          </p>
        ) : (
          <SceneList
            items={items}
            view={view}
            work={work}
            selected={selected}
            focused={focused}
            urlOf={urlOf}
            onSceneClick={onSceneClick}
            onSectionAction={onSectionAction}
            busySection={busySection}
            jumpRef={jumpRef}
          />
        )}
        {focusedItem && (
          <SceneInspector
            row={focusedItem.row}
            number={focusedItem.number}
            sectionTitle={sectionTitle}
            projectId={projectId}
            urlOf={urlOf}
            work={(kind: AssetKind) => workOn(work, focusedItem.row, kind)}
            busy={busyPiece}
            onRegenerate={(kind) => {
              actions.run({ kind: "regenerate", pieces: [kind], target: { scenes: [focusedItem.row.id] } });
            }}
            onClose={() => {
              setFocused(null);
              setSelected(new Set());
            }}
          />
        )}
      </div>
    </div>
  );
}

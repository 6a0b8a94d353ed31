import { useEffect, useMemo, useRef, type ReactNode } from "react";
import { Link, useParams } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { useVirtualizer } from "@tanstack/react-virtual";
import { commands, type Project, type ProjectTree, type Section } from "../bindings";
import { Icon } from "../components/Icon";
import { SentenceRow } from "../components/SentenceRow";
import { useToast } from "../components/Toasts";
import { keys } from "../state/queryKeys";
import { anyDirty, flatten, type Row } from "../state/tree";
import { markAfterPaint } from "../state/metrics";
import { rememberProject } from "../state/lastProject";
import { useGenerateBar } from "./project/GenerateBar";

function SectionHeading({ section, number }: { section: Section; number: number }) {
  return (
    <div className="flex items-baseline gap-3 border-b border-ink-800 bg-ink-950 px-6 pt-6 pb-2" data-testid="section-heading">
      <span className="w-12 shrink-0 text-right text-xs font-semibold text-accent-400 tabular-nums">§{number}</span>
      <h2 className="flex-1 truncate text-sm font-semibold tracking-wide text-slate-100">{section.title || "Untitled section"}</h2>
      <span className="text-xs text-slate-500">{section.sentences.length} sentences</span>
    </div>
  );
}

function SectionNav({ tree, rows, onJump }: { tree: ProjectTree; rows: Row[]; onJump: (index: number) => void }) {
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
                onClick={() => {
                  onJump(starts.get(section.id) ?? 0);
                }}
                className="flex w-full items-center gap-2 px-4 py-1.5 text-left text-sm text-slate-400 hover:bg-ink-850 hover:text-white"
              >
                <span className="w-6 shrink-0 text-right text-xs text-slate-600 tabular-nums">{index + 1}</span>
                <span className="min-w-0 flex-1 truncate">{section.title || "Untitled section"}</span>
                {dirty > 0 && <span className="size-1.5 shrink-0 rounded-full bg-amber-400" title={`${dirty} sentences to generate`} />}
              </button>
            </li>
          );
        })}
      </ul>
    </aside>
  );
}

function Sentences({ tree }: { tree: ProjectTree }) {
  const rows = useMemo(() => flatten(tree), [tree]);
  const scrollRef = useRef<HTMLDivElement>(null);
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

  return (
    <div className="flex min-h-0 flex-1">
      <SectionNav
        tree={tree}
        rows={rows}
        onJump={(index) => {
          virtualizer.scrollToIndex(index, { align: "start" });
        }}
      />
      <div ref={scrollRef} className="min-w-0 flex-1 overflow-y-auto" data-testid="sentence-list">
        {rows.length === 0 ? (
          <p className="px-8 py-12 text-sm text-slate-500">This project has no script yet. Import a script from the Dashboard, or wait for script writing to arrive.</p>
        ) : (
          <div className="relative w-full" style={{ height: virtualizer.getTotalSize() }}>
            {items.map((item) => {
              const row = rows[item.index];
              if (!row) return null;
              return (
                <div
                  key={item.key}
                  data-index={item.index}
                  ref={virtualizer.measureElement}
                  className="absolute top-0 left-0 w-full"
                  style={{ transform: `translateY(${item.start}px)` }}
                >
                  {row.kind === "section" ? (
                    <SectionHeading section={row.section} number={row.number} />
                  ) : (
                    <SentenceRow projectId={tree.project.id} sentence={row.sentence} number={row.number} />
                  )}
                </div>
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}

/** A project's script: sections and sentences with their asset states, virtualised. */
export function ProjectView() {
  const { projectId = "" } = useParams();
  const toast = useToast();
  const { data: tree, error, isPending } = useQuery({
    queryKey: keys.project(projectId),
    queryFn: () => commands.loadProject(projectId),
    enabled: projectId !== "",
  });
  useEffect(() => {
    if (error) toast.error(error, "Could not open the project");
  }, [error, toast]);
  useEffect(() => {
    if (tree) rememberProject(tree.project.id);
  }, [tree]);
  const stats = useMemo(() => {
    if (!tree) return null;
    let sentences = 0;
    let dirty = 0;
    for (const section of tree.sections) {
      sentences += section.sentences.length;
      dirty += section.sentences.filter(anyDirty).length;
    }
    return { sentences, dirty };
  }, [tree]);

  return (
    <div className="flex h-full flex-col">
      {tree && stats ? (
        <ProjectHeader project={tree.project} sections={tree.sections.length} stats={stats} />
      ) : (
        <HeaderFrame>
          <h1 className="truncate text-lg font-semibold text-white" data-testid="project-title">
            {isPending ? "Opening…" : "Project"}
          </h1>
        </HeaderFrame>
      )}
      {tree ? <Sentences tree={tree} /> : <div className="flex-1" />}
    </div>
  );
}

function HeaderFrame({ children, actions }: { children: ReactNode; actions?: ReactNode }) {
  return (
    <header className="flex items-center gap-4 border-b border-ink-800 bg-ink-900 px-6 py-4">
      <Link to="/" className="rounded-md p-1.5 text-slate-400 hover:bg-ink-800 hover:text-white" aria-label="Back to projects">
        <Icon name="back" />
      </Link>
      <div className="min-w-0 flex-1">{children}</div>
      {actions}
    </header>
  );
}

/** The open project's name, status and counts, its actions, and the panel an action opens. */
function ProjectHeader({ project, sections, stats }: { project: Project; sections: number; stats: { sentences: number; dirty: number } }) {
  const bar = useGenerateBar(project);
  return (
    <>
      <HeaderFrame actions={bar.buttons}>
        <div className="flex items-center gap-3">
          <h1 className="truncate text-lg font-semibold text-white" data-testid="project-title">
            {project.name}
          </h1>
          {bar.badge}
        </div>
        <p className="text-xs text-slate-400" data-testid="project-stats">
          {sections} sections · {stats.sentences} sentences ·{" "}
          {stats.dirty > 0 ? <span className="text-amber-300">{stats.dirty} to generate</span> : "all up to date"}
        </p>
      </HeaderFrame>
      {bar.panel}
    </>
  );
}

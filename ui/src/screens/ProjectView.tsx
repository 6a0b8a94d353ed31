import { useEffect, useMemo, type ReactNode } from "react";
import { Link, useParams } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { commands, type Project } from "../bindings";
import { Icon } from "../components/Icon";
import { useToast } from "../components/Toasts";
import { keys } from "../state/queryKeys";
import { anyDirty } from "../state/tree";
import { rememberProject } from "../state/lastProject";
import { useGenerateBar } from "./project/GenerateBar";
import { ScriptEditor } from "./project/ScriptEditor";
import { ExportButtons } from "./export/ExportButtons";

/** An open project: its header (status, counts, generate) over the script editor. */
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
      {tree ? <ScriptEditor tree={tree} /> : <div className="flex-1" />}
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
      <HeaderFrame
        actions={
          <>
            <ExportButtons projectId={project.id} />
            {bar.buttons}
          </>
        }
      >
        <div className="flex items-center gap-3">
          <h1 className="truncate text-lg font-semibold text-white" data-testid="project-title">
            {project.name}
          </h1>
          {bar.badge}
        </div>
        <p className="text-xs text-slate-400" data-testid="project-stats">
          {sections} {sections === 1 ? "section" : "sections"} · {stats.sentences} {stats.sentences === 1 ? "sentence" : "sentences"} ·{" "}
          {stats.dirty > 0 ? <span className="text-amber-300">{stats.dirty} to generate</span> : "all up to date"}
        </p>
      </HeaderFrame>
      {bar.panel}
    </>
  );
}

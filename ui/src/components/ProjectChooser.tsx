import { Link } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { commands } from "../bindings";
import { keys } from "../state/queryKeys";
import { countOf } from "../state/words";

interface ProjectChooserProps {
  /** The screen's name. */
  title: string;
  /** What the screen shows, and that a project must be chosen first. */
  summary: string;
  /** Where a project's link goes. */
  linkTo: (projectId: string) => string;
  /** What a project's sentences are called on this screen ("scene", "sentence"). */
  noun: string;
  testId: string;
}

/** A project screen before a project was opened: the projects to open, or where to make one. */
export function ProjectChooser({ title, summary, linkTo, noun, testId }: ProjectChooserProps) {
  const { data: projects, isPending } = useQuery({ queryKey: keys.projects, queryFn: () => commands.listProjects() });
  return (
    <div className="h-full overflow-y-auto">
      <div className="mx-auto max-w-2xl px-10 py-12" data-testid={testId}>
        <h1 className="text-2xl font-semibold text-white">{title}</h1>
        <p className="mt-2 text-slate-400">{summary}</p>
        {isPending ? (
          <p className="mt-6 text-sm text-slate-500">Loading projects…</p>
        ) : !projects || projects.length === 0 ? (
          <p className="mt-6 text-sm text-slate-400">
            There is no project yet.{" "}
            <Link to="/" className="text-accent-400 hover:underline">
              Create or import one on the Dashboard
            </Link>
            .
          </p>
        ) : (
          <ul className="mt-6 divide-y divide-ink-800 rounded-lg border border-ink-800">
            {projects.map((p) => (
              <li key={p.id}>
                <Link to={linkTo(p.id)} className="flex items-center gap-3 px-4 py-3 text-sm text-slate-200 hover:bg-ink-900">
                  <span className="flex-1 truncate">{p.name}</span>
                  <span className="text-xs text-slate-500">{countOf(p.sentenceCount, noun)}</span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

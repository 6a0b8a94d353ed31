import { Link } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { commands } from "../bindings";
import { keys } from "../state/queryKeys";
import { countOf } from "../state/words";

export { StoryboardScreen } from "./storyboard/StoryboardScreen";

export { StyleBuilderScreen } from "./styles/StyleBuilderScreen";
export { CharactersScreen } from "./characters/CharactersScreen";
export { VoiceOverScreen } from "./voice/VoiceOverScreen";

/** The Script editor before any project was opened: the projects to open, or where to make one. */
export function NoProjectOpen() {
  const { data: projects, isPending } = useQuery({ queryKey: keys.projects, queryFn: () => commands.listProjects() });
  return (
    <div className="h-full overflow-y-auto">
      <div className="mx-auto max-w-2xl px-10 py-12" data-testid="script-choose">
        <h1 className="text-2xl font-semibold text-white">Script editor</h1>
        <p className="mt-2 text-slate-400">Sections and sentences, their narration, images and clips. Choose a project to edit its script.</p>
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
                <Link to={`/projects/${p.id}`} className="flex items-center gap-3 px-4 py-3 text-sm text-slate-200 hover:bg-ink-900">
                  <span className="flex-1 truncate">{p.name}</span>
                  <span className="text-xs text-slate-500">{countOf(p.sentenceCount, "sentence")}</span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { commands, type Character } from "../../bindings";
import { useToast } from "../../components/Toasts";
import { lastProject } from "../../state/lastProject";
import { keys } from "../../state/queryKeys";
import { INPUT } from "../styles/fields";

/** Which characters a project casts: ticking one adds it to the cast. */
export function CastPanel({ characters }: { characters: readonly Character[] }) {
  const client = useQueryClient();
  const toast = useToast();
  const projects = useQuery({ queryKey: keys.projects, queryFn: () => commands.listProjects() });
  const [chosen, setChosen] = useState<string | null>(null);
  const projectId = chosen ?? projects.data?.find((p) => p.id === lastProject())?.id ?? projects.data?.at(0)?.id ?? null;
  const project = useQuery({
    queryKey: ["castOf", projectId],
    queryFn: () => (projectId ? commands.getProject(projectId) : null),
    enabled: projectId !== null,
  });
  const change = useMutation({
    mutationFn: ({ character, cast }: { character: string; cast: boolean }) =>
      projectId === null ? Promise.resolve(null) : cast ? commands.addToCast(projectId, character) : commands.removeFromCast(projectId, character),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ["castOf", projectId] });
      if (projectId) await client.invalidateQueries({ queryKey: keys.project(projectId) });
    },
    onError: (e) => { toast.error(e, "The cast was not changed"); },
  });
  if (projects.data?.length === 0) {
    return <p className="text-sm text-slate-500">Create a project to cast characters in it.</p>;
  }
  const cast = new Set(project.data?.cast ?? []);
  return (
    <section className="rounded-xl border border-ink-700 bg-ink-900 p-4" data-testid="cast-panel">
      <div className="flex items-center gap-3">
        <h2 className="text-sm font-semibold text-slate-200">Cast of</h2>
        <select aria-label="Project" className={`${INPUT} max-w-72`} value={projectId ?? ""} onChange={(e) => { setChosen(e.target.value); }}>
          {projects.data?.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </div>
      <p className="mt-1 text-xs text-slate-500">A cast character's description, first reference image and LoRA go into the scenes that mention its name or an alias.</p>
      <ul className="mt-3 grid grid-cols-2 gap-x-6 gap-y-1">
        {characters.map((c) => (
          <li key={c.id}>
            <label className="flex items-center gap-2 text-sm text-slate-300">
              <input
                type="checkbox"
                data-testid={`cast-${c.name}`}
                checked={cast.has(c.id)}
                disabled={project.data == null || change.isPending}
                onChange={(e) => { change.mutate({ character: c.id, cast: e.target.checked }); }}
              />
              {c.name}
              {c.aliases.length > 0 && <span className="truncate text-xs text-slate-500">({c.aliases.join(", ")})</span>}
            </label>
          </li>
        ))}
      </ul>
    </section>
  );
}

import { useEffect, useState } from "react";
import { useNavigate } from "react-router";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { commands, type ProjectSummary } from "../bindings";
import { Button } from "../components/Button";
import { Icon } from "../components/Icon";
import { useToast } from "../components/Toasts";
import { pickScriptFile } from "../ipc/pickFile";
import { keys } from "../state/queryKeys";
import { markAfterPaint } from "../state/metrics";
import { forgetProject } from "../state/lastProject";
import { Housekeeping } from "./manage/Housekeeping";
import { ProjectActions, RestoreBackupButton } from "./manage/ProjectActions";

function formatWhen(ms: number): string {
  const minutes = Math.round((Date.now() - ms) / 60000);
  if (minutes < 1) return "just now";
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  return new Date(ms).toLocaleDateString();
}

function formatDuration(ms: number): string {
  if (ms <= 0) return "—";
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}` : `${m}:${String(s).padStart(2, "0")}`;
}

function ConfirmDelete({ project, onClose }: { project: ProjectSummary; onClose: () => void }) {
  const toast = useToast();
  const client = useQueryClient();
  const remove = useMutation({
    mutationFn: () => commands.deleteProject(project.id),
    onSuccess: async () => {
      forgetProject(project.id);
      await client.invalidateQueries({ queryKey: keys.projects });
      toast.info(`“${project.name}” was moved to the trash.`);
      onClose();
    },
    onError: (error) => {
      toast.error(error, "Could not delete the project");
    },
  });
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") onClose();
    };
    window.addEventListener("keydown", onKey);
    return () => {
      window.removeEventListener("keydown", onKey);
    };
  }, [onClose]);
  return (
    <div className="fixed inset-0 z-40 grid place-items-center bg-black/60 p-4" role="dialog" aria-modal="true" aria-labelledby="delete-title">
      <div className="w-full max-w-md rounded-xl border border-ink-700 bg-ink-900 p-6 shadow-2xl">
        <h2 id="delete-title" className="text-lg font-semibold text-white">
          Delete “{project.name}”?
        </h2>
        <p className="mt-2 text-sm text-slate-400">
          Its script and media move to the trash. You can restore it from Trash below the project list until you delete it for good.
        </p>
        <div className="mt-6 flex justify-end gap-2">
          <Button variant="ghost" onClick={onClose}>
            Keep it
          </Button>
          <Button variant="danger" disabled={remove.isPending} onClick={() => { remove.mutate(); }} data-testid="confirm-delete">
            Delete project
          </Button>
        </div>
      </div>
    </div>
  );
}

function ProjectRow({ project, onDelete }: { project: ProjectSummary; onDelete: () => void }) {
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(project.name);
  const toast = useToast();
  const navigate = useNavigate();
  const client = useQueryClient();
  const rename = useMutation({
    mutationFn: (newName: string) =>
      // Only the name: a field left out is left as it is (null would clear it).
      commands.updateProject(project.id, { name: newName }),
    onSuccess: async () => {
      setRenaming(false);
      await client.invalidateQueries({ queryKey: keys.projects });
    },
    onError: (error) => {
      toast.error(error, "Could not rename the project");
    },
  });
  const open = () => {
    void navigate(`/projects/${project.id}`);
  };
  return (
    <tr className="group border-t border-ink-800 hover:bg-ink-850/70" data-testid="project-row" data-project-id={project.id}>
      <td className="py-3 pr-4 pl-5">
        {renaming ? (
          <form
            onSubmit={(event) => {
              event.preventDefault();
              rename.mutate(name);
            }}
            className="flex gap-2"
          >
            <input
              aria-label="New name"
              data-testid="rename-input"
              autoFocus
              value={name}
              onChange={(event) => {
                setName(event.target.value);
              }}
              onKeyDown={(event) => {
                if (event.key === "Escape") setRenaming(false);
              }}
              className="w-full rounded-md border border-accent-400 bg-ink-950 px-2 py-1 text-sm text-white focus:outline-none"
            />
            <Button type="submit" variant="primary" className="py-1">
              Save
            </Button>
          </form>
        ) : (
          <button type="button" onClick={open} className="text-left font-medium text-white hover:text-accent-400" data-testid="open-project">
            {project.name}
          </button>
        )}
      </td>
      <td className="px-4 py-3 text-sm text-slate-400 tabular-nums">{project.sectionCount}</td>
      <td className="px-4 py-3 text-sm text-slate-400 tabular-nums">{project.sentenceCount}</td>
      <td className="px-4 py-3 text-sm tabular-nums">
        {project.dirtySentenceCount > 0 ? (
          <span className="text-amber-300">{project.dirtySentenceCount} to generate</span>
        ) : (
          <span className="text-slate-500">{project.sentenceCount > 0 ? "all up to date" : "—"}</span>
        )}
      </td>
      <td className="px-4 py-3 text-sm text-slate-400 tabular-nums">{formatDuration(project.audioDurationMs)}</td>
      <td className="px-4 py-3 text-sm text-slate-500">{formatWhen(project.updatedAt)}</td>
      <td className="py-3 pr-5 pl-4">
        <div className="flex justify-end gap-1 opacity-70 group-hover:opacity-100">
          <ProjectActions project={project} />
          <Button variant="ghost" className="px-2" title="Rename" aria-label={`Rename ${project.name}`} onClick={() => { setName(project.name); setRenaming(true); }} data-testid="rename-project">
            <Icon name="pencil" />
          </Button>
          <Button variant="ghost" className="px-2 hover:text-rose-300" title="Delete" aria-label={`Delete ${project.name}`} onClick={onDelete} data-testid="delete-project">
            <Icon name="trash" />
          </Button>
        </div>
      </td>
    </tr>
  );
}

/** The project list: create, import, rename, delete and open projects. */
export function Dashboard() {
  const [deleting, setDeleting] = useState<ProjectSummary | null>(null);
  const toast = useToast();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { data: projects, isPending, error } = useQuery({ queryKey: keys.projects, queryFn: () => commands.listProjects() });

  useEffect(() => {
    if (projects !== undefined) markAfterPaint("dashboardPainted");
  }, [projects]);
  useEffect(() => {
    if (error) toast.error(error, "Could not list the projects");
  }, [error, toast]);

  const importScript = useMutation({
    mutationFn: async () => {
      const path = await pickScriptFile();
      return path === null ? null : commands.importScriptFile(path, null);
    },
    onSuccess: async (project) => {
      if (!project) return;
      await client.invalidateQueries({ queryKey: keys.projects });
      void navigate(`/projects/${project.id}`);
    },
    onError: (failure) => {
      toast.error(failure, "Could not import the script");
    },
  });

  return (
    <div className="h-full overflow-y-auto">
      <div className="mx-auto max-w-6xl px-10 py-10">
        <header className="mb-8 flex items-end justify-between gap-4">
          <div>
            <h1 className="text-2xl font-semibold text-white">Projects</h1>
            <p className="mt-1 text-sm text-slate-400">Each project is one video: its script, narration, images and clips.</p>
          </div>
          <div className="flex gap-2">
            <RestoreBackupButton />
            <Button onClick={() => { importScript.mutate(); }} disabled={importScript.isPending} data-testid="import-script">
              <Icon name="upload" />
              {importScript.isPending ? "Importing…" : "Import script…"}
            </Button>
            <Button variant="primary" onClick={() => { void navigate("/new"); }} data-testid="new-project">
              <Icon name="plus" />
              New project
            </Button>
          </div>
        </header>

        {isPending ? (
          <p className="text-sm text-slate-500">Loading projects…</p>
        ) : projects && projects.length > 0 ? (
          <div className="overflow-hidden rounded-xl border border-ink-800 bg-ink-900">
            <table className="w-full" data-testid="project-list">
              <thead>
                <tr className="text-left text-xs font-medium tracking-wide text-slate-500 uppercase">
                  <th className="py-3 pr-4 pl-5 font-medium">Name</th>
                  <th className="px-4 py-3 font-medium">Sections</th>
                  <th className="px-4 py-3 font-medium">Sentences</th>
                  <th className="px-4 py-3 font-medium">Generation</th>
                  <th className="px-4 py-3 font-medium">Narration</th>
                  <th className="px-4 py-3 font-medium">Updated</th>
                  <th className="py-3 pr-5 pl-4" aria-label="Actions" />
                </tr>
              </thead>
              <tbody>
                {projects.map((project) => (
                  <ProjectRow
                    key={project.id}
                    project={project}
                    onDelete={() => {
                      setDeleting(project);
                    }}
                  />
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <div className="rounded-xl border border-dashed border-ink-600 px-8 py-16 text-center" data-testid="empty-dashboard">
            <p className="text-lg font-medium text-white">No projects yet</p>
            <p className="mx-auto mt-2 max-w-md text-sm text-slate-400">
              Create an empty project, or import a script you already have as a .txt or .md file: each paragraph becomes sentences you can voice and illustrate.
            </p>
          </div>
        )}
      </div>
      <div className="mx-auto max-w-6xl px-10 pb-10">
        <Housekeeping />
      </div>
      {deleting && (
        <ConfirmDelete
          project={deleting}
          onClose={() => {
            setDeleting(null);
          }}
        />
      )}
    </div>
  );
}

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { commands, type TrashedProject } from "../../bindings";
import { Button } from "../../components/Button";
import { ConfirmButton } from "../../components/ConfirmButton";
import { useToast } from "../../components/Toasts";
import { keys } from "../../state/queryKeys";
import { formatBytes } from "../export/exportForm";
import { deletedWhen, manageKeys } from "./manage";

function TrashRow({ project }: { project: TrashedProject }) {
  const toast = useToast();
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: keys.projects });
  const restore = useMutation({
    mutationFn: () => commands.restoreFromTrash(project.id),
    onSuccess: async () => {
      await refresh();
      toast.info(`“${project.name}” is back.`);
    },
    onError: (error) => {
      toast.error(error, "Could not restore the project");
    },
  });
  const purge = useMutation({
    mutationFn: () => commands.purgeFromTrash(project.id),
    onSuccess: async () => {
      await refresh();
      toast.info(`“${project.name}” was deleted for good.`);
    },
    onError: (error) => {
      toast.error(error, "Could not delete the project");
    },
  });
  return (
    <li className="flex items-center gap-4 border-t border-ink-800 px-5 py-3 first:border-t-0" data-testid="trash-row" data-project-id={project.id}>
      <div className="min-w-0 flex-1">
        <p className="truncate font-medium text-white">{project.name}</p>
        <p className="text-xs text-slate-500">
          {deletedWhen(project.deletedAt, Date.now())} · {formatBytes(project.bytes)}
        </p>
      </div>
      <Button disabled={restore.isPending || purge.isPending} onClick={() => { restore.mutate(); }} data-testid="restore-project">
        Restore
      </Button>
      <ConfirmButton
        variant="ghost"
        question="Delete its script and media for good?"
        confirmLabel="Delete forever"
        disabled={restore.isPending || purge.isPending}
        onConfirm={() => { purge.mutate(); }}
        testId="purge-project"
      >
        Delete forever…
      </ConfirmButton>
    </li>
  );
}

/** Deleted projects: restore one, or delete it for good (after a confirm). */
export function TrashPanel() {
  const { data: trash, error } = useQuery({ queryKey: manageKeys.trash, queryFn: () => commands.listTrash() });
  if (error) return <p className="text-sm text-rose-300">{(error as { message?: string }).message ?? "Cannot read the trash."}</p>;
  if (!trash) return <p className="text-sm text-slate-500">Reading the trash…</p>;
  if (trash.length === 0) {
    return (
      <p className="text-sm text-slate-500" data-testid="trash-empty">
        The trash is empty. Deleted projects wait here, with their media, until you delete them for good.
      </p>
    );
  }
  return (
    <ul className="overflow-hidden rounded-xl border border-ink-800 bg-ink-900" data-testid="trash-list">
      {trash.map((p) => (
        <TrashRow key={p.id} project={p} />
      ))}
    </ul>
  );
}

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { commands, type DiskUse } from "../../bindings";
import { ConfirmButton } from "../../components/ConfirmButton";
import { useToast } from "../../components/Toasts";
import { formatBytes } from "../export/exportForm";
import { diskParts, manageKeys, oldTakesText, totalBytes } from "./manage";

function DiskUseRow({ use }: { use: DiskUse }) {
  const toast = useToast();
  const client = useQueryClient();
  const prune = useMutation({
    mutationFn: () => commands.pruneOldTakes(use.projectId),
    onSuccess: async (report) => {
      await client.invalidateQueries({ queryKey: manageKeys.diskUse });
      toast.info(`Removed ${report.takes} old ${report.takes === 1 ? "take" : "takes"}: ${formatBytes(report.bytes)} freed.`);
    },
    onError: (error) => {
      toast.error(error, "Could not remove the old takes");
    },
  });
  const old = oldTakesText(use);
  return (
    <li className="flex items-center gap-4 border-t border-ink-800 px-5 py-3 first:border-t-0" data-testid="disk-row" data-project-id={use.projectId}>
      <div className="min-w-0 flex-1">
        <p className="truncate font-medium text-white">
          {use.name} <span className="ml-2 text-sm font-normal text-slate-400 tabular-nums">{formatBytes(use.totalBytes)}</span>
        </p>
        <p className="text-xs text-slate-500">
          {diskParts(use)
            .map((p) => `${p.label} ${formatBytes(p.bytes)}`)
            .join(" · ") || "No media yet"}
        </p>
      </div>
      {old ? (
        <>
          <span className="text-xs text-amber-300" data-testid="old-takes">
            {old}
          </span>
          <ConfirmButton
            question="Remove them? Rollback to them will no longer be possible."
            confirmLabel="Remove"
            disabled={prune.isPending}
            onConfirm={() => { prune.mutate(); }}
            testId="prune-takes"
          >
            Remove old takes…
          </ConfirmButton>
        </>
      ) : null}
    </li>
  );
}

/** Disk use of every project, largest first, with "remove old takes". */
export function DiskUsePanel() {
  const { data: all, error } = useQuery({ queryKey: manageKeys.diskUse, queryFn: () => commands.diskUseAll() });
  if (error) return <p className="text-sm text-rose-300">{(error as { message?: string }).message ?? "Cannot measure the disk use."}</p>;
  if (!all) return <p className="text-sm text-slate-500">Measuring…</p>;
  if (all.length === 0) return <p className="text-sm text-slate-500">No projects yet.</p>;
  return (
    <div className="space-y-2">
      <p className="text-sm text-slate-400" data-testid="disk-total">
        {formatBytes(totalBytes(all))} in {all.length} {all.length === 1 ? "project" : "projects"}. Old takes are the earlier versions kept for rollback; the current take of each piece always stays.
      </p>
      <ul className="overflow-hidden rounded-xl border border-ink-800 bg-ink-900" data-testid="disk-list">
        {all.map((u) => (
          <DiskUseRow key={u.projectId} use={u} />
        ))}
      </ul>
    </div>
  );
}

import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { commands, type ProjectSummary } from "../../bindings";
import { Button } from "../../components/Button";
import { useToast } from "../../components/Toasts";
import { toAppError } from "../../ipc/errors";
import { keys } from "../../state/queryKeys";
import { formatBytes } from "../export/exportForm";
import { ExportDialog } from "../export/ExportDialog";
import { RevealButton } from "../export/JobOutcome";
import { pickFolder, pickOneFile } from "../export/pickPath";
import { useLastFolder } from "../export/useLastFolder";
import { FileTaskDialog, useFileTask } from "./FileTaskDialog";

/** A small stroke icon of this row (the shared set has no copy or save-to-file glyph). */
function RowIcon({ d }: { d: string }) {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinecap="round" strokeLinejoin="round" className="size-4" aria-hidden="true">
      <path d={d} />
    </svg>
  );
}

const COPY = "M9 9h10v11H9zM5 15V4h10";
const SAVE = "M12 4v11M7 10l5 5 5-5M5 20h14";
const EXPORT = "M14 4h6v6M20 4l-9 9M18 14v6H4V6h6";
const FOLDER = "M3 7h6l2 2h10v10H3z";

/** A project row's Export, Duplicate and Back up actions. */
export function ProjectActions({ project }: { project: ProjectSummary }) {
  const toast = useToast();
  const client = useQueryClient();
  const [exporting, setExporting] = useState(false);
  const [lastFolder, rememberFolder] = useLastFolder();
  const [backedUp, setBackedUp] = useState<string | null>(null);
  const task = useFileTask();
  const duplicate = useMutation({
    mutationFn: () => commands.duplicateProject(project.id, null),
    onSuccess: async (copy) => {
      await client.invalidateQueries({ queryKey: keys.projects });
      toast.info(`Made “${copy.name}”.`);
    },
    onError: (error) => {
      toast.error(error, "Could not duplicate the project");
    },
  });
  const backup = useMutation({
    mutationFn: async () => {
      const folder = await pickFolder("Save the backup in this folder", lastFolder);
      if (folder === null) return null;
      await rememberFolder(folder);
      return task.run((id, progress) => commands.backupProject(project.id, folder, id, progress));
    },
    onSuccess: (report) => {
      if (!report) return;
      setBackedUp(report.path);
      toast.info(`Backed up “${project.name}” (${formatBytes(report.bytes)}).`);
    },
    onError: (error) => {
      if (toAppError(error).code === "CANCELLED") toast.info("The backup was cancelled: no file was written.");
      else toast.error(error, "Could not back up the project");
    },
  });
  return (
    <>
      <Button variant="ghost" className="px-2 whitespace-nowrap" title="Export for an editor…" aria-label={`Export ${project.name}`} onClick={() => { setExporting(true); }} data-testid="row-export">
        <RowIcon d={EXPORT} />
      </Button>
      <Button variant="ghost" className="px-2 whitespace-nowrap" title="Duplicate: copy this project with its media" aria-label={`Duplicate ${project.name}`} disabled={duplicate.isPending} onClick={() => { duplicate.mutate(); }} data-testid="duplicate-project">
        <RowIcon d={COPY} />
      </Button>
      <Button variant="ghost" className="px-2 whitespace-nowrap" title="Back up: save the project and its media in one file" aria-label={`Back up ${project.name}`} disabled={backup.isPending} onClick={() => { backup.mutate(); }} data-testid="backup-project">
        {backup.isPending ? "Backing up…" : <RowIcon d={SAVE} />}
      </Button>
      {backedUp ? (
        <span data-testid="backup-done">
          <RevealButton path={backedUp} label={<RowIcon d={FOLDER} />} compact />
        </span>
      ) : null}
      {task.running ? <FileTaskDialog title={`Backing up “${project.name}”`} task={task.running} onCancel={task.cancel} /> : null}
      {exporting ? (
        <ExportDialog
          projectId={project.id}
          onClose={() => {
            setExporting(false);
          }}
        />
      ) : null}
    </>
  );
}

/** "Restore a backup…": a backup file becomes a new project. */
export function RestoreBackupButton() {
  const toast = useToast();
  const client = useQueryClient();
  const task = useFileTask();
  const restore = useMutation({
    mutationFn: async () => {
      const file = await pickOneFile("Restore a backup", { name: "VideoGen Studio backups", extensions: ["zip"] });
      return file === null ? null : task.run((id, progress) => commands.restoreBackup(file, id, progress));
    },
    onSuccess: async (project) => {
      if (!project) return;
      await client.invalidateQueries({ queryKey: keys.projects });
      toast.info(`Restored “${project.name}” as a new project.`);
    },
    onError: (error) => {
      if (toAppError(error).code === "CANCELLED") toast.info("The restore was cancelled: nothing was added.");
      else toast.error(error, "Could not restore the backup");
    },
  });
  return (
    <>
      <Button onClick={() => { restore.mutate(); }} disabled={restore.isPending} data-testid="restore-backup">
        {restore.isPending ? "Restoring…" : "Restore backup…"}
      </Button>
      {task.running ? <FileTaskDialog title="Restoring a backup" task={task.running} onCancel={task.cancel} /> : null}
    </>
  );
}

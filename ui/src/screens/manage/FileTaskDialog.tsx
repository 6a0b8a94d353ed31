import { useState } from "react";
import { Channel } from "@tauri-apps/api/core";
import { commands, type FileProgress } from "../../bindings";
import { Button } from "../../components/Button";
import { ProgressBar } from "../../components/ProgressBar";
import { DialogFrame } from "../export/DialogFrame";
import { fileFraction, fileProgressText, newTaskId } from "./fileTask";

/** A backup or restore under way: its id (to cancel it) and the last progress report. */
export type RunningFileTask = { id: string; progress: FileProgress | null; cancelling: boolean };

/**
 * Runs backups and restores with a progress channel and a task id; `running` is what the
 * dialog shows while one is under way.
 */
export function useFileTask() {
  const [running, setRunning] = useState<RunningFileTask | null>(null);
  const run = async <T,>(start: (task: string, progress: Channel<FileProgress>) => Promise<T>): Promise<T> => {
    const id = newTaskId();
    const channel = new Channel<FileProgress>();
    channel.onmessage = (progress) => {
      setRunning((r) => (r && r.id === id ? { ...r, progress } : r));
    };
    setRunning({ id, progress: null, cancelling: false });
    try {
      return await start(id, channel);
    } finally {
      setRunning(null);
    }
  };
  const cancel = () => {
    if (!running) return;
    setRunning({ ...running, cancelling: true });
    // The command's own answer (a "cancelled" error) ends the dialog.
    void commands.cancelFileTask(running.id).catch(() => undefined);
  };
  return { running, run, cancel };
}

/** The progress of a backup or restore: a bar with files and bytes done, and Cancel. */
export function FileTaskDialog({ title, task, onCancel }: { title: string; task: RunningFileTask; onCancel: () => void }) {
  return (
    <DialogFrame
      title={title}
      // Escape does not cancel: only the button does, so a stray key loses no work.
      onClose={() => undefined}
      testId="file-task"
      footer={
        <Button variant="danger" disabled={task.cancelling} onClick={onCancel} data-testid="cancel-file-task">
          {task.cancelling ? "Cancelling…" : "Cancel"}
        </Button>
      }
    >
      <div className="space-y-2" aria-live="polite">
        <ProgressBar value={fileFraction(task.progress)} label={title} />
        <p className="text-xs text-slate-400 tabular-nums" data-testid="file-task-progress">
          {fileProgressText(task.progress)}
        </p>
      </div>
    </DialogFrame>
  );
}

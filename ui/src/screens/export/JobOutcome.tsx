import type { ReactNode } from "react";
import { useMutation } from "@tanstack/react-query";
import { commands, type Job } from "../../bindings";
import { Button } from "../../components/Button";
import { ProgressBar } from "../../components/ProgressBar";
import { useToast } from "../../components/Toasts";
import { jobPhase } from "./useFollowedJob";

/** A job's progress, and at the end its file with "Reveal in file manager", or why it stopped. */
export function JobOutcome({ job, what }: { job: Job; what: string }) {
  const phase = jobPhase(job);
  switch (phase.phase) {
    case "working":
      return (
        <div className="space-y-2" data-testid="job-working">
          <ProgressBar value={job.state === "queued" ? null : phase.progress} label={`${what} progress`} />
          <p className="text-xs text-slate-400">
            {phase.step ?? "Working"} · {Math.round(phase.progress * 100)}%
          </p>
        </div>
      );
    case "done":
      return (
        <div className="space-y-3" data-testid="job-done">
          <p className="text-emerald-300">Done.</p>
          {phase.file ? (
            <>
              <p className="break-all text-slate-300" data-testid="job-file">
                {phase.file}
              </p>
              <RevealButton path={phase.file} />
            </>
          ) : null}
        </div>
      );
    case "failed":
      return (
        <p className="text-rose-300" data-testid="job-failed">
          The {what} failed: {phase.message}
        </p>
      );
    case "cancelled":
      return (
        <p className="text-slate-400" data-testid="job-cancelled">
          The {what} was cancelled; nothing half-done was left behind.
        </p>
      );
  }
}

/** Shows a file or folder in the desktop's file manager. */
export function RevealButton({ path, label = "Reveal in file manager", compact = false }: { path: string; label?: ReactNode; compact?: boolean }) {
  const toast = useToast();
  const reveal = useMutation({
    mutationFn: () => commands.revealInFileManager(path),
    onError: (error) => {
      toast.error(error, "Could not open the file manager");
    },
  });
  return (
    <Button variant={compact ? "ghost" : "secondary"} className={compact ? "px-2 whitespace-nowrap" : ""} title={compact ? `Show ${path} in the file manager` : path} aria-label={compact ? "Show the backup in the file manager" : undefined} onClick={() => { reveal.mutate(); }} data-testid="reveal" data-path={path}>
      {label}
    </Button>
  );
}

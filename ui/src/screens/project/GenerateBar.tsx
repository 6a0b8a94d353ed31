import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { commands, type Project } from "../../bindings";
import { Button } from "../../components/Button";
import { useToast } from "../../components/Toasts";
import { GeneratePanel } from "./GeneratePanel";
import { ProjectSettings } from "./ProjectSettings";
import { StatusBadge } from "./StatusBadge";

type Open = "none" | "generate" | "settings";

/**
 * The project's status badge, its action buttons (generate with the plan first, retry all
 * failed, settings) and the panel the open one shows, for the project header to place.
 */
export function useGenerateBar(project: Project) {
  const [open, setOpen] = useState<Open>("none");
  const toast = useToast();
  const retry = useMutation({
    mutationFn: () => commands.retryFailed(project.id),
    onSuccess: (jobs) => {
      toast.info(jobs.length === 0 ? "No failed jobs to retry." : `${jobs.length} failed job${jobs.length === 1 ? "" : "s"} queued again.`);
    },
    onError: (e) => { toast.error(e, "The failed jobs were not retried"); },
  });
  const toggle = (which: Open) => { setOpen(open === which ? "none" : which); };
  return {
    badge: <StatusBadge status={project.status} />,
    buttons: (
      <div className="flex items-center gap-2">
        <Button variant="ghost" data-testid="retry-failed" disabled={retry.isPending} onClick={() => { retry.mutate(); }}>
          {retry.isPending ? "Retrying…" : "Retry all failed"}
        </Button>
        <Button variant={open === "settings" ? "secondary" : "ghost"} data-testid="open-project-settings" aria-expanded={open === "settings"} onClick={() => { toggle("settings"); }}>
          Project settings
        </Button>
        <Button variant="primary" data-testid="open-generate" aria-expanded={open === "generate"} onClick={() => { toggle("generate"); }}>
          Generate…
        </Button>
      </div>
    ),
    panel:
      open === "generate" ? (
        <GeneratePanel projectId={project.id} onClose={() => { setOpen("none"); }} />
      ) : open === "settings" ? (
        <ProjectSettings project={project} />
      ) : null,
  };
}

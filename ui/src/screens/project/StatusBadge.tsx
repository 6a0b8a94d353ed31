import type { ProjectStatus } from "../../bindings";

const LOOK: Record<ProjectStatus, { label: string; tone: string }> = {
  draft: { label: "Draft", tone: "bg-slate-700/60 text-slate-200" },
  scripting: { label: "Writing script", tone: "bg-sky-900/60 text-sky-200" },
  generating: { label: "Generating", tone: "bg-accent-600/40 text-accent-400" },
  complete: { label: "Complete", tone: "bg-emerald-900/60 text-emerald-200" },
  failed: { label: "Failed", tone: "bg-rose-900/60 text-rose-200" },
  exported: { label: "Exported", tone: "bg-teal-900/60 text-teal-200" },
};

/** Where a project stands: draft, writing its script, generating, complete, failed or exported. */
export function StatusBadge({ status }: { status: ProjectStatus }) {
  const look = LOOK[status];
  return (
    <span className={`rounded-full px-2 py-0.5 text-[11px] font-medium ${look.tone}`} data-testid="project-status" data-status={status}>
      {look.label}
    </span>
  );
}

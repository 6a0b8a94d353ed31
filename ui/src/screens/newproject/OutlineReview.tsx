import { useState, type ReactNode } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { commands, type Job, type ScriptOutline, type SectionOutline, type Stage } from "../../bindings";
import { Button } from "../../components/Button";
import { Icon } from "../../components/Icon";
import { ProgressBar } from "../../components/ProgressBar";
import { useToast } from "../../components/Toasts";
import { generatedText, planSummary } from "../../state/generate";
import { keys } from "../../state/queryKeys";
import { cleanOutline, OutlineEditor } from "./OutlineEditor";

/** The outline's query key: under the project's, so the project's store events refresh it too. */
export const outlineKey = (projectId: string) => [...keys.project(projectId), "outline"] as const;

/** The project's newest outline job, if any. */
export function outlineJob(jobs: readonly Job[] | undefined, projectId: string): Job | null {
  let newest: Job | null = null;
  for (const job of jobs ?? []) {
    if (job.projectId === projectId && job.kind === "script.outline" && (newest === null || job.createdAt > newest.createdAt)) newest = job;
  }
  return newest;
}

function Step({ number, title, children, testId }: { number: number; title: string; children: ReactNode; testId: string }) {
  return (
    <section className="mb-8" data-testid={testId}>
      <h2 className="mb-3 flex items-center gap-3 text-base font-semibold text-white">
        <span className="grid size-6 place-items-center rounded-full bg-accent-500/20 text-xs text-accent-400">{number}</span>
        {title}
      </h2>
      {children}
    </section>
  );
}

/** While there is no outline: planning it, its failure, or a button to plan it. */
function Waiting({ job, onPlan, planning }: { job: Job | null; onPlan: () => void; planning: boolean }) {
  if (job && (job.state === "queued" || job.state === "running")) {
    return (
      <div className="max-w-md" data-testid="outline-waiting">
        <p className="mb-2 text-sm text-slate-300">
          {job.state === "queued" ? "Waiting for the LLM…" : "The LLM is planning the outline…"} No web search is done: it works from your topic and notes.
        </p>
        <ProgressBar value={job.state === "running" && job.progress > 0 ? job.progress : null} label="Planning the outline" />
      </div>
    );
  }
  return (
    <div className="flex flex-col items-start gap-3" data-testid="outline-missing">
      {job?.state === "failed" && (
        <p className="text-sm text-rose-300" data-testid="outline-failed">
          The outline was not planned: {job.error ?? "the job failed without a reason"}
        </p>
      )}
      <Button variant="primary" disabled={planning} onClick={onPlan} data-testid="plan-again">
        {job?.state === "failed" ? "Try again" : "Plan the outline"}
      </Button>
    </div>
  );
}

/** The plan of writing the script (and, if chosen, everything after it), then the start buttons. */
function PlanAndStart({ projectId, sectionCount }: { projectId: string; sectionCount: number }) {
  const navigate = useNavigate();
  const toast = useToast();
  const plan = useQuery({
    queryKey: keys.plan(projectId, ["all"]),
    queryFn: () => commands.plan(projectId, { stages: null, sections: null, sentences: null }),
    staleTime: 0,
  });
  const start = useMutation({
    mutationFn: (stages: Stage[] | null) => commands.generate(projectId, { stages, sections: null, sentences: null }),
    onSuccess: (done) => {
      toast.info(generatedText(done));
      void navigate(`/projects/${projectId}`);
    },
    onError: (error) => {
      toast.error(error, "Nothing was started");
    },
  });
  if (plan.isPending) return <div className="w-64"><ProgressBar value={null} label="Working out the plan" /></div>;
  if (plan.error) return <p className="text-sm text-rose-300" data-testid="plan-error">{(plan.error as { message?: string }).message}</p>;
  const summary = planSummary(plan.data);
  return (
    <div className="flex flex-col gap-4">
      <div className="grid grid-cols-[1fr_auto] gap-6 rounded-lg border border-ink-700 bg-ink-900 p-4 text-sm" data-testid="plan-preview">
        <div>
          <ul className="flex flex-col gap-0.5 text-slate-200">
            {/* Before the script exists the planner has no rows to count: its writing is the one step, priced on the right. */}
            {(summary.lines.length > 0 ? summary.lines : [`Write the script from the outline's ${sectionCount} ${sectionCount === 1 ? "section" : "sections"} (LLM)`]).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          <p className="mt-2 text-xs text-slate-500">
            Narration, images and clips are counted once the script exists: the Generate panel of the project shows their plan, GPU time and cost before they run.
          </p>
        </div>
        <dl className="grid grid-cols-[auto_auto] content-start gap-x-3 gap-y-0.5 text-right text-slate-400">
          <dt>GPU time</dt>
          <dd className="text-slate-100" data-testid="plan-gpu">{summary.gpu}</dd>
          <dt>Other work</dt>
          <dd className="text-slate-100">{summary.other}</dd>
          <dt>LLM cost</dt>
          <dd className="text-slate-100" data-testid="plan-cost">{summary.cost}</dd>
        </dl>
      </div>
      <div className="flex flex-wrap gap-2">
        <Button variant="primary" disabled={start.isPending} onClick={() => { start.mutate(["script"]); }} data-testid="write-script">
          Write the script, then let me check it
        </Button>
        <Button disabled={start.isPending} onClick={() => { start.mutate(null); }} data-testid="write-and-generate">
          Write it and generate everything
        </Button>
      </div>
    </div>
  );
}

/**
 * The second step of a project from a topic: the outline as the LLM planned it, to edit
 * (titles, minutes, summaries, key points, order) before the script is written; then the
 * plan with its cost, and the start.
 */
export function OutlineReview() {
  const { projectId = "" } = useParams();
  const client = useQueryClient();
  const toast = useToast();
  const project = useQuery({ queryKey: keys.project(projectId), queryFn: () => commands.loadProject(projectId) });
  const outline = useQuery({ queryKey: outlineKey(projectId), queryFn: () => commands.outline(projectId) });
  const jobs = useQuery({ queryKey: keys.jobs, queryFn: () => commands.listJobs(null, null) });
  const [draft, setDraft] = useState<SectionOutline[] | null>(null);
  const planAgain = useMutation({
    mutationFn: () => commands.generateOutline(projectId),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.jobs }),
    onError: (error) => {
      toast.error(error, "The outline was not started");
    },
  });
  const save = useMutation({
    mutationFn: (sections: SectionOutline[]) => commands.setOutlineSections(projectId, sections),
    onSuccess: (saved) => {
      client.setQueryData<ScriptOutline | null>(outlineKey(projectId), saved);
      setDraft(null);
      void client.invalidateQueries({ queryKey: keys.plans(projectId) });
    },
    onError: (error) => {
      toast.error(error, "The outline was not saved");
    },
  });
  const planned = outline.data ?? null;
  const sections = draft ?? planned?.sections ?? [];
  const written = (project.data?.sections.length ?? 0) > 0 || (planned?.currentSectionIndex ?? 0) > 0;
  const minutes = sections.reduce((sum, s) => sum + s.targetMinutes, 0);
  const invalid = sections.some((s) => s.title.trim() === "");
  return (
    <div className="h-full overflow-y-auto" data-testid="outline-review">
      <div className="mx-auto max-w-4xl px-10 py-10">
        <header className="mb-8 flex items-center gap-3">
          <Link to="/" className="rounded-md p-1.5 text-slate-400 hover:bg-ink-800 hover:text-white" aria-label="Back to projects">
            <Icon name="back" />
          </Link>
          <div className="min-w-0 flex-1">
            <h1 className="truncate text-2xl font-semibold text-white" data-testid="review-title">
              {project.data?.project.name ?? "New project"}
            </h1>
            {project.data?.project.topic && <p className="truncate text-sm text-slate-400">{project.data.project.topic}</p>}
          </div>
        </header>

        <Step number={1} title="Review the outline" testId="step-outline">
          {outline.isPending ? (
            <p className="text-sm text-slate-500">Reading the outline…</p>
          ) : planned === null ? (
            <Waiting job={outlineJob(jobs.data, projectId)} planning={planAgain.isPending} onPlan={() => { planAgain.mutate(); }} />
          ) : (
            <>
              <p className="mb-4 text-sm text-slate-400">
                “{planned.title}”: {sections.length} {sections.length === 1 ? "section" : "sections"}, {minutes.toFixed(1)} of {planned.totalTargetMinutes} minutes. Change anything; the script is written section by section from this.
              </p>
              <OutlineEditor sections={sections} onChange={setDraft} disabled={written || save.isPending} />
              {written ? (
                <p className="mt-3 text-sm text-slate-400">
                  The script is already being written from this outline: <Link className="text-accent-400 hover:underline" to={`/projects/${projectId}`}>open the project</Link> to edit it.
                </p>
              ) : (
                draft !== null && (
                  <div className="mt-3 flex items-center gap-2">
                    <Button variant="primary" disabled={invalid || save.isPending} onClick={() => { save.mutate(cleanOutline(sections)); }} data-testid="save-outline">
                      {save.isPending ? "Saving…" : "Save the outline"}
                    </Button>
                    <Button variant="ghost" onClick={() => { setDraft(null); }}>
                      Discard changes
                    </Button>
                    {invalid && <span className="text-xs text-rose-300">Every section needs a title.</span>}
                  </div>
                )
              )}
            </>
          )}
        </Step>

        {planned !== null && !written && (
          <Step number={2} title="See what will run, then start" testId="step-plan">
            {draft !== null ? <p className="text-sm text-slate-500">Save the outline to see the plan.</p> : <PlanAndStart projectId={projectId} sectionCount={sections.length} />}
          </Step>
        )}
      </div>
    </div>
  );
}

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { commands, type PlanPreview, type Stage } from "../../bindings";
import { Button } from "../../components/Button";
import { ProgressBar } from "../../components/ProgressBar";
import { useToast } from "../../components/Toasts";
import { generatedText, planSummary, STAGES, stagesOf } from "../../state/generate";
import { keys } from "../../state/queryKeys";

function PlanView({ plan }: { plan: PlanPreview }) {
  if (plan.upToDate) {
    return <p className="text-sm text-emerald-300" data-testid="plan-up-to-date">Everything in these stages is up to date: nothing would run.</p>;
  }
  const summary = planSummary(plan);
  return (
    <div className="grid grid-cols-[1fr_auto] gap-6 text-sm" data-testid="plan-preview">
      <ul className="flex flex-col gap-0.5 text-slate-200">
        {summary.lines.map((line) => <li key={line}>{line}</li>)}
      </ul>
      <dl className="grid grid-cols-[auto_auto] gap-x-3 gap-y-0.5 text-right text-slate-400">
        <dt>GPU time</dt>
        <dd className="text-slate-100" data-testid="plan-gpu">{summary.gpu}</dd>
        <dt>Other work</dt>
        <dd className="text-slate-100">{summary.other}</dd>
        <dt>LLM cost</dt>
        <dd className="text-slate-100" data-testid="plan-cost">{summary.cost}</dd>
      </dl>
    </div>
  );
}

/** Choose the stages, see what would run and what it costs, then start. */
export function GeneratePanel({ projectId, onClose }: { projectId: string; onClose: () => void }) {
  const [ticked, setTicked] = useState<Set<Stage>>(() => new Set(STAGES.map((s) => s.stage)));
  const stages = stagesOf(ticked);
  const none = stages !== null && stages.length === 0;
  const client = useQueryClient();
  const toast = useToast();
  const plan = useQuery({
    queryKey: keys.plan(projectId, stages ?? ["all"]),
    queryFn: () => commands.plan(projectId, { stages, sections: null, sentences: null }),
    enabled: !none,
    // Asked afresh each time the panel opens: the script may have changed since.
    staleTime: 0,
    gcTime: 0,
  });
  const start = useMutation({
    mutationFn: () => commands.generate(projectId, { stages, sections: null, sentences: null }),
    onSuccess: (done) => {
      toast.info(generatedText(done));
      void client.invalidateQueries({ queryKey: keys.plans(projectId) });
      onClose();
    },
    onError: (e) => { toast.error(e, "Generation did not start"); },
  });
  return (
    <div className="border-b border-ink-800 bg-ink-900/70 px-6 py-4" data-testid="generate-panel">
      <fieldset className="flex flex-wrap items-center gap-x-5 gap-y-2">
        <legend className="sr-only">Stages to generate</legend>
        {STAGES.map(({ stage, label }) => (
          <label key={stage} className="flex items-center gap-2 text-sm text-slate-200">
            <input
              type="checkbox"
              checked={ticked.has(stage)}
              data-testid={`stage-${stage}`}
              onChange={(e) => {
                const next = new Set(ticked);
                if (e.target.checked) next.add(stage);
                else next.delete(stage);
                setTicked(next);
              }}
              className="accent-accent-500"
            />
            {label}
          </label>
        ))}
      </fieldset>
      <div className="mt-4 min-h-12">
        {none ? (
          <p className="text-sm text-slate-400">Tick at least one stage.</p>
        ) : plan.isPending ? (
          <div className="w-64"><ProgressBar value={null} label="Working out the plan" /></div>
        ) : plan.error ? (
          <p className="text-sm text-rose-300" data-testid="plan-error">{(plan.error as { message?: string }).message}</p>
        ) : (
          <PlanView plan={plan.data} />
        )}
      </div>
      <div className="mt-4 flex gap-2">
        <Button
          variant="primary"
          data-testid="start-generate"
          disabled={none || plan.data === undefined || plan.data.upToDate || start.isPending}
          onClick={() => { start.mutate(); }}
        >
          {start.isPending ? "Queuing…" : "Start generating"}
        </Button>
        <Button variant="ghost" onClick={onClose}>Close</Button>
      </div>
    </div>
  );
}

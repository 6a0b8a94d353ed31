import { useMutation } from "@tanstack/react-query";
import { commands, type DoctorView } from "../../bindings";
import { Button } from "../../components/Button";
import { ProgressBar } from "../../components/ProgressBar";
import { useToast } from "../../components/Toasts";
import { asSentence, countOf } from "../../state/words";

function Dot({ ok }: { ok: boolean }) {
  return <span className={`mt-1.5 size-2 shrink-0 rounded-full ${ok ? "bg-emerald-400" : "bg-rose-400"}`} aria-hidden />;
}

/** The doctor's findings: each service's health, and the models each workflow lacks. */
export function DoctorResults({ report }: { report: DoctorView }) {
  const lacking = report.workflows.filter((w) => w.missingModels.length > 0 || w.missingNodes.length > 0 || w.error);
  return (
    <div className="mt-3 flex flex-col gap-3 text-sm" data-testid="doctor-results">
      <p className={report.ok ? "text-emerald-300" : "text-amber-200"}>
        {report.ok ? "Every service answers and every workflow has what it needs." : "Some services need attention:"}
      </p>
      <ul className="flex flex-col gap-1.5">
        {report.services.map((s) => (
          <li key={`${s.service} ${s.url}`} className="flex gap-2" data-testid="doctor-service">
            <Dot ok={s.ok} />
            <span>
              <span className="text-slate-100">{s.service}</span> <span className="font-mono text-xs text-slate-500">{s.url}</span>
              <span className="block text-xs text-slate-400">
                {s.ok ? `Ready${s.version ? ` (${s.version})` : ""}${s.voices.length > 0 ? ` · ${countOf(s.voices.length, "voice")}` : ""}` : asSentence(s.message)}
              </span>
            </span>
          </li>
        ))}
        {report.notConfigured.map((name) => (
          <li key={name} className="flex gap-2">
            <Dot ok={false} />
            <span className="text-slate-300">{name}: no address is set.</span>
          </li>
        ))}
      </ul>
      {lacking.map((w) => (
        <div key={`${w.template} ${w.server}`} className="rounded-md border border-rose-500/30 bg-rose-950/30 px-3 py-2" data-testid="doctor-workflow">
          <p className="text-slate-100">
            {w.template} on <span className="font-mono text-xs">{w.server}</span>
          </p>
          {w.error && <p className="text-xs text-rose-200">{w.error}</p>}
          {w.missingModels.length > 0 && <p className="text-xs text-rose-200">Missing models: {w.missingModels.join(", ")}</p>}
          {w.missingNodes.length > 0 && <p className="text-xs text-rose-200">Missing nodes: {w.missingNodes.join(", ")}</p>}
        </div>
      ))}
      {report.notes.map((note) => (
        <p key={note} className="text-xs text-amber-200">{note}</p>
      ))}
    </div>
  );
}

/** "Check services": runs the doctor and shows what it found, inline. */
export function DoctorPanel() {
  const toast = useToast();
  const doctor = useMutation({
    mutationFn: () => commands.doctor(),
    onError: (e) => { toast.error(e, "The services could not be checked"); },
  });
  return (
    <div>
      <div className="flex items-center gap-3">
        <Button data-testid="run-doctor" disabled={doctor.isPending} onClick={() => { doctor.mutate(); }}>
          {doctor.isPending ? "Checking…" : "Check services"}
        </Button>
        {doctor.isPending && (
          <div className="w-48">
            <ProgressBar value={null} label="Checking services" />
          </div>
        )}
      </div>
      {doctor.data && <DoctorResults report={doctor.data} />}
    </div>
  );
}

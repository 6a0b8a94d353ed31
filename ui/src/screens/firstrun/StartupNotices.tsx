import { useState } from "react";
import { useNavigate } from "react-router";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { commands, type CrashReportView } from "../../bindings";
import { Button } from "../../components/Button";
import { ProgressBar } from "../../components/ProgressBar";
import { useToast } from "../../components/Toasts";
import { keys } from "../../state/queryKeys";
import { DoctorResults } from "../settings/DoctorPanel";
import { DraftEngines } from "../settings/DraftEngines";

const firstRunKey = ["firstRun"] as const;
const crashesKey = ["earlierCrashes"] as const;

/** The services as the doctor finds them at first run (the same report as Settings shows). */
function ServicesCheck() {
  const doctor = useQuery({ queryKey: ["firstRunDoctor"], queryFn: () => commands.doctor() });
  if (doctor.isPending) return <ProgressBar value={null} label="Checking the services" />;
  if (doctor.error) return <p className="text-sm text-rose-300">The services could not be checked. Settings has “Check services” to try again.</p>;
  return <DoctorResults report={doctor.data} />;
}

/** The welcome of a data folder's first run: where the data lives, the services, the draft
 * engines, and the demo project. Shown until a project exists or it is dismissed. */
export function FirstRunWelcome() {
  const client = useQueryClient();
  const navigate = useNavigate();
  const toast = useToast();
  const { data } = useQuery({ queryKey: firstRunKey, queryFn: () => commands.firstRun() });
  const finish = async () => {
    await client.invalidateQueries({ queryKey: firstRunKey });
    await client.invalidateQueries({ queryKey: keys.projects });
  };
  const dismiss = useMutation({
    mutationFn: () => commands.dismissFirstRun(),
    onSuccess: finish,
    onError: (e) => { toast.error(e, "Could not close the welcome"); },
  });
  const demo = useMutation({
    mutationFn: () => commands.openDemoProject(),
    onSuccess: async (id) => {
      await finish();
      void navigate(`/projects/${id}`);
    },
    onError: (e) => { toast.error(e, "Could not open the demo project"); },
  });
  if (!data?.show) return null;
  return (
    <div className="fixed inset-0 z-40 grid place-items-center bg-black/60 p-4" role="dialog" aria-modal="true" aria-labelledby="first-run-title" data-testid="first-run">
      <div className="max-h-full w-full max-w-2xl overflow-y-auto rounded-xl border border-ink-700 bg-ink-900 p-6 shadow-2xl">
        <h2 id="first-run-title" className="text-lg font-semibold text-white">Welcome to VideoGen Studio</h2>
        <p className="mt-2 text-sm text-slate-400">
          Your projects, their media and the settings are kept in <span className="font-mono text-xs text-slate-200" data-testid="first-run-data-dir">{data.dataDir}</span>.
        </p>
        <section className="mt-5">
          <h3 className="text-sm font-semibold text-slate-100">Services</h3>
          <ServicesCheck />
        </section>
        <section className="mt-5">
          <h3 className="mb-1 text-sm font-semibold text-slate-100">Draft engines</h3>
          <DraftEngines />
        </section>
        <div className="mt-6 flex justify-end gap-2">
          <Button variant="ghost" disabled={dismiss.isPending} onClick={() => { dismiss.mutate(); }} data-testid="first-run-dismiss">
            Start with an empty studio
          </Button>
          <Button variant="primary" disabled={demo.isPending} onClick={() => { demo.mutate(); }} data-testid="first-run-demo">
            Open the demo project
          </Button>
        </div>
      </div>
    </div>
  );
}

function CrashNotice({ reports, onClose }: { reports: CrashReportView[]; onClose: () => void }) {
  const last = reports.at(-1);
  if (!last) return null;
  return (
    <div className="fixed right-4 bottom-4 z-50 max-w-lg rounded-xl border border-amber-500/40 bg-ink-900 p-4 text-sm shadow-2xl" role="alert" data-testid="crash-notice">
      <p className="font-medium text-amber-200">VideoGen Studio stopped unexpectedly{reports.length > 1 ? ` ${reports.length} times` : ""} since it last started.</p>
      <p className="mt-1 text-slate-300">
        The crash report is <span className="font-mono text-xs break-all text-slate-100" data-testid="crash-report-path">{last.path}</span>
      </p>
      <p className="mt-1 text-xs text-slate-400">{last.message}</p>
      <div className="mt-3 flex justify-end">
        <Button variant="ghost" onClick={onClose}>OK</Button>
      </div>
    </div>
  );
}

/** What the window says once at start: the crash reports of earlier runs, and the first-run welcome. */
export function StartupNotices() {
  const [crashesSeen, setCrashesSeen] = useState(false);
  const { data: crashes } = useQuery({ queryKey: crashesKey, queryFn: () => commands.earlierCrashes() });
  return (
    <>
      <FirstRunWelcome />
      {!crashesSeen && crashes && crashes.length > 0 && (
        <CrashNotice reports={crashes} onClose={() => { setCrashesSeen(true); }} />
      )}
    </>
  );
}

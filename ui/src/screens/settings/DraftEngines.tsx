import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Channel } from "@tauri-apps/api/core";
import { commands, type EnginesState, type InstallUpdate } from "../../bindings";
import { Button } from "../../components/Button";
import { ConfirmButton } from "../../components/ConfirmButton";
import { ProgressBar } from "../../components/ProgressBar";
import { useToast } from "../../components/Toasts";
import { keys } from "../../state/queryKeys";
import { installStepText } from "../../state/settings";

const STATE_TEXT: Record<EnginesState, string> = {
  installed: "Installed",
  notInstalled: "Not installed",
  outdated: "Installed from an older list of packages: install again to update them",
  interrupted: "An install was interrupted: install again to finish it",
};

/** The offline draft voice and timings (Piper, Whisper): status, install with progress, remove. */
export function DraftEngines() {
  const client = useQueryClient();
  const toast = useToast();
  const [step, setStep] = useState<InstallUpdate | null>(null);
  const { data: status } = useQuery({ queryKey: keys.engines, queryFn: () => commands.enginesStatus() });
  const install = useMutation({
    mutationFn: () => {
      const progress = new Channel<InstallUpdate>();
      progress.onmessage = setStep;
      return commands.installEngines(progress);
    },
    onSuccess: (done) => {
      toast.info(done.alreadyInstalled ? "The draft engines were already installed." : `The draft engines are installed (${done.packages} packages, ${Math.round(done.seconds)} s).`);
    },
    onError: (e) => { toast.error(e, "The draft engines were not installed"); },
    onSettled: () => {
      setStep(null);
      void client.invalidateQueries({ queryKey: keys.engines });
    },
  });
  const remove = useMutation({
    mutationFn: () => commands.removeEngines(),
    onError: (e) => { toast.error(e, "The draft engines were not removed"); },
    onSettled: () => { void client.invalidateQueries({ queryKey: keys.engines }); },
  });
  const shown = step ? installStepText(step) : null;
  return (
    <div className="flex flex-col gap-2 text-sm">
      <p className="text-slate-400">A draft voice and word timings that run on this computer without any server, for trying a script before the real voice.</p>
      <p data-testid="engines-state" className={status?.state === "installed" ? "text-emerald-300" : "text-slate-200"}>
        {status ? STATE_TEXT[status.state] : "…"}
        {status?.python && status.state === "installed" ? ` · Python ${status.python} · ${status.packages} packages` : ""}
      </p>
      {install.isPending && (
        <div className="flex flex-col gap-1" data-testid="engines-progress">
          <ProgressBar value={shown?.fraction ?? null} label="Installing the draft engines" />
          <span className="text-xs text-slate-400">{shown?.text ?? "Starting…"} This takes a few minutes the first time.</span>
        </div>
      )}
      <div className="flex gap-2">
        {status?.state !== "installed" && (
          <Button variant="primary" data-testid="install-engines" disabled={install.isPending} onClick={() => { install.mutate(); }}>
            {install.isPending ? "Installing…" : "Install"}
          </Button>
        )}
        {status && status.state !== "notInstalled" && !install.isPending && (
          <ConfirmButton question="Remove the draft engines?" confirmLabel="Remove" variant="ghost" disabled={remove.isPending} onConfirm={() => { remove.mutate(); }}>
            Remove
          </ConfirmButton>
        )}
      </div>
    </div>
  );
}

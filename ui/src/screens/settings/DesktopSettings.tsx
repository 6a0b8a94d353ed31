import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { open } from "@tauri-apps/plugin-dialog";
import { commands, type DataDirStatus, type SettingValue } from "../../bindings";
import { Button } from "../../components/Button";
import { ConfirmButton } from "../../components/ConfirmButton";
import { useToast } from "../../components/Toasts";
import { useSaveSetting } from "./SettingField";
import { dataFolderNote, DESKTOP_TOGGLES, isOn } from "./desktop";

const DATA_DIR_STATUS = ["dataDirStatus"] as const;

/** Notifications, keeping the system awake, and the log folder. */
export function DesktopSettings({ settings }: { settings: readonly SettingValue[] }) {
  const save = useSaveSetting();
  const toast = useToast();
  const openLogs = useMutation({
    mutationFn: () => commands.openLogsFolder(),
    onError: (e) => { toast.error(e, "The log folder did not open"); },
  });
  return (
    <div className="flex flex-col gap-2" data-testid="desktop-settings">
      {DESKTOP_TOGGLES.map(({ key, label }) => {
        const setting = settings.find((s) => s.key === key);
        return (
          <label key={key} className="flex items-center gap-3 py-1 text-sm text-slate-200">
            <input
              type="checkbox"
              role="switch"
              data-testid={`toggle-${key}`}
              disabled={!setting || save.isPending}
              checked={isOn(setting)}
              onChange={(e) => { save.mutate({ key, value: e.target.checked ? "true" : "false" }); }}
              className="size-4 accent-violet-500"
            />
            {label}
          </label>
        );
      })}
      <p className="text-xs text-slate-500">Keeping awake asks the desktop (logind or the screensaver) not to sleep or idle while jobs are queued or running, and lets go when they end.</p>
      <div className="mt-2 flex items-center gap-3 border-t border-ink-800 pt-3">
        <Button onClick={() => { openLogs.mutate(); }} data-testid="open-logs">
          Open the log folder
        </Button>
        <span className="text-xs text-slate-500">Daily log files, the last 7 days, and crash reports.</span>
      </div>
    </div>
  );
}

/** Asks for a folder; null when the user cancels. */
async function pickFolder(): Promise<string | null> {
  const picked = await open({ title: "Move the data folder to…", directory: true, multiple: false });
  return typeof picked === "string" ? picked : null;
}

/** The data folder: where it is, and moving it (made at the next start). */
export function DataFolder() {
  const client = useQueryClient();
  const toast = useToast();
  const status = useQuery({ queryKey: DATA_DIR_STATUS, queryFn: () => commands.dataDirStatus() });
  const [target, setTarget] = useState<string | null>(null);
  const done = (next: DataDirStatus) => {
    client.setQueryData(DATA_DIR_STATUS, next);
    setTarget(null);
  };
  const move = useMutation({ mutationFn: (to: string) => commands.moveDataDir(to), onSuccess: done, onError: (e) => { toast.error(e, "The data folder cannot move there"); } });
  const cancel = useMutation({ mutationFn: () => commands.cancelDataDirMove(), onSuccess: done, onError: (e) => { toast.error(e, "The move was not cancelled"); } });
  const restart = useMutation({ mutationFn: () => commands.restartApp(), onError: (e) => { toast.error(e, "The app did not restart"); } });
  const s = status.data;
  const note = s ? dataFolderNote(s) : null;
  const tone = { info: "text-slate-400", warn: "text-amber-300", error: "text-rose-300" };
  return (
    <div data-testid="data-folder">
      <p className="font-mono text-sm break-all text-slate-300" data-testid="data-dir">
        {s?.current ?? "…"}
      </p>
      {note && <p className={`mt-2 text-sm ${tone[note.tone]}`}>{note.text}</p>}
      {s && !s.fromEnvironment && (
        <div className="mt-3 flex flex-wrap items-center gap-2">
          {s.moveTo ? (
            <>
              <Button variant="primary" onClick={() => { restart.mutate(); }} data-testid="restart-now">
                Restart now to move it
              </Button>
              <Button variant="ghost" onClick={() => { cancel.mutate(); }}>
                Keep it where it is
              </Button>
            </>
          ) : target ? (
            <ConfirmButton
              question={`Move everything (projects, media, settings) to ${target} at the next start?`}
              confirmLabel="Move"
              testId="confirm-move"
              onConfirm={() => { move.mutate(target); }}
            >
              Move to {target}
            </ConfirmButton>
          ) : (
            <Button
              onClick={() => {
                void pickFolder().then((picked) => { setTarget(picked); });
              }}
              data-testid="move-data-dir"
            >
              Move the data folder…
            </Button>
          )}
          {target && !s.moveTo && (
            <Button variant="ghost" onClick={() => { setTarget(null); }}>
              Choose another
            </Button>
          )}
        </div>
      )}
      {/* The move needs the buttons above; with VIDEOGEN_DATA_DIR set there are none to choose with. */}
      {s && !s.fromEnvironment && <p className="mt-2 text-xs text-slate-500">Choose an empty folder. Nothing moves while the app is open: the move happens as it starts again, and the command line finds the new place too.</p>}
    </div>
  );
}

import type { ReactNode } from "react";
import { useQuery } from "@tanstack/react-query";
import { commands } from "../../bindings";
import { groupSettings } from "../../state/settings";
import { keys } from "../../state/queryKeys";
import { ApiKeyField } from "./ApiKeyField";
import { DoctorPanel } from "./DoctorPanel";
import { DataFolder, DesktopSettings } from "./DesktopSettings";
import { DraftEngines } from "./DraftEngines";
import { ComfyPool, SettingField } from "./SettingField";

function Panel({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <section className="mt-6 rounded-xl border border-ink-700 bg-ink-900 p-5" data-testid={testId}>
      <h2 className="mb-2 text-sm font-semibold tracking-wide text-slate-300">{title}</h2>
      {children}
    </section>
  );
}

/** Service addresses, the LLM and its key, health, limits, draft engines, the data folder. */
export function SettingsScreen() {
  const { data: settings, error } = useQuery({ queryKey: keys.settings, queryFn: () => commands.configList() });
  const groups = groupSettings(settings ?? []);
  const comfy = settings?.find((s) => s.key === "comfyui.url");
  return (
    <div className="h-full overflow-y-auto">
      <div className="mx-auto max-w-4xl px-10 py-10">
        <h1 className="text-2xl font-semibold text-white">Settings</h1>
        <p className="mt-2 text-sm text-slate-400">Where the studio reaches its services, what they cost and how much runs at once. Changes are saved as you make them.</p>
        {error && <p className="mt-4 text-sm text-rose-300">The settings could not be read: {(error as { message?: string }).message}</p>}

        <Panel title="Services" testId="settings-services">
          {comfy && <ComfyPool setting={comfy} />}
          {groups.services.map((s) => <SettingField key={s.key} setting={s} />)}
          <div className="mt-3 border-t border-ink-800 pt-3">
            <DoctorPanel />
          </div>
        </Panel>

        <Panel title="Script writing (LLM)" testId="settings-llm">
          {groups.llm.map((s) => {
            const price = s.key.startsWith("llm.price.");
            return <SettingField key={s.key} setting={s} type={price ? "number" : "text"} unit={price ? "US dollars per million tokens" : undefined} />;
          })}
          <ApiKeyField />
        </Panel>

        <Panel title="Jobs that may run at once" testId="settings-concurrency">
          <p className="mb-1 text-xs text-slate-500">
            Narration, word timings, images and clips follow their service by default (a TTS server takes one request at a time, a ComfyUI server two); a number here can only lower that.
          </p>
          <div className="grid grid-cols-3 gap-x-8">
            {groups.concurrency.map((s) => <SettingField key={s.key} setting={s} type="number" compact />)}
          </div>
        </Panel>

        <Panel title="Draft engines (offline)">
          <DraftEngines />
        </Panel>

        <Panel title="Desktop" testId="settings-desktop">
          <DesktopSettings settings={settings ?? []} />
        </Panel>

        <Panel title="Data folder">
          <DataFolder />
        </Panel>
      </div>
    </div>
  );
}

import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { commands, type SettingValue } from "../../bindings";
import { Button } from "../../components/Button";
import { useToast } from "../../components/Toasts";
import { keys } from "../../state/queryKeys";
import { poolFromSetting, poolToSetting, settingLabel } from "../../state/settings";

/** Saves one setting and puts the stored value in the cache. */
export function useSaveSetting() {
  const client = useQueryClient();
  const toast = useToast();
  return useMutation({
    mutationFn: ({ key, value }: { key: string; value: string }) => commands.configSet(key, value),
    onSuccess: (saved) => {
      client.setQueryData<SettingValue[]>(keys.settings, (all) => all?.map((s) => (s.key === saved.key ? saved : s)));
    },
    onError: (e) => { toast.error(e, "The setting was not saved"); },
  });
}

/** Where a value comes from, when it is not stored by the user. */
export function SourceNote({ setting }: { setting: SettingValue }) {
  if (setting.source === "environment") {
    return <span className="text-xs text-amber-300">Set by an environment variable for this run; change it there.</span>;
  }
  if (setting.source === "default") return <span className="text-xs text-slate-500">Default</span>;
  return null;
}

/** One setting as a labelled input, saved on Enter or when it loses focus. */
export function SettingField({ setting, type = "text", compact = false, unit }: { setting: SettingValue; type?: "text" | "number"; compact?: boolean; unit?: string }) {
  const [draft, setDraft] = useState(setting.value);
  const [shown, setShown] = useState(setting.value);
  // A value saved or changed elsewhere replaces the draft.
  if (shown !== setting.value) {
    setShown(setting.value);
    setDraft(setting.value);
  }
  const save = useSaveSetting();
  const fromEnv = setting.source === "environment";
  const commit = () => {
    if (draft.trim() !== setting.value) save.mutate({ key: setting.key, value: draft });
  };
  return (
    <label className={`grid items-start gap-4 py-2 ${compact ? "grid-cols-[1fr_6rem]" : "grid-cols-[16rem_1fr]"}`}>
      <span className="pt-1.5">
        <span className="block text-sm text-slate-200">{settingLabel(setting.key)}</span>
        {!compact && <span className="block text-xs text-slate-500">{setting.help}</span>}
      </span>
      <span className="flex flex-col gap-1">
        <input
          type={type}
          value={draft}
          disabled={fromEnv}
          data-testid={`setting-${setting.key}`}
          onChange={(e) => { setDraft(e.target.value); }}
          onBlur={commit}
          onKeyDown={(e) => {
            if (e.key === "Enter") commit();
            if (e.key === "Escape") setDraft(setting.value);
          }}
          className="w-full rounded-md border border-ink-600 bg-ink-850 px-3 py-1.5 text-sm text-slate-100 focus:border-accent-400 focus:outline-none disabled:opacity-60"
        />
        {unit && <span className="text-xs text-slate-500" data-testid={`setting-unit-${setting.key}`}>{unit}</span>}
        <SourceNote setting={setting} />
      </span>
    </label>
  );
}

/** The ComfyUI pool as a list: add a server, remove one. */
export function ComfyPool({ setting }: { setting: SettingValue }) {
  const save = useSaveSetting();
  const [adding, setAdding] = useState("");
  const urls = poolFromSetting(setting.value);
  const fromEnv = setting.source === "environment";
  const store = (next: string[]) => {
    save.mutate({ key: setting.key, value: poolToSetting(next) });
  };
  return (
    <div className="grid grid-cols-[16rem_1fr] items-start gap-4 py-2" data-testid="comfy-pool">
      <span className="pt-1.5">
        <span className="block text-sm text-slate-200">{settingLabel(setting.key)}</span>
        <span className="block text-xs text-slate-500">Image and video renders are shared across these servers, two at a time each.</span>
      </span>
      <div className="flex flex-col gap-2">
        <ul className="flex flex-col gap-1">
          {urls.map((url) => (
            <li key={url} className="flex items-center gap-2 rounded-md bg-ink-850 px-3 py-1.5 text-sm" data-testid="comfy-server">
              <span className="min-w-0 flex-1 truncate font-mono text-slate-200">{url}</span>
              {urls.length > 1 && !fromEnv && (
                <Button variant="ghost" aria-label={`Remove ${url}`} onClick={() => { store(urls.filter((u) => u !== url)); }}>
                  Remove
                </Button>
              )}
            </li>
          ))}
        </ul>
        {!fromEnv && (
          <form
            className="flex gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              if (adding.trim() === "") return;
              store([...urls, adding.trim()]);
              setAdding("");
            }}
          >
            <input
              value={adding}
              placeholder="http://192.168.1.20:8188"
              aria-label="Another ComfyUI server"
              data-testid="comfy-add-url"
              onChange={(e) => { setAdding(e.target.value); }}
              className="flex-1 rounded-md border border-ink-600 bg-ink-850 px-3 py-1.5 text-sm text-slate-100 focus:border-accent-400 focus:outline-none"
            />
            <Button type="submit" data-testid="comfy-add">Add server</Button>
          </form>
        )}
        <SourceNote setting={setting} />
      </div>
    </div>
  );
}

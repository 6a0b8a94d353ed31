import type { InstallUpdate, JobKind, SettingValue } from "../bindings";
import { KIND_LABEL } from "./jobs";

/** The ComfyUI pool as the list the setting stores comma-separated. */
export function poolFromSetting(value: string): string[] {
  return value
    .split(",")
    .map((u) => u.trim())
    .filter((u) => u !== "");
}

/** The list back as the setting's value. */
export function poolToSetting(urls: readonly string[]): string {
  return urls.map((u) => u.trim()).filter((u) => u !== "").join(",");
}

/** Settings split into the groups the screen shows, in the order listed. */
export function groupSettings(all: readonly SettingValue[]): {
  services: SettingValue[];
  llm: SettingValue[];
  concurrency: SettingValue[];
} {
  return {
    services: all.filter((s) => s.key === "tts.url" || s.key === "whisper.url"),
    llm: all.filter((s) => s.key.startsWith("llm.")),
    concurrency: all.filter((s) => s.key.startsWith("jobs.concurrency.")),
  };
}

/** A short label for a setting's key. */
export function settingLabel(key: string): string {
  const LABELS: Record<string, string> = {
    "comfyui.url": "ComfyUI servers",
    "tts.url": "TTS server (Chatterbox)",
    "whisper.url": "Whisper server",
    "llm.url": "LLM address",
    "llm.model": "LLM model",
    "llm.price.cache_hit": "Price: cached input",
    "llm.price.cache_miss": "Price: other input",
    "llm.price.output": "Price: output",
  };
  const kind = key.replace("jobs.concurrency.", "");
  return LABELS[key] ?? (kind in KIND_LABEL ? KIND_LABEL[kind as JobKind] : kind);
}

/** An install step in words, with the fraction done when it is known. */
export function installStepText(update: InstallUpdate): { text: string; fraction: number | null } {
  switch (update.step) {
    case "findingPython":
      return { text: "Looking for Python 3.11…", fraction: null };
    case "creatingVenv":
      return { text: `Creating the environment with Python ${update.python}…`, fraction: null };
    case "package":
      return {
        text: `Fetching package ${update.index} of ${update.total}: ${update.name} ${update.version}`,
        fraction: update.total > 0 ? update.index / update.total : null,
      };
    case "unpacking":
      return { text: "Unpacking the packages…", fraction: 1 };
    case "verifying":
      return { text: "Checking the engines and their models…", fraction: 1 };
  }
}

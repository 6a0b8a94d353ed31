import type { DataDirStatus, SettingValue } from "../../bindings";

/** The boolean settings the Desktop panel shows as switches, with their labels. */
export const DESKTOP_TOGGLES = [
  { key: "notify.batches", label: "Notify me when a batch of jobs finishes or fails" },
  { key: "jobs.keep_awake", label: "Keep the system awake while jobs run" },
] as const;

/** Whether a boolean setting is on (the app stores "true" or "false"). */
export function isOn(setting: SettingValue | undefined): boolean {
  return setting?.value === "true";
}

/** What the data folder panel says besides the path, or null when there is nothing to say. */
export function dataFolderNote(status: DataDirStatus): { tone: "info" | "warn" | "error"; text: string } | null {
  if (status.lastError) return { tone: "error", text: status.lastError };
  if (status.moveTo) {
    return { tone: "warn", text: `Moves to ${status.moveTo} when VideoGen Studio next starts (the command line uses the new place from then on too).` };
  }
  if (status.fromEnvironment) {
    return { tone: "info", text: "VIDEOGEN_DATA_DIR chooses this folder for this run: change that variable to use another." };
  }
  return null;
}

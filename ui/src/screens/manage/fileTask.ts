import type { FileProgress } from "../../bindings";
import { formatBytes } from "../export/exportForm";

/** How much of a backup or restore is done, 0..1, by bytes (by files when there are no bytes); null before the first report. */
export function fileFraction(progress: FileProgress | null): number | null {
  if (!progress) return null;
  if (progress.totalBytes > 0) return Math.min(1, progress.doneBytes / progress.totalBytes);
  if (progress.totalFiles > 0) return Math.min(1, progress.doneFiles / progress.totalFiles);
  return null;
}

/** "12 of 340 files · 120 MB of 1.4 GB", or "Starting…" before the first report. */
export function fileProgressText(progress: FileProgress | null): string {
  if (!progress) return "Starting…";
  const files = progress.totalFiles === 1 ? "1 file" : `${progress.totalFiles} files`;
  return `${progress.doneFiles} of ${files} · ${formatBytes(progress.doneBytes)} of ${formatBytes(progress.totalBytes)}`;
}

/** A new id for a backup or restore, which its Cancel button sends back. */
export function newTaskId(): string {
  const random = globalThis.crypto as Crypto | undefined;
  return typeof random?.randomUUID === "function" ? random.randomUUID() : `task-${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

import type { DiskUse } from "../../bindings";
import { formatBytes } from "../export/exportForm";

/** Query keys under `projects`, so every project change (an event) refreshes them too. */
export const manageKeys = {
  trash: ["projects", "trash"] as const,
  diskUse: ["projects", "diskUse"] as const,
};

/** The kinds of files a project holds, largest first, without the empty ones. */
export function diskParts(use: DiskUse): { label: string; bytes: number }[] {
  const parts = [
    { label: "Narration", bytes: use.audioBytes + use.sectionAudioBytes },
    { label: "Images", bytes: use.imageBytes },
    { label: "Thumbnails", bytes: use.thumbBytes },
    { label: "Clips", bytes: use.videoBytes },
    { label: "Export cache", bytes: use.cacheBytes },
    { label: "Other", bytes: use.otherBytes },
  ];
  return parts.filter((p) => p.bytes > 0).sort((a, b) => b.bytes - a.bytes);
}

/** "3 old takes, 120 MB", or null when there are none. */
export function oldTakesText(use: DiskUse): string | null {
  if (use.oldTakes === 0) return null;
  return `${use.oldTakes} old ${use.oldTakes === 1 ? "take" : "takes"}, ${formatBytes(use.oldTakeBytes)}`;
}

/** The sum over every project, bytes. */
export function totalBytes(all: readonly DiskUse[]): number {
  return all.reduce((sum, u) => sum + u.totalBytes, 0);
}

/** "deleted 5 min ago", "deleted 3 h ago", "deleted 2 days ago" (at `now`). */
export function deletedWhen(deletedAt: number, now: number): string {
  const minutes = Math.max(0, Math.round((now - deletedAt) / 60000));
  if (minutes < 1) return "deleted just now";
  if (minutes < 60) return `deleted ${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `deleted ${hours} h ago`;
  const days = Math.round(hours / 24);
  return `deleted ${days} ${days === 1 ? "day" : "days"} ago`;
}

import type { ExportEstimate, ExportFormat, ExportRequest, FrameRate, FrameSize, RoughcutRequest } from "../../bindings";

/** The setting that remembers the folder last exported to (also offered for rough cuts and backups). */
export const LAST_FOLDER_KEY = "export.folder";
/** The setting that remembers the last choice of timelines and captions ("none": media only). */
export const FORMATS_KEY = "export.formats";
/** The setting that remembers whether the last export asked for a ZIP. */
export const ZIP_KEY = "export.zip";

/** What the export dialog's form holds. `null` rate or size: the project's own. */
export type ExportForm = {
  folder: string;
  name: string;
  zip: boolean;
  fps: FrameRate | null;
  size: FrameSize | null;
  /** Section id, or null for the whole project. */
  section: string | null;
  /** The timelines and captions to write, in the order the dialog lists them. */
  formats: ExportFormat[];
};

/**
 * The formats a stored `export.formats` value names, among `known` (the dialog's list, in
 * its order): "none" is an export of media only; names this version does not know are
 * skipped; nothing stored (or nothing known left) means every format.
 */
export function storedFormats(value: string | undefined, known: readonly ExportFormat[]): ExportFormat[] {
  if (value === undefined) return [...known];
  if (value.trim().toLowerCase() === "none") return [];
  const names = value.split(",").map((n) => n.trim().toLowerCase());
  const chosen = known.filter((f) => names.includes(f));
  return chosen.length === 0 ? [...known] : chosen;
}

/** The `export.formats` value that stores `formats`. */
export function formatsSetting(formats: readonly ExportFormat[]): string {
  return formats.length === 0 ? "none" : formats.join(",");
}

/** `formats` with `format` ticked or not, kept in the order of `known`. */
export function toggleFormat(formats: readonly ExportFormat[], format: ExportFormat, on: boolean, known: readonly ExportFormat[]): ExportFormat[] {
  return known.filter((f) => (f === format ? on : formats.includes(f)));
}

/** `a/b` joined with the separator the folder already uses (Windows paths use `\`). */
export function joinPath(folder: string, name: string): string {
  const sep = folder.includes("\\") && !folder.includes("/") ? "\\" : "/";
  return folder.endsWith(sep) ? `${folder}${name}` : `${folder}${sep}${name}`;
}

/** A file or folder name from a project name: characters file systems refuse become "-". */
export function safeName(name: string): string {
  const cleaned = name.replace(/[\\/:*?"<>|\p{Cc}]+/gu, "-").replace(/\s+/g, " ").trim().replace(/^\.+/, "");
  return cleaned === "" ? "project" : cleaned.slice(0, 120);
}

/** The export folder's default name. */
export function defaultExportName(projectName: string, sectionTitle: string | null = null): string {
  return sectionTitle ? `${safeName(projectName)} - ${safeName(sectionTitle)} export` : `${safeName(projectName)} export`;
}

/** Why the form cannot be sent yet, in words; null when it can. */
export function formProblem(form: Pick<ExportForm, "folder" | "name">): string | null {
  if (form.folder.trim() === "") return "Choose a folder to export into.";
  if (form.name.trim() === "") return "Give the export folder a name.";
  if (/[\\/]/.test(form.name)) return "The name cannot contain / or \\: it is one folder's name.";
  return null;
}

/** The export job's request; `pauseMs` is the project's pause after each sentence. */
export function exportRequest(projectId: string, form: ExportForm, pauseMs = 0): ExportRequest {
  return {
    projectId,
    target: joinPath(form.folder.trim(), form.name.trim()),
    zip: form.zip,
    fps: form.fps,
    size: form.size,
    sentencePauseMs: pauseMs,
    sectionPauseMs: 0,
    strict: false,
    section: form.section,
    formats: form.formats,
  };
}

/** What the rough-cut dialog's form holds. */
export type RoughcutForm = {
  folder: string;
  name: string;
  section: string | null;
  burnSubtitles: boolean;
  music: string | null;
};

/** The rough cut's default file name. */
export function defaultRoughcutName(projectName: string, sectionTitle: string | null): string {
  return sectionTitle ? `${safeName(projectName)} - ${safeName(sectionTitle)} rough cut.mp4` : `${safeName(projectName)} rough cut.mp4`;
}

/** The rough-cut job's request (cut where the export cuts: same pause); the name gets `.mp4`. */
export function roughcutRequest(projectId: string, form: RoughcutForm, pauseMs = 0): RoughcutRequest {
  const name = form.name.trim();
  const file = /\.mp4$/i.test(name) ? name : `${name}.mp4`;
  return {
    projectId,
    out: joinPath(form.folder.trim(), file),
    section: form.section,
    burnSubtitles: form.burnSubtitles,
    music: form.music,
    fps: null,
    size: null,
    sentencePauseMs: pauseMs,
    sectionPauseMs: 0,
  };
}

/** "1.2 GB", "340 kB", "12 B": decimal units, as file managers show them. */
export function formatBytes(bytes: number): string {
  const units = ["B", "kB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit] ?? ""}`;
}

/** "under a minute", "about 3 min", "about 1 h 20 min". */
export function formatEstimate(ms: number): string {
  const minutes = Math.round(ms / 60000);
  if (minutes < 1) return "under a minute";
  if (minutes < 60) return `about ${minutes} min`;
  const h = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `about ${h} h` : `about ${h} h ${rest} min`;
}

/** The estimate as one sentence for the dialog. */
export function estimateText(estimate: ExportEstimate): string {
  const size = formatBytes(estimate.folderBytes + estimate.zipBytes);
  const zip = estimate.zipBytes > 0 ? " with the ZIP" : "";
  const files = estimate.mediaFiles === 1 ? "1 media file" : `${estimate.mediaFiles} media files`;
  return `${files}, ${size}${zip}; ${formatEstimate(estimate.estimatedMs)} to write.`;
}

/** What the export will do in place of what is missing or old, one sentence each. */
export function estimateNotes(estimate: ExportEstimate): string[] {
  const scenes = (n: number) => (n === 1 ? "1 scene" : `${n} scenes`);
  const notes: string[] = [];
  if (estimate.standIns > 0) {
    notes.push(
      `${scenes(estimate.standIns)} ${estimate.standIns === 1 ? "uses" : "use"} a stand-in (a still for a missing clip, a slate for a missing image, silence for missing narration).`,
    );
  }
  if (estimate.outOfDate > 0) {
    notes.push(`${scenes(estimate.outOfDate)} ${estimate.outOfDate === 1 ? "is" : "are"} out of date: generate first to export the newest version.`);
  }
  if (estimate.heldClips > 0) {
    const clips = estimate.heldClips === 1 ? "1 clip is" : `${estimate.heldClips} clips are`;
    notes.push(`${clips} shorter than the narration: the last frame is held.`);
  }
  return notes;
}

/** "24 fps", "23.976 fps", "29.97 fps". */
export function rateLabel(rate: FrameRate): string {
  const fps = rate.num / rate.den;
  return `${Number.isInteger(fps) ? String(fps) : fps.toFixed(3).replace(/0+$/, "")} fps`;
}

/** "1920 × 1080". */
export function sizeLabel(size: FrameSize): string {
  return `${size.width} × ${size.height}`;
}

/** A stable key for a select option. */
export const rateKey = (rate: FrameRate): string => `${rate.num}/${rate.den}`;
export const sizeKey = (size: FrameSize): string => `${size.width}x${size.height}`;

import type { AssetKind, Job, JobKind, PieceState, SceneRow, StoreChanged, Storyboard, StoryboardSection } from "../../bindings";

/** TanStack Query keys of the storyboard (kept here: only this screen reads them). */
export const storyboardKeys = {
  board: (projectId: string) => ["storyboard", projectId] as const,
  activeJobs: (projectId: string) => ["storyboard", projectId, "activeJobs"] as const,
  sentence: (id: string) => ["sentence", id] as const,
  takes: (id: string) => ["takes", id] as const,
};

/** The three pieces of a scene, in the order the storyboard shows them, with their names. */
export const PIECES = [
  { kind: "image", label: "Image", field: "image" },
  { kind: "video", label: "Clip", field: "video" },
  { kind: "audio", label: "Narration", field: "audio" },
] as const satisfies readonly { kind: AssetKind; label: string; field: "image" | "video" | "audio" }[];

export const PIECE_LABEL = { audio: "Narration", image: "Image", video: "Clip" } as const satisfies Record<AssetKind, string>;

/** One line of the table: a section heading or a scene, with its number across the project. */
export type TableItem =
  | { kind: "section"; key: string; section: StoryboardSection; number: number; scenes: number; firstScene: number }
  | { kind: "scene"; key: string; row: SceneRow; number: number };

/** The storyboard as table lines in story order; scenes numbered from 1 across the project. */
export function tableItems(board: Storyboard): TableItem[] {
  const bySection = new Map<string, SceneRow[]>();
  for (const row of board.rows) {
    let list = bySection.get(row.sectionId);
    if (!list) {
      list = [];
      bySection.set(row.sectionId, list);
    }
    list.push(row);
  }
  const items: TableItem[] = [];
  let number = 0;
  board.sections.forEach((section, index) => {
    const rows = bySection.get(section.id) ?? [];
    items.push({ kind: "section", key: `section-${section.id}`, section, number: index + 1, scenes: rows.length, firstScene: number + 1 });
    for (const row of rows) {
      number += 1;
      items.push({ kind: "scene", key: row.id, row, number });
    }
  });
  return items;
}

/** One line of the grid: a section heading, or up to `columns` scenes side by side. */
export type GridItem =
  | { kind: "section"; key: string; section: StoryboardSection; number: number; scenes: number; firstScene: number }
  | { kind: "scenes"; key: string; cells: { row: SceneRow; number: number }[] };

/** The table lines regrouped for a grid of `columns` cards; a section always starts a line. */
export function gridItems(items: TableItem[], columns: number): GridItem[] {
  const width = Math.max(1, Math.floor(columns));
  const out: GridItem[] = [];
  let line: { row: SceneRow; number: number }[] = [];
  const close = () => {
    if (line.length > 0) {
      out.push({ kind: "scenes", key: `cells-${line[0]?.row.id ?? ""}`, cells: line });
      line = [];
    }
  };
  for (const item of items) {
    if (item.kind === "section") {
      close();
      out.push(item);
    } else {
      line.push({ row: item.row, number: item.number });
      if (line.length === width) close();
    }
  }
  close();
  return out;
}

/** Where each section starts among `items` (for "jump to section"). */
export function sectionStarts(items: readonly { kind: string; key: string }[]): Map<string, number> {
  const starts = new Map<string, number>();
  items.forEach((item, index) => {
    if (item.kind === "section") starts.set(item.key.slice("section-".length), index);
  });
  return starts;
}

/** The board with some rows replaced (same id) and rows of deleted scenes removed. */
export function patchRows(board: Storyboard, fresh: SceneRow[], asked: readonly string[]): Storyboard {
  if (asked.length === 0) return board;
  const byId = new Map(fresh.map((row) => [row.id, row]));
  const gone = new Set(asked.filter((id) => !byId.has(id)));
  let changed = false;
  const rows: SceneRow[] = [];
  for (const row of board.rows) {
    if (gone.has(row.id)) {
      changed = true;
      continue;
    }
    const next = byId.get(row.id);
    if (next) {
      changed = true;
      rows.push(next);
    } else {
      rows.push(row);
    }
  }
  return changed ? { ...board, rows } : board;
}

/** Above this many changed scenes one whole reload is cheaper than a call for each. */
export const PATCH_LIMIT = 200;

/** What a store event means for one project's storyboard. */
export type BoardChange = { reload: true } | { reload: false; scenes: string[] } | null;

/**
 * Reads a coalesced store event for `projectId`: sentence edits patch their rows; anything
 * structural (scenes added, removed or moved, sections, project settings) reloads the board.
 */
export function boardChange(event: StoreChanged, projectId: string): BoardChange {
  if (event.resync) return { reload: true };
  const scenes = new Set<string>();
  for (const change of event.changes) {
    if (change.entity === "project" && change.id === projectId) return { reload: true };
    if (change.projectId !== projectId) continue;
    if (change.entity === "section") return { reload: true };
    if (change.entity === "sentence") {
      if (change.op !== "update") return { reload: true };
      scenes.add(change.id);
    }
  }
  if (scenes.size === 0) return null;
  if (scenes.size > PATCH_LIMIT) return { reload: true };
  return { reload: false, scenes: [...scenes] };
}

/** The piece a job makes (a prompt job is for the picture it describes), or none. */
export function pieceOfJob(kind: JobKind): AssetKind | null {
  switch (kind) {
    case "audio.sentence":
    case "audio.section":
    case "audio.align":
      return "audio";
    case "image":
    case "prompts.image":
      return "image";
    case "video":
    case "prompts.video":
    case "video.conform":
      return "video";
    default:
      return null;
  }
}

/** A queued or running job of the project, as the storyboard follows it. */
export type ActiveJob = Pick<Job, "id" | "kind" | "state" | "sentenceId" | "sectionId" | "progress">;

/** What is being made now, per scene and per section: piece → progress (0..1, null queued). */
export type WorkMap = {
  scenes: Map<string, Map<AssetKind, number | null>>;
  sections: Map<string, Map<AssetKind, number | null>>;
};

export function workMap(jobs: readonly ActiveJob[]): WorkMap {
  const map: WorkMap = { scenes: new Map(), sections: new Map() };
  for (const job of jobs) {
    if (job.state !== "queued" && job.state !== "running") continue;
    const piece = pieceOfJob(job.kind);
    if (!piece) continue;
    const target = job.sentenceId ? map.scenes : job.sectionId ? map.sections : null;
    const id = job.sentenceId ?? job.sectionId;
    if (!target || !id) continue;
    let pieces = target.get(id);
    if (!pieces) {
      pieces = new Map();
      target.set(id, pieces);
    }
    const progress = job.state === "running" ? job.progress : null;
    const known = pieces.get(piece);
    pieces.set(piece, known === undefined || known === null ? progress : Math.max(known, progress ?? 0));
  }
  return map;
}

/** Whether (and how far) a piece of a scene is being made: its own job, or its section's. */
export function workOn(map: WorkMap, row: Pick<SceneRow, "id" | "sectionId">, piece: AssetKind): number | null | undefined {
  const own = map.scenes.get(row.id)?.get(piece);
  if (own !== undefined) return own;
  return map.sections.get(row.sectionId)?.get(piece);
}

/** The active-jobs list after a job event: a job that ended leaves it. */
export function updateActive(jobs: readonly ActiveJob[], job: ActiveJob): ActiveJob[] {
  const rest = jobs.filter((j) => j.id !== job.id);
  return job.state === "queued" || job.state === "running" ? [...rest, job] : rest;
}

/** How a piece stands, in the words (and colour) a badge shows. */
export type PieceStatus = "working" | "failed" | "stale" | "missing" | "ready";

export function pieceStatus(piece: PieceState, working: number | null | undefined): PieceStatus {
  if (working !== undefined) return "working";
  if (piece.error !== null) return "failed";
  if (piece.dirty) return piece.hasFile ? "stale" : "missing";
  return piece.hasFile ? "ready" : "missing";
}

/** Counts for the header: scenes with anything to make, and scenes with a failed piece. */
export function boardCounts(board: Storyboard): { scenes: number; stale: number; failed: number } {
  let stale = 0;
  let failed = 0;
  for (const row of board.rows) {
    if (row.audio.dirty || row.image.dirty || row.video.dirty) stale += 1;
    if (row.audio.error !== null || row.image.error !== null || row.video.error !== null) failed += 1;
  }
  return { scenes: board.rows.length, stale, failed };
}

/**
 * The selection after a click on scene `id`: a plain click selects it alone; Ctrl/⌘ adds or
 * removes it; Shift selects the range from the last clicked scene (`anchor`).
 */
export function nextSelection(
  current: ReadonlySet<string>,
  order: readonly string[],
  id: string,
  anchor: string | null,
  mode: "only" | "toggle" | "range",
): Set<string> {
  if (mode === "only") return new Set([id]);
  if (mode === "toggle") {
    const next = new Set(current);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    return next;
  }
  const from = anchor === null ? -1 : order.indexOf(anchor);
  const to = order.indexOf(id);
  if (from < 0 || to < 0) return new Set([...current, id]);
  const [lo, hi] = from < to ? [from, to] : [to, from];
  return new Set([...current, ...order.slice(lo, hi + 1)]);
}

/** A scene's length for its list line: its narration's, or that there is none to time it by. */
export function sceneLength(ms: number | null): string {
  return ms === null ? "no narration yet" : clock(ms);
}

/** A duration in ms as `m:ss.d`. */
export function clock(ms: number | null): string {
  if (ms === null) return "–";
  const tenths = Math.round(ms / 100);
  const minutes = Math.floor(tenths / 600);
  const seconds = (tenths % 600) / 10;
  return `${minutes}:${seconds.toFixed(1).padStart(4, "0")}`;
}

import { describe, expect, it } from "vitest";
import type { StoreChanged } from "../../bindings";
import { board, piece, row } from "./testBoard";
import {
  PATCH_LIMIT,
  boardChange,
  boardCounts,
  clock,
  sceneLength,
  gridItems,
  nextSelection,
  patchRows,
  pieceStatus,
  sectionStarts,
  tableItems,
  updateActive,
  workMap,
  workOn,
  type ActiveJob,
} from "./storyboardState";

const change = (entity: StoreChanged["changes"][number]["entity"], id: string, op: "insert" | "update" | "delete" = "update", projectId: string | null = "p") => ({
  entity,
  id,
  op,
  projectId,
});

describe("storyboard lines", () => {
  it("numbers scenes across sections and puts each section's heading before its scenes", () => {
    const items = tableItems(board(2, 3));
    expect(items.map((i) => (i.kind === "section" ? `§${i.number}` : i.number))).toEqual(["§1", 1, 2, 3, "§2", 4, 5, 6]);
    const second = items[4];
    expect(second?.kind === "section" && second.firstScene).toBe(4);
    expect(sectionStarts(items).get("sec2")).toBe(4);
  });

  it("keeps an empty section as a heading with no scenes", () => {
    const b = board(2, 2);
    b.rows = b.rows.filter((r) => r.sectionId !== "sec1");
    const items = tableItems(b);
    expect(items[0]).toMatchObject({ kind: "section", scenes: 0 });
    expect(items[1]).toMatchObject({ kind: "section", number: 2, firstScene: 1 });
  });

  it("cuts the grid into lines of the column count, each section starting a new line", () => {
    const lines = gridItems(tableItems(board(2, 5)), 3);
    expect(lines.map((l) => (l.kind === "section" ? "§" : l.cells.map((c) => c.number).join(",")))).toEqual(["§", "1,2,3", "4,5", "§", "6,7,8", "9,10"]);
    expect(sectionStarts(lines).get("sec2")).toBe(3);
  });
});

describe("patching rows", () => {
  it("replaces the rows asked for and drops those that came back missing", () => {
    const b = board(1, 3);
    const fresh = row("s1-2", "sec1", "Edited.", { image: piece(true) });
    const next = patchRows(b, [fresh], ["s1-2", "s1-3"]);
    expect(next.rows.map((r) => r.text)).toEqual(["Scene 1 of part 1.", "Edited."]);
    expect(next.rows[0]).toBe(b.rows[0]);
  });

  it("leaves the board as it is when nothing it holds changed", () => {
    const b = board(1, 2);
    expect(patchRows(b, [], [])).toBe(b);
    expect(patchRows(b, [row("other", "sec1", "x")], ["other"])).toBe(b);
  });
});

describe("store events", () => {
  it("patches edited scenes of this project and ignores other projects", () => {
    const event: StoreChanged = { resync: false, changes: [change("sentence", "a"), change("sentence", "b"), change("sentence", "x", "update", "other")] };
    expect(boardChange(event, "p")).toEqual({ reload: false, scenes: ["a", "b"] });
    expect(boardChange({ resync: false, changes: [change("sentence", "x", "update", "other")] }, "p")).toBeNull();
  });

  it("reloads when scenes are added, removed or moved, or the project changes", () => {
    expect(boardChange({ resync: false, changes: [change("sentence", "a", "insert")] }, "p")).toEqual({ reload: true });
    expect(boardChange({ resync: false, changes: [change("section", "s")] }, "p")).toEqual({ reload: true });
    expect(boardChange({ resync: false, changes: [change("project", "p", "update", "p")] }, "p")).toEqual({ reload: true });
    expect(boardChange({ resync: true, changes: [] }, "p")).toEqual({ reload: true });
  });

  it("reloads rather than patching a very large edit one row at a time", () => {
    const changes = Array.from({ length: PATCH_LIMIT + 1 }, (_, n) => change("sentence", `s${n}`));
    expect(boardChange({ resync: false, changes }, "p")).toEqual({ reload: true });
  });
});

describe("pieces being made", () => {
  const job = (id: string, over: Partial<ActiveJob>): ActiveJob => ({ id, kind: "image", state: "queued", sentenceId: "a", sectionId: null, progress: 0, ...over });

  it("maps queued and running jobs to the piece of the scene (or section) they make", () => {
    const map = workMap([
      job("1", { state: "running", progress: 0.4 }),
      job("2", { kind: "audio.section", sentenceId: null, sectionId: "sec1" }),
      job("3", { kind: "export", sentenceId: null }),
    ]);
    expect(workOn(map, { id: "a", sectionId: "sec1" }, "image")).toBe(0.4);
    expect(workOn(map, { id: "b", sectionId: "sec1" }, "audio")).toBeNull();
    expect(workOn(map, { id: "b", sectionId: "sec2" }, "audio")).toBeUndefined();
    expect(workOn(map, { id: "a", sectionId: "sec1" }, "video")).toBeUndefined();
  });

  it("drops a job from the active list when it ends", () => {
    const list = [job("1", {}), job("2", {})];
    expect(updateActive(list, job("1", { state: "succeeded" })).map((j) => j.id)).toEqual(["2"]);
    expect(updateActive(list, job("3", { state: "running" })).map((j) => j.id)).toEqual(["1", "2", "3"]);
  });

  it("says how a piece stands: being made wins over failed, failed over stale", () => {
    expect(pieceStatus(piece(true, true, "down"), 0.5)).toBe("working");
    expect(pieceStatus(piece(true, true, "down"), undefined)).toBe("failed");
    expect(pieceStatus(piece(true, true), undefined)).toBe("stale");
    expect(pieceStatus(piece(true, false), undefined)).toBe("missing");
    expect(pieceStatus(piece(false, true), undefined)).toBe("ready");
  });

  it("counts scenes to generate and scenes with a failure", () => {
    const b = board(1, 4, (r) => (r.id === "s1-1" ? { ...r, image: piece(true) } : r.id === "s1-2" ? { ...r, video: piece(true, false, "ComfyUI is down") } : r));
    expect(boardCounts(b)).toEqual({ scenes: 4, stale: 2, failed: 1 });
  });
});

describe("selection", () => {
  const order = ["a", "b", "c", "d", "e"];
  it("selects one scene, adds and removes with Ctrl, and a range with Shift", () => {
    let s = nextSelection(new Set(), order, "b", null, "only");
    expect([...s]).toEqual(["b"]);
    s = nextSelection(s, order, "d", "b", "toggle");
    expect([...s].sort()).toEqual(["b", "d"]);
    s = nextSelection(s, order, "d", "d", "toggle");
    expect([...s]).toEqual(["b"]);
    s = nextSelection(s, order, "e", "b", "range");
    expect([...s].sort()).toEqual(["b", "c", "d", "e"]);
    expect([...nextSelection(new Set(["e"]), order, "c", "e", "range")].sort()).toEqual(["c", "d", "e"]);
  });
});

describe("clock", () => {
  it("shows minutes, seconds and tenths", () => {
    expect(clock(null)).toBe("–");
    expect(clock(2400)).toBe("0:02.4");
    expect(clock(61_050)).toBe("1:01.1");
  });
});

describe("sceneLength", () => {
  it("times a voiced scene and says when there is no narration", () => {
    expect(sceneLength(2400)).toBe("0:02.4");
    expect(sceneLength(null)).toBe("no narration yet");
  });
});

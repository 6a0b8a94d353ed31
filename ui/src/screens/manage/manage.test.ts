import { describe, expect, it } from "vitest";
import type { DiskUse } from "../../bindings";
import { deletedWhen, diskParts, oldTakesText, totalBytes } from "./manage";

const use = (over: Partial<DiskUse> = {}): DiskUse => ({
  projectId: "p",
  name: "Film",
  totalBytes: 0,
  audioBytes: 0,
  sectionAudioBytes: 0,
  imageBytes: 0,
  thumbBytes: 0,
  videoBytes: 0,
  cacheBytes: 0,
  otherBytes: 0,
  oldTakes: 0,
  oldTakeBytes: 0,
  ...over,
});

describe("projects management", () => {
  it("lists the kinds of files largest first, narration counted once for both modes", () => {
    expect(diskParts(use({ audioBytes: 10, sectionAudioBytes: 5, videoBytes: 100, thumbBytes: 1 }))).toEqual([
      { label: "Clips", bytes: 100 },
      { label: "Narration", bytes: 15 },
      { label: "Thumbnails", bytes: 1 },
    ]);
    expect(diskParts(use())).toEqual([]);
  });

  it("says how many old takes could go, and nothing when none", () => {
    expect(oldTakesText(use())).toBeNull();
    expect(oldTakesText(use({ oldTakes: 1, oldTakeBytes: 2_500_000 }))).toBe("1 old take, 2.5 MB");
    expect(oldTakesText(use({ oldTakes: 3, oldTakeBytes: 120_000_000 }))).toBe("3 old takes, 120 MB");
    expect(totalBytes([use({ totalBytes: 5 }), use({ totalBytes: 7 })])).toBe(12);
  });

  it("says when a project was deleted", () => {
    const now = 1_000_000_000;
    expect(deletedWhen(now - 10_000, now)).toBe("deleted just now");
    expect(deletedWhen(now - 5 * 60_000, now)).toBe("deleted 5 min ago");
    expect(deletedWhen(now - 3 * 3_600_000, now)).toBe("deleted 3 h ago");
    expect(deletedWhen(now - 49 * 3_600_000, now)).toBe("deleted 2 days ago");
  });
});

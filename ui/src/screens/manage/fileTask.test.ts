import { describe, expect, it } from "vitest";
import { fileFraction, fileProgressText, newTaskId } from "./fileTask";

describe("backup and restore progress", () => {
  it("is measured in bytes, or in files when there are no bytes", () => {
    expect(fileFraction(null)).toBeNull();
    expect(fileFraction({ doneBytes: 250, totalBytes: 1000, doneFiles: 1, totalFiles: 10 })).toBe(0.25);
    expect(fileFraction({ doneBytes: 0, totalBytes: 0, doneFiles: 3, totalFiles: 4 })).toBe(0.75);
    expect(fileFraction({ doneBytes: 0, totalBytes: 0, doneFiles: 0, totalFiles: 0 })).toBeNull();
  });

  it("says files and bytes done out of the whole", () => {
    expect(fileProgressText(null)).toBe("Starting…");
    expect(fileProgressText({ doneBytes: 120_000_000, totalBytes: 1_400_000_000, doneFiles: 12, totalFiles: 340 })).toBe("12 of 340 files · 120 MB of 1.4 GB");
    expect(fileProgressText({ doneBytes: 0, totalBytes: 10, doneFiles: 0, totalFiles: 1 })).toBe("0 of 1 file · 0 B of 10 B");
  });

  it("gives every task its own id", () => {
    expect(newTaskId()).not.toBe(newTaskId());
  });
});

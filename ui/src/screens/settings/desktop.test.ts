import { describe, expect, it } from "vitest";
import { setting } from "../../test/fixtures";
import { dataFolderNote, isOn } from "./desktop";

const base = { current: "/home/me/.local/share/videogen-studio", moveTo: null, lastError: null, fromEnvironment: false };

describe("desktop settings", () => {
  it("reads boolean settings", () => {
    expect(isOn(setting("jobs.keep_awake", "true"))).toBe(true);
    expect(isOn(setting("jobs.keep_awake", "false"))).toBe(false);
    expect(isOn(undefined)).toBe(false);
  });

  it("says what will happen to the data folder, a failure first", () => {
    expect(dataFolderNote(base)).toBeNull();
    expect(dataFolderNote({ ...base, moveTo: "/mnt/big" })).toMatchObject({ tone: "warn", text: expect.stringContaining("/mnt/big") as string });
    expect(dataFolderNote({ ...base, moveTo: "/mnt/big", lastError: "Moving failed" })).toEqual({ tone: "error", text: "Moving failed" });
    expect(dataFolderNote({ ...base, fromEnvironment: true })?.text).toContain("VIDEOGEN_DATA_DIR");
  });
});

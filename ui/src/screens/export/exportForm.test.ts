import { describe, expect, it } from "vitest";
import {
  defaultExportName,
  defaultRoughcutName,
  estimateNotes,
  estimateText,
  exportRequest,
  formProblem,
  formatBytes,
  formatEstimate,
  joinPath,
  rateLabel,
  roughcutRequest,
  safeName,
  storedFormats,
  formatsSetting,
  toggleFormat,
} from "./exportForm";
import type { ExportFormat } from "../../bindings";

describe("export form", () => {
  it("joins paths with the separator the folder uses", () => {
    expect(joinPath("/home/me/Videos", "Film export")).toBe("/home/me/Videos/Film export");
    expect(joinPath("/home/me/Videos/", "x")).toBe("/home/me/Videos/x");
    expect(joinPath("C:\\Users\\me", "x")).toBe("C:\\Users\\me\\x");
  });

  it("makes names file systems accept", () => {
    expect(safeName('Why: "volcanoes"? 1/2')).toBe("Why- -volcanoes- 1-2");
    expect(safeName("..hidden")).toBe("hidden");
    expect(safeName("   ")).toBe("project");
    expect(defaultExportName("Volcanoes")).toBe("Volcanoes export");
    expect(defaultExportName("Volcanoes", "Intro")).toBe("Volcanoes - Intro export");
    expect(defaultRoughcutName("Volcanoes", null)).toBe("Volcanoes rough cut.mp4");
  });

  it("says what is missing before it can export", () => {
    expect(formProblem({ folder: "", name: "x" })).toMatch(/Choose a folder/);
    expect(formProblem({ folder: "/tmp", name: " " })).toMatch(/name/);
    expect(formProblem({ folder: "/tmp", name: "a/b" })).toMatch(/cannot contain/);
    expect(formProblem({ folder: "/tmp", name: "ok" })).toBeNull();
  });

  it("builds the export request with the project's rate and size unless chosen", () => {
    const request = exportRequest("p1", { folder: "/out", name: " Film export ", zip: true, fps: null, size: { width: 1280, height: 720 }, section: "s2", formats: ["otio", "srt"] });
    expect(request).toEqual({
      projectId: "p1",
      target: "/out/Film export",
      zip: true,
      fps: null,
      size: { width: 1280, height: 720 },
      sentencePauseMs: 0,
      sectionPauseMs: 0,
      strict: false,
      section: "s2",
      formats: ["otio", "srt"],
    });
  });

  it("reads the remembered formats among those offered, in the dialog's order", () => {
    const known: ExportFormat[] = ["fcpxml", "xmeml", "otio", "edl", "srt"];
    expect(storedFormats(undefined, known)).toEqual(known);
    expect(storedFormats("srt,FCPXML", known)).toEqual(["fcpxml", "srt"]);
    expect(storedFormats("none", known)).toEqual([]);
    // A name this version does not offer is skipped; nothing usable left means everything.
    expect(storedFormats("otio,aaf", known)).toEqual(["otio"]);
    expect(storedFormats("aaf", known)).toEqual(known);
    expect(formatsSetting(["fcpxml", "srt"])).toBe("fcpxml,srt");
    expect(formatsSetting([])).toBe("none");
  });

  it("ticks and unticks a format without changing the order", () => {
    const known: ExportFormat[] = ["fcpxml", "xmeml", "otio", "srt"];
    expect(toggleFormat(["srt"], "fcpxml", true, known)).toEqual(["fcpxml", "srt"]);
    expect(toggleFormat(["fcpxml", "otio", "srt"], "otio", false, known)).toEqual(["fcpxml", "srt"]);
    expect(toggleFormat([], "srt", false, known)).toEqual([]);
  });

  it("builds the rough-cut request with an .mp4 name, a section and the music bed", () => {
    const request = roughcutRequest("p1", { folder: "/out", name: "cut", section: "s2", burnSubtitles: true, music: "/m.mp3" });
    expect(request.out).toBe("/out/cut.mp4");
    expect(request.section).toBe("s2");
    expect(request.burnSubtitles).toBe(true);
    expect(request.music).toBe("/m.mp3");
    expect(roughcutRequest("p1", { folder: "/out", name: "cut.MP4", section: null, burnSubtitles: false, music: null }).out).toBe("/out/cut.MP4");
  });

  it("tells stand-ins, out-of-date scenes and held clips apart, and says nothing when all is there", () => {
    const base = { mediaFiles: 9, folderBytes: 1, zipBytes: 0, estimatedMs: 1, timelineMs: 0, toConform: 0, targetExists: false };
    expect(estimateNotes({ ...base, standIns: 0, outOfDate: 0, heldClips: 0 })).toEqual([]);
    expect(estimateNotes({ ...base, standIns: 0, outOfDate: 1, heldClips: 8 })).toEqual([
      "1 scene is out of date: generate first to export the newest version.",
      "8 clips are shorter than the narration: the last frame is held.",
    ]);
    expect(estimateNotes({ ...base, standIns: 2, outOfDate: 0, heldClips: 0 })[0]).toMatch(/^2 scenes use a stand-in/);
  });

  it("writes sizes, times and rates as people read them", () => {
    expect(formatBytes(12)).toBe("12 B");
    expect(formatBytes(3_400_000)).toBe("3.4 MB");
    expect(formatBytes(1_234_000_000)).toBe("1.2 GB");
    expect(formatBytes(250_000_000)).toBe("250 MB");
    expect(formatEstimate(20_000)).toBe("under a minute");
    expect(formatEstimate(180_000)).toBe("about 3 min");
    expect(formatEstimate(4_800_000)).toBe("about 1 h 20 min");
    expect(rateLabel({ num: 24000, den: 1001 })).toBe("23.976 fps");
    expect(rateLabel({ num: 30000, den: 1001 })).toBe("29.97 fps");
    expect(rateLabel({ num: 25, den: 1 })).toBe("25 fps");
    expect(
      estimateText({ mediaFiles: 12, folderBytes: 2_000_000, zipBytes: 2_000_000, estimatedMs: 1000, timelineMs: 0, standIns: 0, outOfDate: 0, heldClips: 0, toConform: 0, targetExists: false }),
    ).toBe("12 media files, 4.0 MB with the ZIP; under a minute to write.");
    expect(estimateText({ mediaFiles: 1, folderBytes: 44_000, zipBytes: 0, estimatedMs: 10, timelineMs: 0, standIns: 0, outOfDate: 0, heldClips: 0, toConform: 0, targetExists: false })).toBe(
      "1 media file, 44 kB; under a minute to write.",
    );
  });
});

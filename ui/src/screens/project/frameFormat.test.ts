import { describe, expect, it } from "vitest";
import { FPS_CHOICES, SIZE_PRESETS, parseFrameSize, parseMinutes, presetIndex, rateKey, rateOfKey, sizeText } from "./frameFormat";

describe("frame size", () => {
  it("reads WIDTHxHEIGHT with any of the separators the CLI takes", () => {
    expect(parseFrameSize("1920x1080")).toEqual({ ok: true, size: { width: 1920, height: 1080 } });
    expect(parseFrameSize(" 1280 X 720 ")).toEqual({ ok: true, size: { width: 1280, height: 720 } });
    expect(parseFrameSize("1080×1920")).toEqual({ ok: true, size: { width: 1080, height: 1920 } });
    expect(parseFrameSize("640:480")).toEqual({ ok: true, size: { width: 640, height: 480 } });
  });

  it("refuses what is no size, and sizes no encoder takes, with the CLI's sentences", () => {
    for (const text of ["", "1920", "1920x", "wide x tall", "-2x4", "1.5x2"]) {
      expect(parseFrameSize(text)).toEqual({ ok: false, message: `${JSON.stringify(text)} is not a frame size: write it as WIDTHxHEIGHT, e.g. 1920x1080.` });
    }
    for (const [text, shown] of [["1921x1080", "1921x1080"], ["8x8", "8x8"], ["8194x100", "8194x100"], ["1920x1081", "1920x1081"]] as const) {
      expect(parseFrameSize(text)).toEqual({
        ok: false,
        message: `The frame size ${shown} is not usable: width and height must be even numbers from 16 to 8192, e.g. 1920x1080.`,
      });
    }
    // The limits themselves are usable.
    expect(parseFrameSize("16x8192").ok).toBe(true);
  });

  it("knows which preset a size is, and writes a size back the way it is read", () => {
    expect(presetIndex({ width: 1080, height: 1920 })).toBe(SIZE_PRESETS.findIndex((p) => p.label.includes("vertical")));
    expect(presetIndex({ width: 1000, height: 1000 })).toBe(-1);
    for (const p of SIZE_PRESETS) {
      expect(parseFrameSize(sizeText(p.size))).toEqual({ ok: true, size: p.size });
    }
  });
});

describe("frame rate", () => {
  it("offers the five rates the store takes and finds them by key", () => {
    expect(FPS_CHOICES.map((c) => c.label)).toEqual(["23.976", "24", "25", "29.97", "30"]);
    expect(rateOfKey("30000/1001")).toEqual({ num: 30000, den: 1001 });
    expect(rateOfKey(rateKey({ num: 24, den: 1 }))).toEqual({ num: 24, den: 1 });
    expect(rateOfKey("60/1")).toBeNull();
  });
});

describe("target length", () => {
  it("takes whole minutes from 1 to 600 and says why anything else is refused", () => {
    expect(parseMinutes("12")).toEqual({ ok: true, minutes: 12 });
    expect(parseMinutes("600")).toEqual({ ok: true, minutes: 600 });
    expect(parseMinutes("0")).toEqual({ ok: false, message: "The target duration is 0 minutes; choose between 1 and 600." });
    expect(parseMinutes("601")).toEqual({ ok: false, message: "The target duration is 601 minutes; choose between 1 and 600." });
    expect(parseMinutes("7.5")).toEqual({ ok: false, message: '"7.5" is not a number of minutes: write a whole number from 1 to 600.' });
    expect(parseMinutes(" ")).toEqual({ ok: false, message: "An empty value is not a number of minutes: write a whole number from 1 to 600." });
  });
});

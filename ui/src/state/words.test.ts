import { describe, expect, it } from "vitest";
import { asSentence, countOf } from "./words";

describe("countOf", () => {
  it("uses the singular for exactly one", () => {
    expect(countOf(1, "scene")).toBe("1 scene");
  });
  it("uses the plural for none and for many", () => {
    expect(countOf(0, "scene")).toBe("0 scenes");
    expect(countOf(2700, "sentence")).toBe("2700 sentences");
  });
  it("takes an irregular plural", () => {
    expect(countOf(3, "take is", "takes are")).toBe("3 takes are");
    expect(countOf(1, "take is", "takes are")).toBe("1 take is");
  });
});

describe("asSentence", () => {
  it("capitalises a message that starts mid-sentence", () => {
    expect(asSentence("the TTS server (Chatterbox) at http://127.0.0.1:8004 cannot be reached.")).toBe(
      "The TTS server (Chatterbox) at http://127.0.0.1:8004 cannot be reached.",
    );
  });
  it("leaves a capitalised or empty message alone", () => {
    expect(asSentence("ComfyUI at http://x cannot be reached.")).toBe("ComfyUI at http://x cannot be reached.");
    expect(asSentence("")).toBe("");
  });
});

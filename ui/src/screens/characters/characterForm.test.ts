import { describe, expect, it } from "vitest";
import type { Character } from "../../bindings";
import { characterPatch, dataPath, draftOf, newCharacterOf, parseAliases } from "./characterForm";

const ada: Character = {
  id: "c1",
  name: "Ada",
  description: "A woman in a dark Victorian dress",
  aliases: ["the Countess"],
  referenceImages: ["characters/c1/ref_1.png"],
  styleLora: null,
  createdAt: 0,
};

describe("character form", () => {
  it("reads aliases as a comma list without blanks or repeats", () => {
    expect(parseAliases(" the Countess, , Lady Lovelace,the countess ")).toEqual(["the Countess", "Lady Lovelace"]);
    expect(parseAliases("")).toEqual([]);
  });

  it("sends only what changed, so untouched looks do not make pictures stale", () => {
    expect(characterPatch(ada, draftOf(ada))).toBeNull();
    expect(characterPatch(ada, { ...draftOf(ada), name: " Ada L. " })).toEqual({ name: "Ada L." });
    expect(characterPatch(ada, { ...draftOf(ada), description: "" })).toEqual({ description: null });
    expect(characterPatch(ada, { ...draftOf(ada), aliases: "the Countess, Lady Lovelace", styleLora: "ada.safetensors" })).toEqual({
      aliases: ["the Countess", "Lady Lovelace"],
      styleLora: "ada.safetensors",
    });
  });

  it("makes a new character from the draft", () => {
    expect(newCharacterOf({ name: " Bob ", description: " ", aliases: "Robert", styleLora: "" })).toEqual({
      name: "Bob",
      description: null,
      styleLora: null,
      aliases: ["Robert"],
    });
  });

  it("joins the data folder and a reference's relative path", () => {
    expect(dataPath("/home/me/data/", "characters/c1/ref_1.png")).toBe("/home/me/data/characters/c1/ref_1.png");
  });
});

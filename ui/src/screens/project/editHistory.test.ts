import { describe, expect, it } from "vitest";
import { commands } from "../../bindings";
import { tree } from "../../test/fixtures";
import { EditHistory, deleteEdit, fieldEdit, mergeEdit, moveEdit, reorderEdit, sectionOrderEdit, splitEdit } from "./editHistory";
import { FakeScript } from "./fakeScript";
import { stepSentence, dropEdit, stepSection } from "./moves";

/** The item at `index`, which the test knows is there. */
function nth<T>(items: readonly T[] | undefined, index: number): T {
  const item = items?.[index];
  if (item === undefined) throw new Error(`nothing at ${index}`);
  return item;
}

function script(sections = 2, per = 3): FakeScript {
  return new FakeScript(tree("p", sections, per)).install();
}

describe("the undo history", () => {
  it("undoes a split by merging back to the exact text and redoes it", async () => {
    const fake = script(1, 2);
    fake.find("s-0-0").sentence.text = "One part.  Another part.";
    const history = new EditHistory();
    await history.perform(splitEdit(fake.find("s-0-0").sentence, 10));
    expect(fake.texts()).toEqual([["One part.", "Another part.", "Sentence 2 of section 1."]]);
    expect(history.undoLabel).toBe("Split a sentence");

    await history.undo();
    // The merge alone would give "One part. Another part." (one space).
    expect(fake.texts()).toEqual([["One part.  Another part.", "Sentence 2 of section 1."]]);
    expect(history.undoLabel).toBeNull();
    expect(history.redoLabel).toBe("Split a sentence");

    await history.redo();
    expect(fake.texts()).toEqual([["One part.", "Another part.", "Sentence 2 of section 1."]]);
  });

  it("follows a sentence that a redo made again, so older edits of it still apply", async () => {
    const fake = script(1, 1);
    fake.find("s-0-0").sentence.text = "First half, second half.";
    const history = new EditHistory();
    await history.perform(splitEdit(fake.find("s-0-0").sentence, 11));
    const second = nth(nth(fake.ids(), 0), 1);
    // An edit of the new second part, saved while typing, then recorded.
    await commands.updateSentence(second, { text: "second half, edited." });
    history.record(fieldEdit(second, "text", "second half.", "second half, edited."));

    await history.undo(); // the text edit
    await history.undo(); // the split
    expect(fake.texts()).toEqual([["First half, second half."]]);
    await history.redo(); // the split: the second part has a new id now
    const remade = nth(nth(fake.ids(), 0), 1);
    expect(remade).not.toBe(second);
    await history.redo(); // the text edit, recorded against the old id
    expect(fake.texts()).toEqual([["First half,", "second half, edited."]]);
  });

  it("undoes a merge into both sentences again, with what the user wrote on the second", async () => {
    const fake = script(1, 3);
    const second = fake.find("s-0-1").sentence;
    second.imagePromptUser = "a lighthouse at dusk";
    second.spokenText = "Sentence two, spoken";
    const history = new EditHistory();
    await history.perform(mergeEdit(fake.find("s-0-0").sentence, second));
    expect(fake.texts()).toEqual([["Sentence 1 of section 1. Sentence 2 of section 1.", "Sentence 3 of section 1."]]);

    await history.undo();
    expect(fake.texts()).toEqual([["Sentence 1 of section 1.", "Sentence 2 of section 1.", "Sentence 3 of section 1."]]);
    const restored = nth(nth(fake.tree.sections, 0).sentences, 1);
    expect(restored.imagePromptUser).toBe("a lighthouse at dusk");
    expect(restored.spokenText).toBe("Sentence two, spoken");

    await history.redo();
    expect(fake.texts()[0]).toHaveLength(2);
  });

  it("moves a sentence back to its section and place", async () => {
    const fake = script(2, 3);
    const history = new EditHistory();
    await history.perform(moveEdit("s-0-1", { section: "sec-0", index: 1 }, { section: "sec-1", index: 3 }));
    expect(fake.ids()).toEqual([["s-0-0", "s-0-2"], ["s-1-0", "s-1-1", "s-1-2", "s-0-1"]]);
    await history.undo();
    expect(fake.ids()).toEqual([["s-0-0", "s-0-1", "s-0-2"], ["s-1-0", "s-1-1", "s-1-2"]]);
  });

  it("puts sentences and sections back in their old order", async () => {
    const fake = script(3, 2);
    const history = new EditHistory();
    await history.perform(reorderEdit("sec-0", ["s-0-0", "s-0-1"], ["s-0-1", "s-0-0"]));
    await history.perform(sectionOrderEdit("p", ["sec-0", "sec-1", "sec-2"], ["sec-2", "sec-0", "sec-1"]));
    expect(fake.tree.sections.map((s) => s.id)).toEqual(["sec-2", "sec-0", "sec-1"]);
    expect(fake.ids()[1]).toEqual(["s-0-1", "s-0-0"]);
    await history.undo();
    await history.undo();
    expect(fake.tree.sections.map((s) => s.id)).toEqual(["sec-0", "sec-1", "sec-2"]);
    expect(fake.ids()[0]).toEqual(["s-0-0", "s-0-1"]);
  });

  it("brings a deleted sentence back at its place with the user's prompt, and deletes it again on redo", async () => {
    const fake = script(1, 3);
    const doomed = fake.find("s-0-1").sentence;
    doomed.videoPromptUser = "slow push in";
    const history = new EditHistory();
    await history.perform(deleteEdit(doomed, 1));
    expect(fake.texts()[0]).toEqual(["Sentence 1 of section 1.", "Sentence 3 of section 1."]);
    await history.undo();
    expect(fake.texts()[0]).toEqual(["Sentence 1 of section 1.", "Sentence 2 of section 1.", "Sentence 3 of section 1."]);
    expect(nth(nth(fake.tree.sections, 0).sentences, 1).videoPromptUser).toBe("slow push in");
    await history.redo();
    expect(fake.texts()[0]).toEqual(["Sentence 1 of section 1.", "Sentence 3 of section 1."]);
  });

  it("keeps both stacks when an undo fails, and the edit can be undone after", async () => {
    const fake = script(1, 2);
    const history = new EditHistory();
    await history.perform(fieldEdit("s-0-0", "imagePrompt", null, "a red boat"));
    fake.failNext.set("update_sentence", "The sentence is being rendered.");
    await expect(history.undo()).rejects.toMatchObject({ message: "The sentence is being rendered." });
    expect(history.undoLabel).toBe("Edit my image prompt");
    expect(history.redoLabel).toBeNull();
    await history.undo();
    expect(fake.find("s-0-0").sentence.imagePromptUser).toBeNull();
  });

  it("forgets what could be redone once a new edit is made", async () => {
    script(1, 2);
    const history = new EditHistory();
    await history.perform(fieldEdit("s-0-0", "spokenText", null, "one"));
    await history.undo();
    expect(history.redoLabel).not.toBeNull();
    await history.perform(fieldEdit("s-0-1", "spokenText", null, "two"));
    expect(history.redoLabel).toBeNull();
  });

  it("runs a burst of undos one after another, never two at once", async () => {
    const fake = script(1, 4);
    const history = new EditHistory();
    for (const id of ["s-0-0", "s-0-1", "s-0-2"]) await history.perform(fieldEdit(id, "text", fake.find(id).sentence.text, `${id} edited`));
    await Promise.all([history.undo(), history.undo(), history.undo()]);
    expect(fake.texts()[0]).toEqual(["Sentence 1 of section 1.", "Sentence 2 of section 1.", "Sentence 3 of section 1.", "Sentence 4 of section 1."]);
  });
});

describe("moves by keyboard and drop", () => {
  it("steps a sentence down within its section, then across into the next one", async () => {
    const fake = script(2, 2);
    const history = new EditHistory();
    const down = stepSentence(fake.tree, "s-0-0", 1);
    if (!down) throw new Error("no move");
    await history.perform(down);
    expect(fake.ids()[0]).toEqual(["s-0-1", "s-0-0"]);
    const across = stepSentence(fake.tree, "s-0-0", 1);
    if (!across) throw new Error("no move");
    await history.perform(across);
    expect(fake.ids()).toEqual([["s-0-1"], ["s-0-0", "s-1-0", "s-1-1"]]);
    expect(stepSentence(fake.tree, "s-0-1", -1)).toBeNull();
  });

  it("drops a sentence on the upper half of a heading at the end of the section before", async () => {
    const fake = script(2, 2);
    const edit = dropEdit(fake.tree, { kind: "sentence", id: "s-1-1" }, { kind: "section", id: "sec-1", after: false });
    if (!edit) throw new Error("no move");
    await new EditHistory().perform(edit);
    expect(fake.ids()).toEqual([["s-0-0", "s-0-1", "s-1-1"], ["s-1-0"]]);
  });

  it("does nothing for a drop right where the sentence is", () => {
    const fake = script(1, 3);
    expect(dropEdit(fake.tree, { kind: "sentence", id: "s-0-1" }, { kind: "sentence", id: "s-0-0", after: true })).toBeNull();
    expect(dropEdit(fake.tree, { kind: "sentence", id: "s-0-1" }, { kind: "sentence", id: "s-0-2", after: false })).toBeNull();
  });

  it("moves a section by keyboard and by drop below another", async () => {
    const fake = script(3, 1);
    const history = new EditHistory();
    const up = stepSection(fake.tree, "sec-2", -1);
    if (!up) throw new Error("no move");
    await history.perform(up);
    expect(fake.tree.sections.map((s) => s.id)).toEqual(["sec-0", "sec-2", "sec-1"]);
    const drop = dropEdit(fake.tree, { kind: "section", id: "sec-0" }, { kind: "section", id: "sec-1", after: true });
    if (!drop) throw new Error("no move");
    await history.perform(drop);
    expect(fake.tree.sections.map((s) => s.id)).toEqual(["sec-2", "sec-1", "sec-0"]);
    expect(stepSection(fake.tree, "sec-0", 1)).toBeNull();
  });
});

import { createContext, useContext, type KeyboardEvent, type PointerEvent } from "react";
import type { Sentence } from "../../bindings";
import type { Edit } from "./editHistory";

/** What a sentence row or section heading can ask of the script editor around it. */
export interface ScriptEditorApi {
  projectId: string;
  /** Runs an edit and makes it undoable. */
  perform(edit: Edit): Promise<void>;
  /** Makes an edit that already happened undoable (a text saved while typing). */
  record(edit: Edit): void;
  /** The row of this sentence has the focus. */
  select(id: string): void;
  /** A key on a sentence row that is not being edited: move, merge, delete, play, prompts. */
  sentenceKey(event: KeyboardEvent, sentence: Sentence): void;
  /** A key on a section heading: move the section. */
  sectionKey(event: KeyboardEvent, sectionId: string): void;
  /** Splits a sentence (with this text) at a character offset. */
  split(sentence: Sentence, at: number): void;
  mergeWithNext(id: string): void;
  remove(id: string): void;
  /** Karaoke of one sentence or of a whole section. */
  play(kind: "sentence" | "section", id: string): void;
  togglePrompts(id: string): void;
  /** A drag handle was pressed. */
  dragStart(kind: "sentence" | "section", id: string, event: PointerEvent): void;
}

export const ScriptEditorContext = createContext<ScriptEditorApi | null>(null);

/** The editor around a row; rows are only drawn inside one. */
export function useScriptEditor(): ScriptEditorApi {
  const api = useContext(ScriptEditorContext);
  if (!api) throw new Error("a sentence row is drawn outside the script editor");
  return api;
}

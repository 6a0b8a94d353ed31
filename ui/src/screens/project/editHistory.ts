import { commands, type Sentence, type SentencePatch } from "../../bindings";

/**
 * Where a sentence that an undo or redo made again (a split, a merge, a delete undone)
 * lives now: the store gives the new row a new id, and edits recorded against the old id
 * follow it.
 */
export class IdMap {
  private readonly next = new Map<string, string>();

  /** `from` (as resolved now) is now `to`. */
  alias(from: string, to: string): void {
    const current = this.resolve(from);
    if (current !== to) this.next.set(current, to);
  }

  /** The id a sentence has now. */
  resolve(id: string): string {
    let current = id;
    // Bounded: each step follows a re-creation, and there cannot be more than entries.
    for (let hops = 0; hops <= this.next.size; hops += 1) {
      const after = this.next.get(current);
      if (after === undefined) return current;
      current = after;
    }
    return current;
  }
}

/** One undoable edit: doing it again and taking it back both call the app's commands. */
export interface Edit {
  /** What the user did, for the Undo and Redo buttons: "Split a sentence". */
  readonly label: string;
  apply(ids: IdMap): Promise<void>;
  revert(ids: IdMap): Promise<void>;
}

/** How many edits can be undone; older ones are forgotten. */
export const HISTORY_LIMIT = 200;

/**
 * The script editor's undo and redo: a stack of edits whose inverses call the same
 * commands as the edits. One operation runs at a time, in the order asked: a fast Ctrl+Z
 * never overtakes the edit before it. A failed operation leaves both stacks as they were.
 */
export class EditHistory {
  readonly ids = new IdMap();
  private done: Edit[] = [];
  private undone: Edit[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<() => void>();
  private version = 0;

  /** Runs `edit` and records it (the redo stack is forgotten). */
  perform(edit: Edit): Promise<void> {
    return this.serial(async () => {
      await edit.apply(this.ids);
      this.push(edit);
    });
  }

  /** Records an edit that already happened (a text saved while typing). */
  record(edit: Edit): void {
    this.push(edit);
  }

  /** Takes back the last edit; the edit it took back, or null when there was none. */
  undo(): Promise<Edit | null> {
    return this.serial(async () => {
      const edit = this.done.at(-1);
      if (!edit) return null;
      await edit.revert(this.ids);
      this.done.pop();
      this.undone.push(edit);
      this.changed();
      return edit;
    });
  }

  /** Does the last undone edit again; the edit, or null when there was none. */
  redo(): Promise<Edit | null> {
    return this.serial(async () => {
      const edit = this.undone.at(-1);
      if (!edit) return null;
      await edit.apply(this.ids);
      this.undone.pop();
      this.done.push(edit);
      this.changed();
      return edit;
    });
  }

  /** What Undo would take back, or null. */
  get undoLabel(): string | null {
    return this.done.at(-1)?.label ?? null;
  }

  /** What Redo would do again, or null. */
  get redoLabel(): string | null {
    return this.undone.at(-1)?.label ?? null;
  }

  /** A number that changes with every change of the stacks (for `useSyncExternalStore`). */
  snapshot = (): number => this.version;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  private push(edit: Edit): void {
    this.done.push(edit);
    if (this.done.length > HISTORY_LIMIT) this.done.shift();
    this.undone = [];
    this.changed();
  }

  private changed(): void {
    this.version += 1;
    for (const listener of this.listeners) listener();
  }

  private serial<T>(run: () => Promise<T>): Promise<T> {
    const next = this.queue.then(run);
    // The queue continues after a failure; the caller still sees it.
    this.queue = next.catch(() => undefined);
    return next;
  }
}

/** A sentence's length as the store counts it (Unicode scalar values, not UTF-16 units). */
export function charLength(text: string): number {
  // Code points are what the store counts (Rust `chars()`), not graphemes.
  return Array.from(text).length;
}

/** The fields of a sentence a user writes, besides its text. */
type UserField = "imagePrompt" | "videoPrompt" | "spokenText";

const USER_VALUE: Record<UserField, (s: Sentence) => string | null> = {
  imagePrompt: (s) => s.imagePromptUser,
  videoPrompt: (s) => s.videoPromptUser,
  spokenText: (s) => s.spokenText,
};

/** What the user wrote on a sentence besides its text, as a patch that restores it. */
function userPatch(s: Sentence): SentencePatch {
  const patch: SentencePatch = {};
  for (const field of Object.keys(USER_VALUE) as UserField[]) {
    const value = USER_VALUE[field](s);
    if (value !== null) patch[field] = value;
  }
  return patch;
}

/** A new text, or a new user prompt or spoken text (`null` clears it). */
export function fieldEdit(id: string, field: "text", before: string, after: string): Edit;
export function fieldEdit(id: string, field: UserField, before: string | null, after: string | null): Edit;
export function fieldEdit(id: string, field: "text" | UserField, before: string | null, after: string | null): Edit {
  const label = field === "text" ? "Edit a sentence" : field === "spokenText" ? "Edit the spoken text" : field === "imagePrompt" ? "Edit my image prompt" : "Edit my video prompt";
  const set = async (ids: IdMap, value: string | null) => {
    await commands.updateSentence(ids.resolve(id), { [field]: value });
  };
  return {
    label,
    apply: (ids) => set(ids, after),
    revert: (ids) => set(ids, before),
  };
}

/** Splits `sentence` at character `at`; undone by merging the parts and restoring the text. */
export function splitEdit(sentence: Sentence, at: number): Edit {
  let second: string | null = null;
  return {
    label: "Split a sentence",
    async apply(ids) {
      const [, made] = await commands.splitSentence(ids.resolve(sentence.id), at);
      if (second === null) second = made.id;
      else ids.alias(second, made.id);
    },
    async revert(ids) {
      if (second === null) return;
      const merged = await commands.mergeSentences(ids.resolve(sentence.id), ids.resolve(second));
      // The split trimmed the parts and the merge joined them with a space.
      if (merged.text !== sentence.text) await commands.updateSentence(merged.id, { text: sentence.text });
    },
  };
}

/** Merges `first` with `second` (the next sentence); undone by splitting where they met. */
export function mergeEdit(first: Sentence, second: Sentence): Edit {
  return {
    label: "Merge two sentences",
    async apply(ids) {
      await commands.mergeSentences(ids.resolve(first.id), ids.resolve(second.id));
    },
    async revert(ids) {
      const [a, b] = await commands.splitSentence(ids.resolve(first.id), charLength(first.text));
      ids.alias(second.id, b.id);
      if (a.text !== first.text) await commands.updateSentence(a.id, { text: first.text });
      const restore: SentencePatch = { ...userPatch(second), ...(b.text !== second.text ? { text: second.text } : {}) };
      if (Object.keys(restore).length > 0) await commands.updateSentence(b.id, restore);
    },
  };
}

/** Deletes a sentence; undone by writing it again at its place with what the user wrote. */
export function deleteEdit(sentence: Sentence, index: number): Edit {
  return {
    label: "Delete a sentence",
    async apply(ids) {
      await commands.deleteSentence(ids.resolve(sentence.id));
    },
    async revert(ids) {
      const made = await commands.createSentence(sentence.sectionId, sentence.text, index);
      ids.alias(sentence.id, made.id);
      const restore = userPatch(sentence);
      if (Object.keys(restore).length > 0) await commands.updateSentence(made.id, restore);
    },
  };
}

/** A place in the script: a section and an index in it. */
export interface Place {
  section: string;
  index: number;
}

/** Moves a sentence to another section; undone by moving it back. */
export function moveEdit(id: string, from: Place, to: Place): Edit {
  return {
    label: "Move a sentence",
    async apply(ids) {
      await commands.moveSentence(ids.resolve(id), to.section, to.index);
    },
    async revert(ids) {
      await commands.moveSentence(ids.resolve(id), from.section, from.index);
    },
  };
}

/** Puts a section's sentences in a new order; undone by the old order. */
export function reorderEdit(section: string, before: readonly string[], after: readonly string[]): Edit {
  const put = async (ids: IdMap, order: readonly string[]) => {
    await commands.reorderSentences(section, order.map((id) => ids.resolve(id)));
  };
  return {
    label: "Reorder sentences",
    apply: (ids) => put(ids, after),
    revert: (ids) => put(ids, before),
  };
}

/** Puts the project's sections in a new order; undone by the old order. */
export function sectionOrderEdit(project: string, before: readonly string[], after: readonly string[]): Edit {
  return {
    label: "Reorder sections",
    async apply() {
      await commands.reorderSections(project, [...after]);
    },
    async revert() {
      await commands.reorderSections(project, [...before]);
    },
  };
}

/** Renames a section; undone by the old title. */
export function renameSectionEdit(section: string, before: string, after: string): Edit {
  return {
    label: "Rename a section",
    async apply() {
      await commands.renameSection(section, after);
    },
    async revert() {
      await commands.renameSection(section, before);
    },
  };
}

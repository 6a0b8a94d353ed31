import { mockIPC } from "@tauri-apps/api/mocks";
import type { AppError, ProjectTree, Section, Sentence, SentencePatch } from "../../bindings";
import { sentence as makeSentence } from "../../test/fixtures";
import { CallLog } from "../../test/render";

/** Rejects the command the way the app does: with `{ code, message }`. */
function fail(code: AppError["code"], message: string): never {
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- IPC rejects with the app's {code, message}, not an Error
  throw { code, message };
}

/**
 * A test stand-in for the app's script commands over an in-memory tree, with the store's
 * rules where undo depends on them: a split trims both parts and the second part gets a
 * new id; a merge joins with a space and deletes the second; positions count from 0.
 */
export class FakeScript {
  readonly log = new CallLog();
  private made = 0;
  /** Commands that fail with this message, once each. */
  readonly failNext = new Map<string, string>();

  constructor(public tree: ProjectTree) {}

  /** Every sentence's text, section by section. */
  texts(): string[][] {
    return this.tree.sections.map((s) => s.sentences.map((x) => x.text));
  }

  ids(): string[][] {
    return this.tree.sections.map((s) => s.sentences.map((x) => x.id));
  }

  find(id: string): { section: Section; index: number; sentence: Sentence } {
    for (const section of this.tree.sections) {
      const index = section.sentences.findIndex((s) => s.id === id);
      const sentence = section.sentences[index];
      if (sentence) return { section, index, sentence };
    }
    return fail("NOT_FOUND", `Sentence ${id} was not found.`);
  }

  private section(id: string): Section {
    const found = this.tree.sections.find((s) => s.id === id);
    if (!found) return fail("NOT_FOUND", `Section ${id} was not found.`);
    return found;
  }

  private renumber(section: Section): void {
    section.sentences = section.sentences.map((s, order) => ({ ...s, order, sectionId: section.id }));
  }

  private fresh(sectionId: string, text: string): Sentence {
    this.made += 1;
    return makeSentence(`new-${this.made}`, sectionId, text, 0, true);
  }

  private replace(sentence: Sentence): Sentence {
    const { section, index } = this.find(sentence.id);
    section.sentences[index] = sentence;
    return sentence;
  }

  /** Answers one command; unknown ones return null. */
  handle(cmd: string, args: Record<string, unknown>): unknown {
    this.log.record(cmd, args);
    const failure = this.failNext.get(cmd);
    if (failure !== undefined) {
      this.failNext.delete(cmd);
      fail("CONFLICT", failure);
    }
    switch (cmd) {
      case "load_project":
        return structuredClone(this.tree);
      case "update_sentence": {
        const { id, patch } = args as { id: string; patch: SentencePatch };
        const old = this.find(id).sentence;
        const next: Sentence = { ...old };
        if (patch.text !== undefined && patch.text !== null) next.text = patch.text;
        if (patch.imagePrompt !== undefined) next.imagePromptUser = patch.imagePrompt;
        if (patch.videoPrompt !== undefined) next.videoPromptUser = patch.videoPrompt;
        if (patch.spokenText !== undefined) next.spokenText = patch.spokenText;
        return this.replace(next);
      }
      case "split_sentence": {
        const { id, atChar } = args as { id: string; atChar: number };
        const { section, index, sentence } = this.find(id);
        const chars = Array.from(sentence.text);
        const left = chars.slice(0, atChar).join("").trim();
        const right = chars.slice(atChar).join("").trim();
        if (left === "" || right === "") fail("INVALID_INPUT", "Both parts need text.");
        const first = { ...sentence, text: left };
        const second = this.fresh(section.id, right);
        section.sentences.splice(index, 1, first, second);
        this.renumber(section);
        return [this.find(first.id).sentence, this.find(second.id).sentence];
      }
      case "merge_sentences": {
        const { first, second } = args as { first: string; second: string };
        const a = this.find(first);
        const b = this.find(second);
        if (a.section !== b.section || b.index !== a.index + 1) fail("INVALID_INPUT", "Only neighbours merge.");
        a.section.sentences.splice(b.index, 1);
        a.section.sentences[a.index] = { ...a.sentence, text: `${a.sentence.text} ${b.sentence.text}` };
        this.renumber(a.section);
        return this.find(first).sentence;
      }
      case "move_sentence": {
        const { id, to, position } = args as { id: string; to: string; position: number };
        const { section, index, sentence } = this.find(id);
        section.sentences.splice(index, 1);
        this.renumber(section);
        const target = this.section(to);
        target.sentences.splice(Math.min(position, target.sentences.length), 0, sentence);
        this.renumber(target);
        return this.find(id).sentence;
      }
      case "reorder_sentences": {
        const { section, order } = args as { section: string; order: string[] };
        const target = this.section(section);
        const now = target.sentences.map((s) => s.id).sort();
        if (JSON.stringify([...order].sort()) !== JSON.stringify(now)) fail("INVALID_INPUT", "Not a permutation.");
        target.sentences = order.map((id) => this.find(id).sentence);
        this.renumber(target);
        return null;
      }
      case "reorder_sections": {
        const { order } = args as { order: string[] };
        this.tree.sections = order.map((id, i) => ({ ...this.section(id), order: i }));
        return null;
      }
      case "rename_section": {
        const { id, title } = args as { id: string; title: string };
        const target = this.section(id);
        target.title = title;
        return target;
      }
      case "delete_sentence": {
        const { section, index } = this.find((args as { id: string }).id);
        section.sentences.splice(index, 1);
        this.renumber(section);
        return null;
      }
      case "create_sentence": {
        const { section, text, position } = args as { section: string; text: string; position: number | null };
        const target = this.section(section);
        const made = this.fresh(section, text);
        target.sentences.splice(position ?? target.sentences.length, 0, made);
        this.renumber(target);
        return this.find(made.id).sentence;
      }
      case "get_sentence":
        return this.find((args as { id: string }).id).sentence;
      case "job_counts":
        return { queued: 0, running: 0, succeeded: 0, failed: 0, cancelled: 0 };
      case "queue_paused":
        return false;
      case "data_dir":
        return "/data";
      default:
        return null;
    }
  }

  /** Routes IPC to this fake (and `extra` first, for commands a test answers itself). */
  install(extra?: (cmd: string, args: Record<string, unknown>) => unknown): this {
    mockIPC(
      (cmd, args) => {
        const answer = extra?.(cmd, (args ?? {}) as Record<string, unknown>);
        if (answer !== undefined) return answer;
        return this.handle(cmd, (args ?? {}) as Record<string, unknown>);
      },
      { shouldMockEvents: true },
    );
    return this;
  }
}

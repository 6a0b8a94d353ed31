import type { ProjectTree, Section } from "../../bindings";
import { moveEdit, reorderEdit, sectionOrderEdit, type Edit, type Place } from "./editHistory";

/** Where a sentence is: its section, the section's position, its own position. */
export function locate(tree: ProjectTree, id: string): { section: Section; sectionIndex: number; index: number } | null {
  for (let sectionIndex = 0; sectionIndex < tree.sections.length; sectionIndex += 1) {
    const section = tree.sections[sectionIndex];
    if (!section) continue;
    const index = section.sentences.findIndex((s) => s.id === id);
    if (index >= 0) return { section, sectionIndex, index };
  }
  return null;
}

/**
 * The edit that puts sentence `id` at `to`, where `to.index` counts the target section's
 * sentences as they are before the move (a drop line between two rows); null when the
 * sentence would stay where it is.
 */
export function moveTo(tree: ProjectTree, id: string, to: Place): Edit | null {
  const from = locate(tree, id);
  if (!from) return null;
  if (from.section.id !== to.section) {
    return moveEdit(id, { section: from.section.id, index: from.index }, to);
  }
  const before = from.section.sentences.map((s) => s.id);
  const at = to.index > from.index ? to.index - 1 : to.index;
  if (at === from.index) return null;
  const after = before.filter((s) => s !== id);
  after.splice(Math.min(at, after.length), 0, id);
  return reorderEdit(from.section.id, before, after);
}

/**
 * Alt+↑ / Alt+↓: one place up or down; at the first or last sentence of a section it
 * crosses into the end of the section before or the start of the one after. Null at the
 * script's ends.
 */
export function stepSentence(tree: ProjectTree, id: string, direction: -1 | 1): Edit | null {
  const from = locate(tree, id);
  if (!from) return null;
  const last = from.section.sentences.length - 1;
  if (direction === -1 && from.index === 0) {
    const previous = tree.sections[from.sectionIndex - 1];
    return previous ? moveTo(tree, id, { section: previous.id, index: previous.sentences.length }) : null;
  }
  if (direction === 1 && from.index === last) {
    const next = tree.sections[from.sectionIndex + 1];
    return next ? moveTo(tree, id, { section: next.id, index: 0 }) : null;
  }
  // Between two rows: below the next one, or above the previous one.
  return moveTo(tree, id, { section: from.section.id, index: direction === 1 ? from.index + 2 : from.index - 1 });
}

/** The edit that puts section `id` at `index` of the sections as they are now (a drop line); null when it stays. */
export function moveSectionTo(tree: ProjectTree, id: string, index: number): Edit | null {
  const before = tree.sections.map((s) => s.id);
  const from = before.indexOf(id);
  if (from < 0) return null;
  const at = index > from ? index - 1 : index;
  if (at === from) return null;
  const after = before.filter((s) => s !== id);
  after.splice(Math.min(at, after.length), 0, id);
  return sectionOrderEdit(tree.project.id, before, after);
}

/** Alt+↑ / Alt+↓ on a section heading: the section one place up or down. */
export function stepSection(tree: ProjectTree, id: string, direction: -1 | 1): Edit | null {
  const from = tree.sections.findIndex((s) => s.id === id);
  if (from < 0) return null;
  const to = direction === 1 ? from + 2 : from - 1;
  if (to < 0 || to > tree.sections.length) return null;
  return moveSectionTo(tree, id, to);
}

/** What a dragged row is over: a sentence or a section heading, in its upper or lower half. */
export interface DropTarget {
  kind: "sentence" | "section";
  id: string;
  after: boolean;
}

/**
 * Where a dragged sentence lands. Over a sentence: before or after it. Over a section
 * heading: its lower half is the start of that section, its upper half the end of the
 * section before it (the start of the first section).
 */
export function sentenceDropPlace(tree: ProjectTree, target: DropTarget): Place | null {
  if (target.kind === "sentence") {
    const at = locate(tree, target.id);
    return at ? { section: at.section.id, index: at.index + (target.after ? 1 : 0) } : null;
  }
  const sectionIndex = tree.sections.findIndex((s) => s.id === target.id);
  const section = tree.sections[sectionIndex];
  if (!section) return null;
  const previous = tree.sections[sectionIndex - 1];
  if (!target.after && previous) return { section: previous.id, index: previous.sentences.length };
  return { section: section.id, index: 0 };
}

/** Where a dragged section lands, as an index of the sections now: before or after the section under the pointer. */
export function sectionDropIndex(tree: ProjectTree, target: DropTarget): number | null {
  const sectionId = target.kind === "section" ? target.id : locate(tree, target.id)?.section.id;
  const index = tree.sections.findIndex((s) => s.id === sectionId);
  if (index < 0) return null;
  // Over a sentence the drop goes after its whole section, where the line is drawn.
  return target.after || target.kind === "sentence" ? index + 1 : index;
}

/** The edit a drop makes; null when nothing would change. */
export function dropEdit(tree: ProjectTree, dragged: { kind: "sentence" | "section"; id: string }, target: DropTarget): Edit | null {
  if (dragged.kind === "sentence") {
    const place = sentenceDropPlace(tree, target);
    return place ? moveTo(tree, dragged.id, place) : null;
  }
  const index = sectionDropIndex(tree, target);
  return index === null ? null : moveSectionTo(tree, dragged.id, index);
}

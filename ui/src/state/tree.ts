import type { ProjectTree, Section, Sentence } from "../bindings";

/** One row of the virtualised project view: a section heading or a sentence. */
export type Row =
  | { kind: "section"; key: string; section: Section; number: number }
  | { kind: "sentence"; key: string; sentence: Sentence; number: number };

/** The tree as rows in story order; sentences numbered from 1 across the project. */
export function flatten(tree: ProjectTree): Row[] {
  const rows: Row[] = [];
  let sentenceNumber = 0;
  tree.sections.forEach((section, index) => {
    rows.push({ kind: "section", key: `section-${section.id}`, section, number: index + 1 });
    for (const sentence of section.sentences) {
      sentenceNumber += 1;
      rows.push({ kind: "sentence", key: sentence.id, sentence, number: sentenceNumber });
    }
  });
  return rows;
}

/** The tree with one sentence replaced (same section); untouched sections keep identity. */
export function replaceSentence(tree: ProjectTree, sentence: Sentence): ProjectTree {
  const sectionIndex = tree.sections.findIndex((section) => section.id === sentence.sectionId);
  const section = tree.sections[sectionIndex];
  if (!section) return tree;
  const index = section.sentences.findIndex((old) => old.id === sentence.id);
  if (index < 0) return tree;
  const sentences = section.sentences.slice();
  sentences[index] = sentence;
  const sections = tree.sections.slice();
  sections[sectionIndex] = { ...section, sentences };
  return { ...tree, sections };
}

/** Whether any of a sentence's assets must be generated again. */
export function anyDirty(sentence: Sentence): boolean {
  return sentence.audio.dirty || sentence.image.dirty || sentence.video.dirty;
}

import type { Row } from "../../state/tree";

/** The rows whose sentence text or section title contains `query` (any case), in script order. */
export function searchRows(rows: readonly Row[], query: string): number[] {
  const needle = query.trim().toLowerCase();
  if (needle === "") return [];
  const found: number[] = [];
  rows.forEach((row, index) => {
    const text = row.kind === "section" ? row.section.title : row.sentence.text;
    if (text.toLowerCase().includes(needle)) found.push(index);
  });
  return found;
}

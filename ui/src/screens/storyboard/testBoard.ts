// Fixtures of the storyboard's tests.
import type { PieceState, SceneRow, Storyboard, TakeView } from "../../bindings";

export function piece(dirty: boolean, hasFile = true, error: string | null = null): PieceState {
  return { hasFile, dirty, error };
}

export function row(id: string, sectionId: string, text: string, over: Partial<SceneRow> = {}): SceneRow {
  return {
    id,
    sectionId,
    text,
    thumb: `projects/p/thumbs/${id}_r1.webp`,
    audio: piece(false),
    image: piece(false),
    video: piece(false),
    durationMs: 2400,
    cameraMovement: "static",
    clipChoice: null,
    ownPrompt: false,
    ...over,
  };
}

/** `sections` sections of `perSection` scenes each: scene ids `s{section}-{n}`. */
export function board(sections: number, perSection: number, over: (row: SceneRow) => SceneRow = (r) => r): Storyboard {
  const list = Array.from({ length: sections }, (_, n) => ({ id: `sec${n + 1}`, title: `Part ${n + 1}`, narrationDirty: false }));
  const rows = list.flatMap((section, n) =>
    Array.from({ length: perSection }, (_, k) => over(row(`s${n + 1}-${k + 1}`, section.id, `Scene ${k + 1} of part ${n + 1}.`))),
  );
  return { projectId: "p", sections: list, rows };
}

export function take(id: string, kind: TakeView["kind"], createdAt: number, current: boolean, over: Partial<TakeView> = {}): TakeView {
  return {
    id,
    sentenceId: "s1-1",
    kind,
    rev: 1,
    file: `projects/p/${kind}/${id}.bin`,
    thumb: kind === "image" ? `projects/p/thumbs/${id}.webp` : null,
    seed: kind === "image" ? 42 : null,
    model: "Title card",
    durationMs: kind === "image" ? null : 2400,
    createdAt,
    current,
    ...over,
  };
}

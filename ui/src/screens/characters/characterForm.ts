import type { Character, CharacterPatch, NewCharacter } from "../../bindings";

/** What the character form edits. */
export type CharacterDraft = {
  name: string;
  description: string;
  aliases: string;
  styleLora: string;
};

/** Aliases as typed: comma-separated, trimmed, no empties or repeats (ignoring case). */
export function parseAliases(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const part of text.split(",")) {
    const alias = part.trim();
    if (alias === "" || seen.has(alias.toLowerCase())) continue;
    seen.add(alias.toLowerCase());
    out.push(alias);
  }
  return out;
}

/** A character as its form shows it. */
export function draftOf(character: Character | null): CharacterDraft {
  return {
    name: character?.name ?? "",
    description: character?.description ?? "",
    aliases: character?.aliases.join(", ") ?? "",
    styleLora: character?.styleLora ?? "",
  };
}

const orNull = (text: string): string | null => (text.trim() === "" ? null : text.trim());

/** The new character a draft describes. */
export function newCharacterOf(draft: CharacterDraft): NewCharacter {
  return {
    name: draft.name.trim(),
    description: orNull(draft.description),
    styleLora: orNull(draft.styleLora),
    aliases: parseAliases(draft.aliases),
  };
}

/**
 * Only the fields the user changed: a change to the description, aliases or LoRA makes the
 * images of every project that casts the character stale, so untouched fields are not sent.
 */
export function characterPatch(before: Character, draft: CharacterDraft): CharacterPatch | null {
  const patch: CharacterPatch = {};
  if (draft.name.trim() !== before.name) patch.name = draft.name.trim();
  if (orNull(draft.description) !== before.description) patch.description = orNull(draft.description);
  if (orNull(draft.styleLora) !== before.styleLora) patch.styleLora = orNull(draft.styleLora);
  const aliases = parseAliases(draft.aliases);
  if (aliases.join("\u0000") !== before.aliases.join("\u0000")) patch.aliases = aliases;
  return Object.keys(patch).length === 0 ? null : patch;
}

/** A file the data dir holds (relative, with `/`) as an absolute path. */
export function dataPath(dataDir: string, relative: string): string {
  return `${dataDir.replace(/[\\/]+$/, "")}/${relative}`;
}

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { convertFileSrc } from "@tauri-apps/api/core";
import { commands, type Character } from "../../bindings";
import { Button } from "../../components/Button";
import { ConfirmButton } from "../../components/ConfirmButton";
import { Icon } from "../../components/Icon";
import { useToast } from "../../components/Toasts";
import { keys } from "../../state/queryKeys";
import { Field, INPUT, ListItem, ScreenHeader } from "../styles/fields";
import { CastPanel } from "./CastPanel";
import { characterPatch, dataPath, draftOf, newCharacterOf, type CharacterDraft } from "./characterForm";
import { ReferenceImages } from "./ReferenceImages";

function Avatar({ character, dataDir }: { character: Character; dataDir: string | undefined }) {
  const first = character.referenceImages.at(0);
  if (first && dataDir) {
    return <img src={convertFileSrc(dataPath(dataDir, first))} alt="" className="size-9 shrink-0 rounded-full object-cover" />;
  }
  return (
    <span className="grid size-9 shrink-0 place-items-center rounded-full bg-ink-700 text-sm font-semibold text-slate-300" aria-hidden>
      {character.name.slice(0, 1).toUpperCase()}
    </span>
  );
}

/** Creates or edits a character's words: name, aliases, description, LoRA. */
function CharacterForm({ character, onSaved, onDeleted }: { character: Character | null; onSaved: (c: Character) => void; onDeleted: () => void }) {
  const client = useQueryClient();
  const toast = useToast();
  const [draft, setDraft] = useState<CharacterDraft>(() => draftOf(character));
  const [tried, setTried] = useState(false);
  const set = (patch: Partial<CharacterDraft>) => { setDraft((d) => ({ ...d, ...patch })); };
  const save = useMutation({
    mutationFn: async (): Promise<Character | null> => {
      if (character === null) return commands.createCharacter(newCharacterOf(draft));
      const patch = characterPatch(character, draft);
      return patch === null ? character : commands.updateCharacter(character.id, patch);
    },
    onSuccess: async (saved) => {
      await client.invalidateQueries({ queryKey: keys.characters });
      if (saved) onSaved(saved);
    },
    onError: (e) => { toast.error(e, "The character was not saved"); },
  });
  const remove = useMutation({
    mutationFn: (id: string) => commands.deleteCharacter(id),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: keys.characters });
      onDeleted();
    },
    onError: (e) => { toast.error(e, "The character was not deleted"); },
  });
  const nameMissing = draft.name.trim() === "";
  return (
    <form
      className="flex flex-col gap-1"
      data-testid="character-form"
      onSubmit={(e) => {
        e.preventDefault();
        setTried(true);
        if (!nameMissing) save.mutate();
      }}
    >
      <div className="grid grid-cols-2 gap-x-4">
        <Field label="Name" problem={tried && nameMissing ? "Give the character a name." : undefined}>
          <input className={INPUT} value={draft.name} data-testid="character-name" onChange={(e) => { set({ name: e.target.value }); }} />
        </Field>
        <Field label="Also called" hint="Other names the script uses, separated by commas.">
          <input className={INPUT} value={draft.aliases} placeholder="the Countess, Lady Lovelace" data-testid="character-aliases" onChange={(e) => { set({ aliases: e.target.value }); }} />
        </Field>
      </div>
      <Field label="What they look like" hint="Goes into the prompt of every scene that shows them.">
        <textarea className={`${INPUT} h-20 resize-y`} value={draft.description} data-testid="character-description" onChange={(e) => { set({ description: e.target.value }); }} />
      </Field>
      <Field label="LoRA file" hint="Optional: a character LoRA, as ComfyUI lists it.">
        <input className={INPUT} value={draft.styleLora} onChange={(e) => { set({ styleLora: e.target.value }); }} />
      </Field>
      {character && <p className="text-xs text-slate-500">Changing how a cast character looks makes the pictures of the scenes that show them out of date.</p>}
      <div className="mt-2 flex items-center gap-2">
        <Button type="submit" variant="primary" disabled={save.isPending} data-testid="character-save">
          {character ? "Save character" : "Create character"}
        </Button>
        {character && (
          <ConfirmButton
            variant="ghost"
            question={`Delete ${character.name} and the reference images copied for them? Projects that cast them lose them from the cast. This cannot be undone.`}
            confirmLabel="Delete"
            testId="character-delete"
            onConfirm={() => { remove.mutate(character.id); }}
          >
            Delete
          </ConfirmButton>
        )}
      </div>
    </form>
  );
}

/** The character library: descriptions, aliases, reference images and LoRAs; cast per project. */
export function CharactersScreen() {
  const characters = useQuery({ queryKey: keys.characters, queryFn: () => commands.listCharacters() });
  const { data: dataDir } = useQuery({ queryKey: keys.dataDir, queryFn: () => commands.dataDir() });
  /** A character's id, "new" for the form of a new one, or null. */
  const [selected, setSelected] = useState<string | null>(null);
  const list = characters.data ?? [];
  const character = selected !== null && selected !== "new" ? (list.find((c) => c.id === selected) ?? null) : null;
  return (
    <div className="flex h-full flex-col">
      <ScreenHeader title="Characters" summary="Recurring people and creatures: how they look, what the script calls them, and which projects cast them.">
        <Button variant="primary" onClick={() => { setSelected("new"); }} data-testid="new-character">
          <Icon name="plus" />
          New character
        </Button>
      </ScreenHeader>
      {characters.error && <p className="px-8 pt-4 text-sm text-rose-300">The characters could not be read: {(characters.error as { message?: string }).message}</p>}
      <div className="grid min-h-0 flex-1 grid-cols-[18rem_1fr]">
        <ul className="flex flex-col gap-1.5 overflow-y-auto border-r border-ink-800 p-4" aria-label="Characters">
          {list.length === 0 && characters.isSuccess && <li className="text-sm text-slate-500">No characters yet.</li>}
          {list.map((c) => (
            <ListItem key={c.id} selected={selected === c.id} onSelect={() => { setSelected(c.id); }} testId="character-item">
              <span className="flex items-center gap-3">
                <Avatar character={c} dataDir={dataDir} />
                <span className="min-w-0">
                  <span className="block truncate text-sm font-medium text-slate-100">{c.name}</span>
                  <span className="block truncate text-xs text-slate-500">{c.description ?? "No description"}</span>
                </span>
              </span>
            </ListItem>
          ))}
        </ul>
        <div className="flex flex-col gap-6 overflow-y-auto p-6">
          {selected === null && <p className="text-sm text-slate-500">Choose a character to edit, or make a new one.</p>}
          {(selected === "new" || character) && (
            <div className="flex max-w-3xl flex-col gap-5">
              <CharacterForm
                key={character?.id ?? "new"}
                character={character}
                onSaved={(c) => { setSelected(c.id); }}
                onDeleted={() => { setSelected(null); }}
              />
              {character && dataDir && <ReferenceImages character={character} dataDir={dataDir} />}
            </div>
          )}
          {list.length > 0 && (
            <div className="max-w-3xl">
              <CastPanel characters={list} />
            </div>
          )}
        </div>
      </div>
    </div>
  );
}

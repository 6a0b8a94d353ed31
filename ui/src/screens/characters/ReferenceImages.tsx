import { useMutation, useQueryClient } from "@tanstack/react-query";
import { convertFileSrc } from "@tauri-apps/api/core";
import { open } from "@tauri-apps/plugin-dialog";
import { commands, type Character } from "../../bindings";
import { Button } from "../../components/Button";
import { ConfirmButton } from "../../components/ConfirmButton";
import { useToast } from "../../components/Toasts";
import { keys } from "../../state/queryKeys";
import { dataPath } from "./characterForm";

/** Asks for an image file; null when the user cancels. */
async function pickImage(): Promise<string | null> {
  const picked = await open({
    title: "Add a reference image",
    multiple: false,
    directory: false,
    filters: [{ name: "Images", extensions: ["png", "jpg", "jpeg", "webp"] }],
  });
  return typeof picked === "string" ? picked : null;
}

/** The character's reference images (copies in the data folder), with add and remove. */
export function ReferenceImages({ character, dataDir }: { character: Character; dataDir: string }) {
  const client = useQueryClient();
  const toast = useToast();
  const done = async () => client.invalidateQueries({ queryKey: keys.characters });
  const add = useMutation({
    mutationFn: async () => {
      const path = await pickImage();
      return path === null ? null : commands.addCharacterReference(character.id, path);
    },
    onSuccess: done,
    onError: (e) => { toast.error(e, "The image was not added"); },
  });
  const remove = useMutation({
    mutationFn: (file: string) => commands.removeCharacterReference(character.id, file),
    onSuccess: done,
    onError: (e) => { toast.error(e, "The image was not removed"); },
  });
  return (
    <section data-testid="reference-images">
      <div className="flex items-center justify-between">
        <h3 className="text-xs font-medium text-slate-300">Reference images</h3>
        <Button onClick={() => { add.mutate(); }} disabled={add.isPending} data-testid="add-reference">
          {add.isPending ? "Copying…" : "Add image…"}
        </Button>
      </div>
      <p className="mt-1 text-xs text-slate-500">Copied into the data folder. The first one is sent to workflows that take a reference image.</p>
      {character.referenceImages.length === 0 ? (
        <p className="mt-3 rounded-lg border border-dashed border-ink-700 p-4 text-center text-sm text-slate-500">No reference images yet.</p>
      ) : (
        <ul className="mt-3 grid grid-cols-4 gap-3">
          {character.referenceImages.map((file, i) => (
            <li key={file} className="group relative overflow-hidden rounded-lg border border-ink-700 bg-ink-950" data-testid="reference-image">
              <img src={convertFileSrc(dataPath(dataDir, file))} alt={`Reference ${i + 1} of ${character.name}`} className="aspect-square w-full object-cover" />
              {i === 0 && <span className="absolute top-1 left-1 rounded bg-ink-900/80 px-1.5 text-[10px] text-slate-300">first</span>}
              <div className="p-1.5">
                <ConfirmButton variant="ghost" question="Remove?" confirmLabel="Remove" onConfirm={() => { remove.mutate(file); }}>
                  Remove
                </ConfirmButton>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

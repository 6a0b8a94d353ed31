import { useCallback, useEffect, useRef, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { commands, type Sentence, type SentencePatch } from "../../bindings";
import { useToast } from "../../components/Toasts";
import { clearPending, setPending } from "../../state/pendingEdits";
import { storyboardKeys } from "./storyboardState";

/** How long typing in a prompt must pause before it is saved. */
export const PROMPT_SAVE_DELAY_MS = 700;

/**
 * A user prompt as a patch: the text typed becomes "my prompt"; an empty box, or the
 * generated prompt unchanged, goes back to the generated one (`null` clears the override).
 */
export function promptPatch(typed: string, generated: string | null): string | null {
  const text = typed.trim();
  if (text === "" || text === (generated ?? "").trim()) return null;
  return text;
}

/** Spoken text as a patch: empty, or the same as the text, means "read the text". */
export function spokenPatch(typed: string, text: string): string | null {
  const spoken = typed.trim();
  return spoken === "" || spoken === text.trim() ? null : spoken;
}

/**
 * Saving one scene's fields from the inspector. `save` sends a patch now; `schedule` waits
 * for typing to pause (and is flushed when the inspector closes or the app quits).
 */
export function useSceneEdits(sentenceId: string) {
  const client = useQueryClient();
  const toast = useToast();
  const [saving, setSaving] = useState(false);
  const waiting = useRef<SentencePatch | null>(null);
  const timer = useRef<number | undefined>(undefined);
  const key = `scene:${sentenceId}`;

  const save = useCallback(
    async (patch: SentencePatch) => {
      setSaving(true);
      try {
        const saved: Sentence = await commands.updateSentence(sentenceId, patch);
        client.setQueryData(storyboardKeys.sentence(sentenceId), saved);
      } catch (error) {
        toast.error(error, "Could not save the scene");
      } finally {
        setSaving(false);
      }
    },
    [client, sentenceId, toast],
  );

  const flush = useCallback(async () => {
    window.clearTimeout(timer.current);
    const patch = waiting.current;
    waiting.current = null;
    clearPending(key);
    if (patch) await save(patch);
  }, [key, save]);

  const schedule = useCallback(
    (patch: SentencePatch) => {
      waiting.current = { ...waiting.current, ...patch };
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(() => void flush(), PROMPT_SAVE_DELAY_MS);
      setPending(key, flush);
    },
    [flush, key],
  );

  // Another scene chosen, or the inspector closed: what was typed is saved, not lost.
  useEffect(
    () => () => {
      void flush();
    },
    [flush],
  );

  return { save, schedule, flush, saving };
}

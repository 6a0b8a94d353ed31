import { useCallback, useEffect, useRef, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { commands, type ProjectTree, type Sentence } from "../bindings";
import { useToast } from "../components/Toasts";
import { clearPending, setPending } from "./pendingEdits";
import { keys } from "./queryKeys";
import { replaceSentence } from "./tree";

/** How long typing must pause before a sentence is saved. */
export const SAVE_DELAY_MS = 600;

export type SaveStatus = "idle" | "pending" | "saving" | "saved" | "error";

/**
 * Debounced saving of one sentence's text. The save also runs when the row unmounts
 * (scrolled away, screen left) and when the app quits (via the pending-edits registry).
 * `onSaved` hears of each saved sentence (the editor's undo history records the edit).
 */
export function useSentenceSaver(projectId: string, sentenceId: string, onSaved?: (saved: Sentence) => void) {
  const client = useQueryClient();
  const toast = useToast();
  const [status, setStatus] = useState<SaveStatus>("idle");
  const latest = useRef<string | null>(null);
  const timer = useRef<number | undefined>(undefined);
  const mounted = useRef(true);
  const savedListener = useRef(onSaved);
  useEffect(() => {
    savedListener.current = onSaved;
  }, [onSaved]);
  const key = `sentence:${sentenceId}`;

  const flush = useCallback(async () => {
    window.clearTimeout(timer.current);
    const text = latest.current;
    if (text === null) return;
    latest.current = null;
    clearPending(key);
    if (mounted.current) setStatus("saving");
    try {
      // Only the text: a field left out is left as it is (null would clear it).
      const saved: Sentence = await commands.updateSentence(sentenceId, { text });
      client.setQueryData<ProjectTree>(keys.project(projectId), (tree) => (tree ? replaceSentence(tree, saved) : tree));
      savedListener.current?.(saved);
      if (mounted.current) setStatus("saved");
    } catch (error) {
      toast.error(error, "Could not save the sentence");
      if (mounted.current) setStatus("error");
    }
  }, [client, key, projectId, sentenceId, toast]);

  const schedule = useCallback(
    (text: string) => {
      latest.current = text;
      setStatus("pending");
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(() => void flush(), SAVE_DELAY_MS);
      setPending(key, flush);
    },
    [flush, key],
  );

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      void flush();
    };
  }, [flush]);

  return { schedule, flush, status };
}

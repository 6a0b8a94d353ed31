import { useCallback, useEffect, useMemo, useSyncExternalStore } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useToast } from "../../components/Toasts";
import { keys } from "../../state/queryKeys";
import { EditHistory, type Edit } from "./editHistory";

/** The open project's undo history, with each operation's failure shown and the script read again after it. */
export function useEditHistory(projectId: string) {
  const client = useQueryClient();
  const toast = useToast();
  // One history per project: opening another starts afresh.
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the project id is the reason for a new history
  const history = useMemo(() => new EditHistory(), [projectId]);
  useSyncExternalStore(history.subscribe, history.snapshot);

  // The store's event refreshes the tree too; asking now shows the result without waiting for it.
  const refresh = useCallback(() => client.invalidateQueries({ queryKey: keys.project(projectId) }), [client, projectId]);

  const perform = useCallback(
    async (edit: Edit) => {
      try {
        await history.perform(edit);
      } catch (error) {
        toast.error(error, `${edit.label} did not work`);
      } finally {
        await refresh();
      }
    },
    [history, refresh, toast],
  );

  const step = useCallback(
    async (which: "undo" | "redo") => {
      const label = which === "undo" ? history.undoLabel : history.redoLabel;
      if (label === null) return;
      try {
        await (which === "undo" ? history.undo() : history.redo());
      } catch (error) {
        toast.error(error, `${which === "undo" ? "Undo" : "Redo"} of “${label}” did not work`);
      } finally {
        await refresh();
      }
    },
    [history, refresh, toast],
  );
  const undo = useCallback(() => step("undo"), [step]);
  const redo = useCallback(() => step("redo"), [step]);
  const record = useCallback(
    (edit: Edit) => {
      history.record(edit);
    },
    [history],
  );

  // Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y outside text fields (inside them the field's own undo works).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
      const target = event.target;
      if (target instanceof HTMLElement && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName))) return;
      const key = event.key.toLowerCase();
      if (key === "z" && !event.shiftKey) {
        event.preventDefault();
        void undo();
      } else if ((key === "z" && event.shiftKey) || key === "y") {
        event.preventDefault();
        void redo();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => {
      window.removeEventListener("keydown", onKey);
    };
  }, [undo, redo]);

  return { perform, record, undo, redo, undoLabel: history.undoLabel, redoLabel: history.redoLabel, history };
}

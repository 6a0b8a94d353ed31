import { useCallback } from "react";
import { useMutation } from "@tanstack/react-query";
import { commands, type AssetKind, type Generated } from "../../bindings";
import { useToast } from "../../components/Toasts";
import { generatedText } from "../../state/generate";
import { PIECE_LABEL } from "./storyboardState";

/** What a storyboard action covers: the whole project, some sections, or some scenes. */
export type Target = { sections?: string[]; scenes?: string[] };

/** What to do: generate what is stale, or make some pieces again even where they are current. */
export type BoardAction = { kind: "stale"; target: Target } | { kind: "regenerate"; pieces: AssetKind[]; target: Target };

/** The title of the toast when an action cannot be queued. */
export function failureTitle(action: BoardAction): string {
  if (action.kind === "stale") return "Could not queue what is out of date";
  const what = action.pieces.map((p) => PIECE_LABEL[p].toLowerCase()).join(", ");
  return `Could not queue the ${what} again`;
}

/** Runs one storyboard action through the app. */
export function runAction(projectId: string, action: BoardAction): Promise<Generated> {
  const sections = action.target.sections ?? null;
  const scenes = action.target.scenes ?? null;
  if (action.kind === "stale") return commands.generate(projectId, { stages: null, sections, sentences: scenes });
  return commands.regenerate(projectId, action.pieces, sections, scenes);
}

/**
 * The storyboard's actions, each with its pending state (the buttons say "Queuing…") and
 * its outcome said in a toast: how many jobs were queued, or what went wrong and what to do.
 */
export function useBoardActions(projectId: string) {
  const toast = useToast();
  const generate = useMutation({
    mutationFn: (action: BoardAction) => runAction(projectId, action),
    onSuccess: (done) => {
      toast.info(generatedText(done));
    },
    onError: (error, action) => {
      toast.error(error, failureTitle(action));
    },
  });
  const retry = useMutation({
    mutationFn: () => commands.retryFailed(projectId),
    onSuccess: (jobs) => {
      toast.info(jobs.length === 0 ? "Nothing has failed: there is nothing to retry." : `${jobs.length} failed job${jobs.length === 1 ? "" : "s"} queued again.`);
    },
    onError: (error) => {
      toast.error(error, "Could not retry the failed jobs");
    },
  });
  const { mutate } = generate;
  const run = useCallback(
    (action: BoardAction) => {
      mutate(action);
    },
    [mutate],
  );
  return {
    run,
    /** The action being queued now, if any (its button shows progress). */
    pending: generate.isPending ? generate.variables : undefined,
    retryFailed: () => {
      retry.mutate();
    },
    retrying: retry.isPending,
  };
}

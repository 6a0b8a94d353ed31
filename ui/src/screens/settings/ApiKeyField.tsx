import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { commands } from "../../bindings";
import { Button } from "../../components/Button";
import { ConfirmButton } from "../../components/ConfirmButton";
import { useToast } from "../../components/Toasts";
import { keys } from "../../state/queryKeys";

/** The LLM API key: write-only. It goes to the OS keychain and is never shown back. */
export function ApiKeyField() {
  const [draft, setDraft] = useState("");
  const client = useQueryClient();
  const toast = useToast();
  const { data: isSet, error } = useQuery({ queryKey: keys.apiKeySet, queryFn: () => commands.hasLlmApiKey() });
  const store = useMutation({
    mutationFn: (key: string) => commands.setLlmApiKey(key),
    onSuccess: (_, key) => {
      setDraft("");
      client.setQueryData(keys.apiKeySet, key.trim() !== "");
      toast.info(key.trim() === "" ? "The API key was removed from the keychain." : "The API key is stored in the keychain.");
    },
    onError: (e) => { toast.error(e, "The API key was not stored"); },
  });
  return (
    <div className="grid grid-cols-[16rem_1fr] items-start gap-4 py-2">
      <span className="pt-1.5">
        <span className="block text-sm text-slate-200">API key</span>
        <span className="block text-xs text-slate-500">Kept in the system keychain only: never in the database, the logs, or on this screen.</span>
      </span>
      <div className="flex flex-col gap-1">
        <form
          className="flex gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            if (draft.trim() !== "") store.mutate(draft);
          }}
        >
          <input
            type="password"
            autoComplete="off"
            value={draft}
            placeholder={isSet ? "A key is stored; type a new one to replace it" : "Paste your API key"}
            aria-label="LLM API key"
            data-testid="api-key-input"
            onChange={(e) => { setDraft(e.target.value); }}
            className="flex-1 rounded-md border border-ink-600 bg-ink-850 px-3 py-1.5 text-sm text-slate-100 focus:border-accent-400 focus:outline-none"
          />
          <Button type="submit" variant="primary" disabled={draft.trim() === "" || store.isPending} data-testid="api-key-save">
            {store.isPending ? "Storing…" : "Store key"}
          </Button>
          {isSet && (
            <ConfirmButton question="Remove the stored key?" confirmLabel="Remove" variant="ghost" onConfirm={() => { store.mutate(""); }}>
              Remove
            </ConfirmButton>
          )}
        </form>
        <span className="text-xs text-slate-500" data-testid="api-key-status">
          {error
            ? (error as { message?: string }).message
            : isSet === undefined
              ? "Asking the keychain…"
              : isSet
                ? "A key is stored."
                : "No key is stored: scripts and prompts cannot be written by the LLM until you add one (a local LLM may not need one)."}
        </span>
      </div>
    </div>
  );
}

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { commands } from "../../bindings";
import { keys } from "../../state/queryKeys";
import { LAST_FOLDER_KEY } from "./exportForm";

/** The folder last exported to (a setting, so the CLI and a restart keep it), and how to remember a new one. */
export function useLastFolder(): [string | null, (folder: string) => Promise<void>] {
  const client = useQueryClient();
  const { data: settings } = useQuery({ queryKey: keys.settings, queryFn: () => commands.configList() });
  const stored = settings?.find((s) => s.key === LAST_FOLDER_KEY)?.value ?? "";
  const remember = async (folder: string) => {
    if (folder.trim() === "" || folder === stored) return;
    try {
      await commands.configSet(LAST_FOLDER_KEY, folder);
      await client.invalidateQueries({ queryKey: keys.settings });
    } catch {
      // Remembering the folder is a convenience: the export goes on without it.
    }
  };
  return [stored === "" ? null : stored, remember];
}

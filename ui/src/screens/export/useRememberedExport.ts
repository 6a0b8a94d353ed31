import { useQuery, useQueryClient } from "@tanstack/react-query";
import { commands, type ExportFormat } from "../../bindings";
import { keys } from "../../state/queryKeys";
import { FORMATS_KEY, formatsSetting, storedFormats, ZIP_KEY } from "./exportForm";

/** What the last export chose, as the settings keep it (so a restart and `videogen config` see it too). */
export type RememberedExport = {
  /** The formats to tick first, among `known`. */
  formats: ExportFormat[];
  zip: boolean;
  /** Stores a new choice; what is already remembered is not written again. */
  remember: (formats: readonly ExportFormat[], zip: boolean) => Promise<void>;
};

/** The export dialog's remembered formats and ZIP choice (among the `known` formats), and how to remember new ones. */
export function useRememberedExport(known: readonly ExportFormat[]): RememberedExport {
  const client = useQueryClient();
  const { data: settings } = useQuery({ queryKey: keys.settings, queryFn: () => commands.configList() });
  const value = (key: string) => settings?.find((s) => s.key === key)?.value;
  const formats = storedFormats(value(FORMATS_KEY), known);
  const zip = value(ZIP_KEY) === "true";
  const remember = async (newFormats: readonly ExportFormat[], newZip: boolean) => {
    const changes: [string, string][] = [];
    if (formatsSetting(newFormats) !== formatsSetting(formats)) changes.push([FORMATS_KEY, formatsSetting(newFormats)]);
    if (newZip !== zip) changes.push([ZIP_KEY, String(newZip)]);
    if (changes.length === 0) return;
    try {
      for (const [key, v] of changes) await commands.configSet(key, v);
      await client.invalidateQueries({ queryKey: keys.settings });
    } catch {
      // Remembering the choice is a convenience: the export goes on without it.
    }
  };
  return { formats, zip, remember };
}

import { useMemo } from "react";
import { useQuery } from "@tanstack/react-query";
import { convertFileSrc } from "@tauri-apps/api/core";
import { commands } from "../../bindings";
import { keys } from "../../state/queryKeys";

/** A file of the data dir (stored relative to it) as a URL the webview loads through the asset protocol. */
export function mediaUrl(dataDir: string, relative: string): string {
  const separator = dataDir.endsWith("/") || dataDir.endsWith("\\") ? "" : "/";
  return convertFileSrc(`${dataDir}${separator}${relative}`);
}

/**
 * A function from a relative file to its URL, once the data dir is known (`null` until then).
 * The data dir is asked once per window: the shell grants it to the asset protocol at start.
 */
export function useMediaUrl(): ((relative: string) => string) | null {
  const { data: dataDir } = useQuery({ queryKey: keys.dataDir, queryFn: () => commands.dataDir() });
  return useMemo(() => (dataDir === undefined ? null : (relative: string) => mediaUrl(dataDir, relative)), [dataDir]);
}

import { open } from "@tauri-apps/plugin-dialog";

/**
 * The desktop end-to-end test answers pickers through `window.__videogenNextPickedFile`
 * (see ipc/pickFile.ts): only in a UI built with `vite build --mode e2e`.
 */
function hooked(): string | undefined {
  if (import.meta.env.MODE === "e2e") {
    const path = window.__videogenNextPickedFile;
    if (path !== undefined) {
      delete window.__videogenNextPickedFile;
      return path;
    }
  }
  return undefined;
}

/** Asks for a folder (starting at `start` when given); null when the user cancels. */
export async function pickFolder(title: string, start: string | null): Promise<string | null> {
  const path = hooked();
  if (path !== undefined) return path;
  const picked = await open({ title, directory: true, multiple: false, defaultPath: start ?? undefined });
  return typeof picked === "string" ? picked : null;
}

/** Asks for one file of the given kinds; null when the user cancels. */
export async function pickOneFile(title: string, filter: { name: string; extensions: string[] }): Promise<string | null> {
  const path = hooked();
  if (path !== undefined) return path;
  const picked = await open({
    title,
    multiple: false,
    directory: false,
    filters: [filter, { name: "All files", extensions: ["*"] }],
  });
  return typeof picked === "string" ? picked : null;
}

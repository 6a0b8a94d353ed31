import { open } from "@tauri-apps/plugin-dialog";

declare global {
  interface Window {
    /**
     * Test hook for the desktop end-to-end test: a path set here is used once instead of
     * showing the native open-file dialog (which WebDriver cannot drive).
     */
    __videogenNextPickedFile?: string;
  }
}

/** Asks the user for a script file; null when they cancel. */
export async function pickScriptFile(): Promise<string | null> {
  const hooked = window.__videogenNextPickedFile;
  if (hooked !== undefined) {
    delete window.__videogenNextPickedFile;
    return hooked;
  }
  const picked = await open({
    title: "Import a script",
    multiple: false,
    directory: false,
    filters: [
      { name: "Scripts", extensions: ["txt", "md", "markdown"] },
      { name: "All files", extensions: ["*"] },
    ],
  });
  return typeof picked === "string" ? picked : null;
}

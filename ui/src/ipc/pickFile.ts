import { open } from "@tauri-apps/plugin-dialog";

declare global {
  interface Window {
    /**
     * Test hook of the desktop end-to-end test, present only in a UI built with
     * `vite build --mode e2e` (`npm run build:e2e`): a path set here is used once instead of
     * showing the native open-file dialog, which WebDriver cannot drive. A production build
     * drops the branch below, and src-tauri/build.rs refuses to embed a UI that has it
     * unless the app is built with the `e2e-hooks` feature.
     */
    __videogenNextPickedFile?: string;
  }
}

/** Asks the user for a script file; null when they cancel. */
export async function pickScriptFile(): Promise<string | null> {
  if (import.meta.env.MODE === "e2e") {
    const hooked = window.__videogenNextPickedFile;
    if (hooked !== undefined) {
      delete window.__videogenNextPickedFile;
      return hooked;
    }
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

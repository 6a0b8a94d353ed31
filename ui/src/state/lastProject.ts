/** The project last opened, so "Script editor" in the navigation returns to it. */
const KEY = "videogen.lastProject";

export function rememberProject(id: string): void {
  try {
    localStorage.setItem(KEY, id);
  } catch {
    // Storage can be unavailable (private mode, tests); the link then shows the placeholder.
  }
}

export function lastProject(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function forgetProject(id: string): void {
  if (lastProject() === id) {
    try {
      localStorage.removeItem(KEY);
    } catch {
      // See rememberProject.
    }
  }
}

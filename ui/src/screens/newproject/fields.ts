/** The look of the New project screen's inputs. */
export const fieldClass =
  "w-full rounded-md border border-ink-600 bg-ink-950 px-3 py-2 text-sm text-white placeholder:text-slate-500 focus:border-accent-400 focus:outline-none";

/** The name typed, else the start of the topic or script (a project needs a name). */
export function projectName(typed: string, from: string): string {
  const name = typed.trim();
  if (name !== "") return name;
  const firstLine = from.trim().split("\n")[0]?.replace(/^#+\s*/, "").trim() ?? "";
  if (firstLine === "") return "";
  return firstLine.length > 60 ? `${firstLine.slice(0, 57).trimEnd()}…` : firstLine;
}

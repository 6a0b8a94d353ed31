/** TanStack Query keys, in one place so event handlers invalidate exactly what screens read. */
export const keys = {
  projects: ["projects"] as const,
  project: (id: string) => ["project", id] as const,
  characters: ["characters"] as const,
  models: ["models"] as const,
  styles: ["styles"] as const,
  jobCounts: ["jobCounts"] as const,
  dataDir: ["dataDir"] as const,
};

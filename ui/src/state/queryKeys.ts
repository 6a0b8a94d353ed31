/** TanStack Query keys, in one place so event handlers invalidate exactly what screens read. */
export const keys = {
  projects: ["projects"] as const,
  project: (id: string) => ["project", id] as const,
  characters: ["characters"] as const,
  models: ["models"] as const,
  styles: ["styles"] as const,
  jobCounts: ["jobCounts"] as const,
  dataDir: ["dataDir"] as const,
  /** Every job, newest first (the Jobs screen). */
  jobs: ["jobs"] as const,
  /** Who runs the jobs; set only by the `runnerChanged` event. */
  runner: ["runner"] as const,
  /** Every plan preview of a project (prefix), and one for a set of stages. */
  plans: (projectId: string) => ["plan", projectId] as const,
  plan: (projectId: string, stages: readonly string[]) => ["plan", projectId, ...stages] as const,
  settings: ["settings"] as const,
  apiKeySet: ["apiKeySet"] as const,
  engines: ["engines"] as const,
};

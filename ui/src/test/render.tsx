import type { ReactNode } from "react";
import { render } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import { makeQueryClient, AppRoutes } from "../App";
import { ToastProvider } from "../components/Toasts";

/** Renders the app's routes at `path` with a fresh query client (returned for inspection). */
export function renderApp(path: string, extra?: ReactNode): { client: QueryClient } {
  const client = makeQueryClient();
  render(
    <QueryClientProvider client={client}>
      <ToastProvider>
        {extra}
        <MemoryRouter initialEntries={[path]}>
          <AppRoutes />
        </MemoryRouter>
      </ToastProvider>
    </QueryClientProvider>,
  );
  return { client };
}

/** Collects the IPC calls a test makes, by command name. */
export class CallLog {
  readonly calls: { cmd: string; args: Record<string, unknown> }[] = [];
  record(cmd: string, args: unknown): void {
    this.calls.push({ cmd, args: (args ?? {}) as Record<string, unknown> });
  }
  of(cmd: string): Record<string, unknown>[] {
    return this.calls.filter((c) => c.cmd === cmd).map((c) => c.args);
  }
}

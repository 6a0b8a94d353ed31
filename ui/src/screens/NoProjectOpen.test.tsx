import { afterEach, describe, expect, it } from "vitest";
import { screen, within } from "@testing-library/react";
import { mockIPC } from "@tauri-apps/api/mocks";
import type { ProjectSummary } from "../bindings";
import { summary } from "../test/fixtures";
import { renderApp } from "../test/render";

function backend(projects: ProjectSummary[]) {
  mockIPC((cmd) => {
    switch (cmd) {
      case "list_projects":
        return projects;
      case "job_counts":
        return { queued: 0, running: 0, succeeded: 0, failed: 0, cancelled: 0 };
      case "queue_paused":
        return false;
      default:
        return null;
    }
  });
}

describe("Script editor with no project opened yet", () => {
  afterEach(() => {
    localStorage.clear();
  });

  it("lists the projects to open, with their sentence counts", async () => {
    backend([summary("p1", "Deep Sea Life", 1), summary("p2", "The long road", 2700)]);
    renderApp("/script");
    const list = await screen.findByTestId("script-choose");
    const one = await within(list).findByRole("link", { name: /Deep Sea Life/ });
    expect(one).toHaveAttribute("href", "/projects/p1");
    expect(one).toHaveTextContent("1 sentence");
    expect(one).not.toHaveTextContent("1 sentences");
    expect(within(list).getByRole("link", { name: /The long road/ })).toHaveTextContent("2700 sentences");
    expect(screen.queryByText(/not built yet/i)).toBeNull();
  });

  it("points to the Dashboard when there is no project", async () => {
    backend([]);
    renderApp("/script");
    expect(await screen.findByText(/There is no project yet/)).toBeInTheDocument();
    expect(screen.getByRole("link", { name: /Create or import one on the Dashboard/ })).toHaveAttribute("href", "/");
  });
});

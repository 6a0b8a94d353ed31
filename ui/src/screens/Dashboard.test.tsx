import { describe, expect, it } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { mockIPC } from "@tauri-apps/api/mocks";
import type { ProjectSummary } from "../bindings";
import { project, summary, tree } from "../test/fixtures";
import { CallLog, renderApp } from "../test/render";

function backend(projects: ProjectSummary[], log = new CallLog()) {
  mockIPC((cmd, args) => {
    log.record(cmd, args);
    switch (cmd) {
      case "list_projects":
        return projects;
      case "job_counts":
        return { queued: 0, running: 0, succeeded: 0, failed: 0, cancelled: 0 };
      case "queue_paused":
        return false;
      case "create_project": {
        const input = (args as { input: { name: string } }).input;
        if (input.name.trim() === "") {
          // eslint-disable-next-line @typescript-eslint/only-throw-error -- IPC rejects with the app's {code, message}, not an Error
          throw { code: "INVALID_INPUT", message: "A project needs a name: type one and try again." };
        }
        projects.push(summary("p-new", input.name));
        return project("p-new", input.name);
      }
      case "load_project": {
        // Each project opens as itself, so opening the wrong one shows the wrong title.
        const id = (args as { id: string }).id;
        const found = projects.find((p) => p.id === id);
        if (!found) {
          // eslint-disable-next-line @typescript-eslint/only-throw-error -- as above
          throw { code: "NOT_FOUND", message: `Project "${id}" was not found.` };
        }
        return { ...tree(id, 0, 0), project: project(id, found.name) };
      }
      case "plugin:dialog|open":
        // The user picks this file in the native open-file dialog.
        return "/home/me/empty.txt";
      case "import_script_file":
        // eslint-disable-next-line @typescript-eslint/only-throw-error -- as above
        throw { code: "INVALID_FILE", message: "The script file is empty: choose a .txt or .md file with at least one sentence." };
      case "delete_project": {
        const id = (args as { id: string }).id;
        projects.splice(projects.findIndex((p) => p.id === id), 1);
        return null;
      }
      default:
        return null;
    }
  });
  return log;
}

describe("Dashboard", () => {
  it("lists every project with its counts", async () => {
    backend([summary("p1", "The History of Tea", 120), summary("p2", "Deep Sea Life", 0)]);
    renderApp("/");
    expect(await screen.findByText("The History of Tea")).toBeInTheDocument();
    expect(screen.getByText("Deep Sea Life")).toBeInTheDocument();
    expect(screen.getByText("120 to generate")).toBeInTheDocument();
  });

  it("shows an empty state that explains how to start", async () => {
    backend([]);
    renderApp("/");
    expect(await screen.findByText("No projects yet")).toBeInTheDocument();
  });

  it("creates a project by name and opens that project", async () => {
    // Another project exists, so opening the wrong one (the first listed, the last opened)
    // would show its title instead.
    const log = backend([summary("p1", "The History of Tea", 120)]);
    renderApp("/");
    const user = userEvent.setup();
    await screen.findByText("The History of Tea");
    await user.click(screen.getByTestId("new-project"));
    await user.type(screen.getByTestId("new-project-name"), "Volcanoes");
    await user.click(screen.getByTestId("create-project"));
    await waitFor(() => {
      expect(log.of("create_project")).toEqual([{ input: { name: "Volcanoes", topic: null, targetDurationMin: null } }]);
    });
    await waitFor(() => {
      expect(screen.getByTestId("project-title")).toHaveTextContent(/^Volcanoes$/);
    });
    expect(log.of("load_project")).toEqual([{ id: "p-new" }]);
  });

  it("shows the app's message in a toast when a command fails", async () => {
    backend([]);
    renderApp("/");
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("new-project"));
    await user.click(screen.getByTestId("create-project"));
    expect(await screen.findByRole("alert")).toHaveTextContent("A project needs a name: type one and try again.");
  });

  it("imports the file the user picked and reports a refused file", async () => {
    const log = backend([]);
    renderApp("/");
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("import-script"));
    expect(await screen.findByRole("alert")).toHaveTextContent("The script file is empty");
    expect(log.of("plugin:dialog|open")).toHaveLength(1);
    expect(log.of("import_script_file")).toEqual([{ path: "/home/me/empty.txt", name: null }]);
  });

  it("deletes a project only after confirmation", async () => {
    const log = backend([summary("p1", "Old draft")]);
    renderApp("/");
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("delete-project"));
    expect(log.of("delete_project")).toEqual([]);
    await user.click(screen.getByTestId("confirm-delete"));
    await waitFor(() => {
      expect(screen.queryByText("Old draft")).not.toBeInTheDocument();
    });
    expect(log.of("delete_project")).toEqual([{ id: "p1" }]);
  });

  it("renames a project inline", async () => {
    const log = backend([summary("p1", "Old name")]);
    renderApp("/");
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("rename-project"));
    const input = screen.getByTestId("rename-input");
    await user.clear(input);
    await user.type(input, "New name{Enter}");
    await waitFor(() => {
      expect(log.of("update_project")).toHaveLength(1);
    });
    const call = log.of("update_project")[0] as { id: string; patch: { name: string } };
    expect(call.id).toBe("p1");
    expect(call.patch.name).toBe("New name");
  });
});

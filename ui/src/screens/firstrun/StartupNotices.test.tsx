import { describe, expect, it } from "vitest";
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, Route, Routes, useParams } from "react-router";
import { QueryClientProvider } from "@tanstack/react-query";
import { mockIPC } from "@tauri-apps/api/mocks";
import type { CrashReportView, DoctorView, FirstRunView } from "../../bindings";
import { makeQueryClient } from "../../App";
import { ToastProvider } from "../../components/Toasts";
import { CallLog } from "../../test/render";
import { StartupNotices } from "./StartupNotices";

const DOCTOR: DoctorView = {
  ok: false,
  services: [{ service: "TTS", url: "http://127.0.0.1:8004/", ok: false, version: null, message: "Nothing answers at http://127.0.0.1:8004: start the TTS server.", voices: [] }],
  workflows: [],
  notConfigured: [],
  notes: [],
};

function backend(firstRun: FirstRunView, crashes: CrashReportView[] = [], log = new CallLog()) {
  mockIPC((cmd, args) => {
    log.record(cmd, args);
    switch (cmd) {
      case "first_run":
        return firstRun;
      case "earlier_crashes":
        return crashes;
      case "doctor":
        return DOCTOR;
      case "engines_status":
        return { dir: "/data/engines", state: "notInstalled", python: null, packages: 0, installedAt: null };
      case "open_demo_project":
        firstRun = { ...firstRun, show: false, demoProject: "demo-id" };
        return "demo-id";
      case "dismiss_first_run":
        firstRun = { ...firstRun, show: false };
        return null;
      default:
        return null;
    }
  });
  return log;
}

function OpenedProject() {
  const { projectId } = useParams();
  return <p data-testid="opened">{projectId}</p>;
}

function renderNotices() {
  render(
    <QueryClientProvider client={makeQueryClient()}>
      <ToastProvider>
        <MemoryRouter initialEntries={["/"]}>
          <Routes>
            <Route index element={<p>dashboard</p>} />
            <Route path="projects/:projectId" element={<OpenedProject />} />
          </Routes>
          <StartupNotices />
        </MemoryRouter>
      </ToastProvider>
    </QueryClientProvider>,
  );
}

describe("StartupNotices", () => {
  it("welcomes a first run with the data folder, the doctor's results and the draft engines, then opens the demo", async () => {
    const log = backend({ show: true, dataDir: "/home/ada/.local/share/videogen-studio", demoProject: null });
    renderNotices();
    expect(await screen.findByTestId("first-run-data-dir")).toHaveTextContent("/home/ada/.local/share/videogen-studio");
    expect(await screen.findByText(/start the TTS server/)).toBeInTheDocument();
    expect(await screen.findByTestId("install-engines")).toBeInTheDocument();

    await userEvent.click(screen.getByTestId("first-run-demo"));
    expect(await screen.findByTestId("opened")).toHaveTextContent("demo-id");
    await waitFor(() => {
      expect(screen.queryByTestId("first-run")).not.toBeInTheDocument();
    });
    expect(log.of("open_demo_project")).toHaveLength(1);
  });

  it("shows no welcome once dismissed or when projects exist", async () => {
    const log = backend({ show: true, dataDir: "/data", demoProject: null });
    renderNotices();
    await userEvent.click(await screen.findByTestId("first-run-dismiss"));
    await waitFor(() => {
      expect(screen.queryByTestId("first-run")).not.toBeInTheDocument();
    });
    expect(log.of("dismiss_first_run")).toHaveLength(1);
  });

  it("names the crash report of an earlier run until closed", async () => {
    backend({ show: false, dataDir: "/data", demoProject: null }, [
      { path: "/data/logs/crash-20261204T051530Z-42.txt", atMs: 1796361330000, message: "index out of bounds" },
    ]);
    renderNotices();
    expect(await screen.findByTestId("crash-report-path")).toHaveTextContent("/data/logs/crash-20261204T051530Z-42.txt");
    expect(screen.queryByTestId("first-run")).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "OK" }));
    expect(screen.queryByTestId("crash-notice")).not.toBeInTheDocument();
  });
});

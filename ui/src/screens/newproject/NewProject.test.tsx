import { describe, expect, it } from "vitest";
import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { mockIPC } from "@tauri-apps/api/mocks";
import { MemoryRouter, Route, Routes } from "react-router";
import { QueryClientProvider } from "@tanstack/react-query";
import { makeQueryClient } from "../../App";
import type { Job, PlanPreview, ScriptOutline, SectionOutline } from "../../bindings";
import { ToastProvider } from "../../components/Toasts";
import { job, project, tree } from "../../test/fixtures";
import { CallLog, renderApp } from "../../test/render";
import { FileDragContext, ScriptDropZone, type FileDrag } from "./ScriptDrop";

/** The item at `index`, which the test knows is there. */
function nth<T>(items: readonly T[] | undefined, index: number): T {
  const item = items?.[index];
  if (item === undefined) throw new Error(`nothing at ${index}`);
  return item;
}

function outline(sections: SectionOutline[]): ScriptOutline {
  return {
    id: "o1",
    projectId: "p",
    title: "Lighthouses",
    topic: "How lighthouses kept ships safe",
    totalTargetMinutes: 6,
    visualStyle: null,
    sections,
    runningSummary: null,
    coveredTopics: [],
    currentSectionIndex: 0,
    status: "draft",
    createdAt: 0,
    updatedAt: 0,
  };
}

const PLANNED: SectionOutline[] = [
  { title: "Fire on the hill", summary: "The first beacons.", targetMinutes: 3, keyPoints: ["Pharos"] },
  { title: "The Fresnel lens", summary: "Light to the horizon.", targetMinutes: 3, keyPoints: [] },
];

const PLAN: PlanPreview = {
  kinds: [{ kind: "script.short", count: 1, ready: 1, eachMs: 60000, history: false, gpu: false }],
  gpuMs: 0,
  otherMs: 60000,
  llmTokens: 9000,
  llmCostUsd: 0.0123,
  upToDate: false,
};

interface Backend {
  ready: boolean;
  outline: ScriptOutline | null;
  jobs: Job[];
}

function backend(state: Backend, log = new CallLog()) {
  mockIPC(
    (cmd, args) => {
      log.record(cmd, args);
      switch (cmd) {
        case "script_writer":
          return state.ready ? { ready: true, missing: "" } : { ready: false, missing: "No LLM API key is set, so no script can be written from a topic." };
        case "list_styles":
          return [{ id: "st1", name: "Watercolour" }];
        case "start_topic_project":
          return { ...project("p", "Lighthouses"), topic: "How lighthouses kept ships safe" };
        case "import_script_text":
        case "import_script_file":
          return project("imported", "Imported");
        case "load_project":
          return { ...tree("p", 0, 0), project: { ...project((args as { id: string }).id, "Lighthouses"), topic: "How lighthouses kept ships safe" } };
        case "outline":
          return state.outline;
        case "list_jobs":
          return state.jobs;
        case "set_outline_sections": {
          const saved = outline((args as { sections: SectionOutline[] }).sections);
          state.outline = saved;
          return saved;
        }
        case "generate_outline":
          return { queued: [["script.outline", 1]], waiting: [], upToDate: false };
        case "plan":
          return PLAN;
        case "generate":
          return { queued: [["script.short", 1]], waiting: [], upToDate: false };
        case "job_counts":
          return { queued: 0, running: 0, succeeded: 0, failed: 0, cancelled: 0 };
        case "queue_paused":
          return false;
        case "list_projects":
          return [];
        default:
          return null;
      }
    },
    { shouldMockEvents: true },
  );
  return log;
}

describe("New project", () => {
  it("opens from the Dashboard's button", async () => {
    backend({ ready: true, outline: null, jobs: [] });
    renderApp("/");
    await userEvent.click(await screen.findByTestId("new-project"));
    expect(await screen.findByTestId("new-project-screen")).toBeInTheDocument();
    expect(await screen.findByTestId("topic-form")).toBeInTheDocument();
  });

  it("without an LLM says what is missing and offers the imports instead", async () => {
    backend({ ready: false, outline: null, jobs: [] });
    renderApp("/new");
    expect(await screen.findByTestId("no-llm-reason")).toHaveTextContent("No LLM API key is set");
    expect(screen.queryByTestId("topic-form")).not.toBeInTheDocument();
    await userEvent.click(screen.getByTestId("offer-paste"));
    expect(screen.getByTestId("paste-form")).toBeInTheDocument();
  });

  it("starts a topic with its settings and goes to the outline review", async () => {
    const log = backend({ ready: true, outline: null, jobs: [job("j1", "script.outline", "running", { projectId: "p", sentenceId: null })] });
    renderApp("/new");
    const user = userEvent.setup();
    await user.type(await screen.findByTestId("topic"), "How lighthouses kept ships safe");
    expect(screen.getByTestId("no-web-search")).toHaveTextContent("No web search is done.");
    await user.clear(screen.getByTestId("target-minutes"));
    await user.type(screen.getByTestId("target-minutes"), "6");
    await user.selectOptions(await screen.findByTestId("topic-style"), "st1");
    await user.selectOptions(screen.getByTestId("topic-voice-engine"), "chatterbox");
    await user.type(screen.getByTestId("topic-voice"), "narrator-2");
    await user.type(screen.getByTestId("topic-notes"), "Pharos: 1,500 years.");
    await user.click(screen.getByTestId("plan-outline"));
    await waitFor(() => {
      expect(log.of("start_topic_project")).toEqual([
        {
          input: {
            name: "How lighthouses kept ships safe",
            topic: "How lighthouses kept ships safe",
            targetMinutes: 6,
            styleId: "st1",
            ttsEngine: "chatterbox",
            voiceId: "narrator-2",
            sourceNotes: "Pharos: 1,500 years.",
          },
        },
      ]);
    });
    expect(await screen.findByTestId("outline-waiting")).toHaveTextContent("planning the outline");
  });

  it("refuses a target length outside 1 to 600 minutes before asking the app", async () => {
    const log = backend({ ready: true, outline: null, jobs: [] });
    renderApp("/new");
    const user = userEvent.setup();
    await user.type(await screen.findByTestId("topic"), "Tea");
    await user.clear(screen.getByTestId("target-minutes"));
    await user.type(screen.getByTestId("target-minutes"), "0");
    expect(screen.getByTestId("plan-outline")).toBeDisabled();
    expect(log.of("start_topic_project")).toEqual([]);
  });

  it("imports a pasted script and opens it", async () => {
    const log = backend({ ready: false, outline: null, jobs: [] });
    renderApp("/new");
    const user = userEvent.setup();
    await user.type(screen.getByTestId("new-project-name"), "My film");
    await user.click(screen.getByTestId("start-paste"));
    fireEvent.change(screen.getByTestId("paste-script"), { target: { value: "# One\n\nA sentence. Another." } });
    await user.click(screen.getByTestId("import-pasted"));
    await waitFor(() => {
      expect(log.of("import_script_text")).toEqual([{ name: "My film", text: "# One\n\nA sentence. Another." }]);
    });
    await waitFor(() => {
      expect(log.of("load_project")).toEqual([{ id: "imported" }]);
    });
  });
});

describe("Outline review", () => {
  it("shows why the outline failed and plans it again", async () => {
    const log = backend({ ready: true, outline: null, jobs: [job("j1", "script.outline", "failed", { projectId: "p", sentenceId: null, error: "The LLM refused the API key." })] });
    renderApp("/new/p/outline");
    expect(await screen.findByTestId("outline-failed")).toHaveTextContent("The LLM refused the API key.");
    await userEvent.click(screen.getByTestId("plan-again"));
    await waitFor(() => {
      expect(log.of("generate_outline")).toEqual([{ project: "p" }]);
    });
  });

  it("edits the outline, shows the plan with its cost only once saved, and writes the script", async () => {
    const state: Backend = { ready: true, outline: outline(PLANNED), jobs: [] };
    const log = backend(state);
    renderApp("/new/p/outline");
    const user = userEvent.setup();
    expect(await screen.findByTestId("plan-cost")).toHaveTextContent("$0.012 (9,000 tokens)");
    const titles = await screen.findAllByTestId("outline-title");
    await user.clear(nth(titles, 1));
    expect(screen.getByTestId("save-outline")).toBeDisabled();
    await user.type(nth(titles, 1), "Lenses and lamps");
    await user.click(screen.getByLabelText("Move section 2 up"));
    expect(screen.queryByTestId("plan-preview")).not.toBeInTheDocument();
    await user.click(screen.getByTestId("save-outline"));
    await waitFor(() => {
      expect(log.of("set_outline_sections")).toHaveLength(1);
    });
    const saved = log.of("set_outline_sections")[0] as { sections: SectionOutline[] };
    expect(saved.sections.map((s) => s.title)).toEqual(["Lenses and lamps", "Fire on the hill"]);
    expect(saved.sections[0]?.keyPoints).toEqual([]);
    const preview = await screen.findByTestId("plan-preview");
    expect(within(preview).getByText(/1 × /)).toBeInTheDocument();
    await user.click(screen.getByTestId("write-script"));
    await waitFor(() => {
      expect(log.of("generate")).toEqual([{ project: "p", scope: { stages: ["script"], sections: null, sentences: null } }]);
    });
  });
});

describe("A script dropped on the window", () => {
  it("shows the overlay while held and imports the first file on drop", async () => {
    const log = new CallLog();
    mockIPC((cmd, args) => {
      log.record(cmd, args);
      return cmd === "import_script_file" ? project("dropped", "Dropped") : null;
    });
    let send: (drag: FileDrag) => void = () => undefined;
    const source = (handler: (drag: FileDrag) => void) => {
      send = handler;
      return Promise.resolve(() => undefined);
    };
    render(
      <QueryClientProvider client={makeQueryClient()}>
        <ToastProvider>
          <FileDragContext.Provider value={source}>
            <MemoryRouter initialEntries={["/"]}>
              <Routes>
                <Route path="/" element={<p>dashboard</p>} />
                <Route path="/projects/:id" element={<p>opened</p>} />
              </Routes>
              <ScriptDropZone />
            </MemoryRouter>
          </FileDragContext.Provider>
        </ToastProvider>
      </QueryClientProvider>,
    );
    expect(screen.queryByTestId("drop-overlay")).not.toBeInTheDocument();
    act(() => {
      send({ type: "enter", paths: ["/home/me/film.md"] });
    });
    expect(screen.getByTestId("drop-overlay")).toHaveTextContent("Drop to make a new project");
    act(() => {
      send({ type: "drop", paths: ["/home/me/film.md"] });
    });
    await waitFor(() => {
      expect(screen.getByText("opened")).toBeInTheDocument();
    });
    expect(log.of("import_script_file")).toEqual([{ path: "/home/me/film.md", name: null }]);
    expect(screen.queryByTestId("drop-overlay")).not.toBeInTheDocument();
  });
});

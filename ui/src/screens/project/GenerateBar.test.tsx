import { describe, expect, it } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { mockIPC } from "@tauri-apps/api/mocks";
import type { GenerationModel, PlanPreview, ProjectPatch, ProjectTree, Scope, VisualStyle } from "../../bindings";
import { job, tree } from "../../test/fixtures";
import { CallLog, renderApp } from "../../test/render";

const PLAN: PlanPreview = {
  kinds: [
    { kind: "prompts.image", count: 1, ready: 1, eachMs: 15000, history: false, gpu: false },
    { kind: "audio.sentence", count: 3, ready: 3, eachMs: 3000, history: false, gpu: false },
    { kind: "image", count: 3, ready: 0, eachMs: 20000, history: false, gpu: true },
  ],
  gpuMs: 60000,
  otherMs: 24000,
  llmTokens: 5200,
  llmCostUsd: 0.0021,
  upToDate: false,
};

function model(id: string, name: string, category: "image" | "video"): GenerationModel {
  return {
    id, name, description: null, workflowFile: `${category}/${id}`, workflowCategory: category,
    workflowType: category === "image" ? "text-to-image" : "image-to-video",
    defaultSteps: null, defaultCfg: null, defaultFrames: null, defaultFps: null, isActive: true,
  } as GenerationModel;
}

function style(id: string, name: string): VisualStyle {
  return { id, name, description: null, styleType: "prompt", promptPrefix: "", loraFile: null, loraStrength: 1, compatibleModels: [] } as unknown as VisualStyle;
}

function backend(data: ProjectTree, log = new CallLog(), plan = PLAN) {
  mockIPC((cmd, args) => {
    log.record(cmd, args);
    switch (cmd) {
      case "load_project":
        return data;
      case "job_counts":
        return { queued: 0, running: 0, succeeded: 0, failed: 0, cancelled: 0 };
      case "queue_paused":
        return false;
      case "plan":
        return plan;
      case "generate":
        return { queued: [["prompts.image", 1], ["audio.sentence", 3]], waiting: [["image", 3]], upToDate: false };
      case "retry_failed":
        return [job("f1", "image", "queued"), job("f2", "image", "queued")];
      case "list_models":
        return [model("flux", "Flux 2", "image"), model("wan", "WAN 2.2", "video")];
      case "list_styles":
        return [style("noir", "Film noir")];
      case "update_project": {
        const { patch } = args as { patch: ProjectPatch };
        return { ...data.project, ...patch };
      }
      default:
        return null;
    }
  });
  return log;
}

describe("Project generate bar", () => {
  it("shows the project's status", async () => {
    const data = tree("p", 1, 3);
    data.project.status = "generating";
    backend(data);
    renderApp("/projects/p");
    expect(await screen.findByTestId("project-status")).toHaveTextContent("Generating");
  });

  it("shows the plan before anything runs, then queues it", async () => {
    const log = backend(tree("p", 1, 3));
    renderApp("/projects/p");
    await userEvent.click(await screen.findByTestId("open-generate"));
    const preview = await screen.findByTestId("plan-preview");
    expect(preview).toHaveTextContent("3 × Narration");
    expect(preview).toHaveTextContent("3 × Image (0 ready now)");
    expect(screen.getByTestId("plan-gpu")).toHaveTextContent("1 min");
    expect(screen.getByTestId("plan-cost")).toHaveTextContent("$0.002 (5,200 tokens)");
    expect(log.of("generate")).toEqual([]);
    const everything: Scope = { stages: null, sections: null, sentences: null };
    expect(log.of("plan")).toEqual([{ project: "p", scope: everything }]);

    await userEvent.click(screen.getByTestId("start-generate"));
    expect(log.of("generate")).toEqual([{ project: "p", scope: everything }]);
    expect(await screen.findByRole("status")).toHaveTextContent("4 jobs queued; 3 more follow as the ones before them finish.");
    expect(screen.queryByTestId("generate-panel")).not.toBeInTheDocument();
  });

  it("plans only the ticked stages", async () => {
    const log = backend(tree("p", 1, 3));
    renderApp("/projects/p");
    await userEvent.click(await screen.findByTestId("open-generate"));
    await screen.findByTestId("plan-preview");
    await userEvent.click(screen.getByTestId("stage-images"));
    await userEvent.click(screen.getByTestId("stage-videos"));
    await waitFor(() => {
      expect(log.of("plan").at(-1)).toEqual({ project: "p", scope: { stages: ["script", "prompts", "audio", "align"], sections: null, sentences: null } });
    });
  });

  it("says when nothing would run and offers nothing to start", async () => {
    backend(tree("p", 1, 3), new CallLog(), { ...PLAN, kinds: [], upToDate: true });
    renderApp("/projects/p");
    await userEvent.click(await screen.findByTestId("open-generate"));
    expect(await screen.findByTestId("plan-up-to-date")).toBeInTheDocument();
    expect(screen.getByTestId("start-generate")).toBeDisabled();
  });

  it("retries every failed job of the project", async () => {
    const log = backend(tree("p", 1, 3));
    renderApp("/projects/p");
    await userEvent.click(await screen.findByTestId("retry-failed"));
    expect(log.of("retry_failed")).toEqual([{ project: "p" }]);
    expect(await screen.findByRole("status")).toHaveTextContent("2 failed jobs queued again.");
  });

  it("changes one project setting at a time, and None clears a choice", async () => {
    const data = tree("p", 1, 3);
    data.project.styleId = "noir";
    const log = backend(data);
    renderApp("/projects/p");
    await userEvent.click(await screen.findByTestId("open-project-settings"));
    const panel = await screen.findByTestId("project-settings");
    expect(panel).toHaveTextContent("No web search is done");
    const imageModel = within(panel).getByTestId("pick-image-model");
    await waitFor(() => { expect(within(imageModel).getByRole("option", { name: "Flux 2" })).toBeInTheDocument(); });
    // Only image models are offered for images.
    expect(within(imageModel).queryByRole("option", { name: "WAN 2.2" })).not.toBeInTheDocument();
    await userEvent.selectOptions(imageModel, "flux");
    await waitFor(() => { expect(within(panel).getByTestId("pick-style")).toHaveValue("noir"); });
    await userEvent.selectOptions(within(panel).getByTestId("pick-style"), "");
    await userEvent.selectOptions(within(panel).getByTestId("pick-narration-mode"), "section");
    expect(log.of("update_project")).toEqual([
      { id: "p", patch: { modelId: "flux" } },
      { id: "p", patch: { styleId: null } },
      { id: "p", patch: { narrationMode: "section" } },
    ]);
  });

  it("refuses a spending cap that is not an amount, in words", async () => {
    const log = backend(tree("p", 1, 3));
    renderApp("/projects/p");
    await userEvent.click(await screen.findByTestId("open-project-settings"));
    const cap = await screen.findByTestId("spend-cap");
    await userEvent.type(cap, "-5");
    await userEvent.tab();
    expect(log.of("update_project")).toEqual([]);
    expect(await screen.findByRole("alert")).toHaveTextContent("-5 is not an amount of dollars.");
    await userEvent.clear(cap);
    await userEvent.type(cap, "2.5");
    await userEvent.tab();
    expect(log.of("update_project")).toEqual([{ id: "p", patch: { llmSpendCapUsd: 2.5 } }]);
  });
});

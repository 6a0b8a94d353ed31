import { describe, expect, it } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { mockConvertFileSrc, mockIPC } from "@tauri-apps/api/mocks";
import type { GenerationModel, TestRender, VisualStyle } from "../../bindings";
import { CallLog, renderApp } from "../../test/render";
import { newStyleInput } from "./styleForm";

const INK: VisualStyle = {
  ...newStyleInput(),
  id: "s-ink",
  name: "Ink",
  promptPrefix: "ink drawing",
  colours: { background: "#101820", text: "#fee715", accent: null },
  createdAt: 0,
};

const MODELS: GenerationModel[] = [
  { id: "m-card", name: "Title card", description: null, workflowFile: "", workflowCategory: "image", workflowType: "text-to-image", defaultSteps: null, defaultCfg: null, defaultFrames: null, defaultFps: null, backend: "title-card", frameStep: null, maxFrames: null, isActive: true, createdAt: 0 },
  { id: "m-flux", name: "Flux 2", description: null, workflowFile: "image/flux-2", workflowCategory: "image", workflowType: "text-to-image", defaultSteps: 20, defaultCfg: 3.5, defaultFrames: null, defaultFps: null, backend: "comfyui", frameStep: null, maxFrames: null, isActive: true, createdAt: 0 },
];

function backend(log = new CallLog(), render?: (args: Record<string, unknown>) => TestRender) {
  mockConvertFileSrc("linux");
  mockIPC((cmd, args) => {
    log.record(cmd, args);
    switch (cmd) {
      case "list_styles":
        return [INK];
      case "list_models":
        return MODELS;
      case "create_style":
        return { ...INK, ...(args as { input: object }).input, id: "s-new" };
      case "update_style":
        return { ...INK, ...(args as { input: object }).input };
      case "test_render_style":
        if (render) return render(args as Record<string, unknown>);
        // eslint-disable-next-line @typescript-eslint/only-throw-error -- IPC rejects with the app's {code, message}
        throw { code: "SERVICE_UNAVAILABLE", message: "Nothing answers at http://127.0.0.1:8188: start ComfyUI." };
      case "job_counts":
        return { queued: 0, running: 0, succeeded: 0, failed: 0, cancelled: 0 };
      default:
        return null;
    }
  });
  return log;
}

describe("Style builder", () => {
  it("refuses a new style without a name and saves it once named", async () => {
    const log = backend();
    renderApp("/styles");
    await userEvent.click(await screen.findByTestId("new-row"));
    await userEvent.click(screen.getByTestId("style-save"));
    expect(await screen.findByText("Give the style a name.")).toBeInTheDocument();
    expect(log.of("create_style")).toEqual([]);
    await userEvent.type(screen.getByTestId("style-name"), "Chalk");
    await userEvent.type(screen.getByTestId("style-prefix"), "chalk on a blackboard");
    await userEvent.click(screen.getByTestId("style-save"));
    await waitFor(() => { expect(log.of("create_style")).toHaveLength(1); });
    const input = log.of("create_style")[0]?.input as VisualStyle;
    expect(input.name).toBe("Chalk");
    expect(input.promptPrefix).toBe("chalk on a blackboard");
    expect(input.negativePrompt).toBeNull();
  });

  it("test-renders a style with the chosen model and shows the picture", async () => {
    const log = backend(new CallLog(), (args) => ({
      path: "/data/cache/test-renders/s-ink-m-card-1.png",
      modelId: (args.request as { modelId: string }).modelId,
      backend: "title-card",
      prompt: "A lighthouse",
      elapsedMs: 420,
    }));
    renderApp("/styles");
    await userEvent.click(await screen.findByTestId("style-item"));
    const panel = await screen.findByTestId("test-render");
    // ComfyUI models are offered first; the offline card is there too.
    const select = within(panel).getByLabelText("Model for the test");
    expect(within(select).getAllByRole("option").map((o) => o.textContent)).toEqual(["Flux 2 · ComfyUI workflow", "Title card · Title card (offline)"]);
    await userEvent.selectOptions(select, "m-card");
    await userEvent.click(within(panel).getByTestId("test-render-run"));
    const img = await within(panel).findByTestId("test-render-image");
    expect(img.getAttribute("src")).toContain("s-ink-m-card-1.png");
    expect(log.of("test_render_style")).toEqual([{ request: { styleId: "s-ink", modelId: "m-card", subject: null } }]);
    expect(panel).toHaveTextContent("0.4 s · A lighthouse");
  });

  it("says in words why a test render failed", async () => {
    backend();
    renderApp("/styles");
    await userEvent.click(await screen.findByTestId("style-item"));
    await userEvent.click(await screen.findByTestId("test-render-run"));
    expect(await screen.findByRole("alert")).toHaveTextContent("start ComfyUI");
  });

  it("asks before deleting a model", async () => {
    const log = backend();
    renderApp("/styles");
    await userEvent.click(await screen.findByRole("tab", { name: /Models/ }));
    await userEvent.click((await screen.findAllByTestId("model-item"))[1] as HTMLElement);
    expect(screen.getByTestId("model-template")).toHaveValue("image/flux-2");
    await userEvent.click(screen.getByTestId("model-delete"));
    expect(log.of("delete_model")).toEqual([]);
    await userEvent.click(screen.getByTestId("model-delete-confirm"));
    await waitFor(() => { expect(log.of("delete_model")).toEqual([{ id: "m-flux" }]); });
  });
});

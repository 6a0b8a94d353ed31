import { describe, expect, it } from "vitest";
import type { GenerationModel, VisualStyle } from "../../bindings";
import { isHexColour, modelProblems, modelsForTest, modelToInput, newModelInput, newStyleInput, numberOrNull, styleProblems, tidyStyleInput } from "./styleForm";

function model(id: string, over: Partial<GenerationModel> = {}): GenerationModel {
  return {
    id,
    name: id,
    description: null,
    workflowFile: `image/${id}`,
    workflowCategory: "image",
    workflowType: "text-to-image",
    defaultSteps: 20,
    defaultCfg: 3.5,
    defaultFrames: null,
    defaultFps: null,
    backend: "comfyui",
    frameStep: null,
    maxFrames: null,
    isActive: true,
    createdAt: 0,
    ...over,
  };
}

function style(over: Partial<VisualStyle> = {}): VisualStyle {
  return { id: "s1", createdAt: 0, ...newStyleInput(), name: "Ink", ...over };
}

describe("style form rules", () => {
  it("accepts #rgb and #rrggbb colours only", () => {
    expect(isHexColour("#fff")).toBe(true);
    expect(isHexColour(" #10AbEf ")).toBe(true);
    expect(isHexColour("fff")).toBe(false);
    expect(isHexColour("#ffff")).toBe(false);
    expect(isHexColour("red")).toBe(false);
  });

  it("names each problem: no name, a LoRA style without its file, a bad colour", () => {
    const input = { ...newStyleInput(), styleType: "lora" as const, colours: { background: "navy", text: null, accent: "#123" } };
    const problems = styleProblems(input);
    expect(problems.name).toMatch(/name/);
    expect(problems.lora).toMatch(/LoRA/);
    expect(problems.colours).toContain('"navy"');
    expect(styleProblems({ ...input, name: "Ink", loraFile: "ink.safetensors", colours: { background: "#000", text: null, accent: null } })).toEqual({});
  });

  it("stores blank text as unset", () => {
    const tidy = tidyStyleInput({ ...newStyleInput(), name: " Ink ", promptPrefix: "  ", colours: { background: "", text: " #fff ", accent: null } });
    expect(tidy.name).toBe("Ink");
    expect(tidy.promptPrefix).toBeNull();
    expect(tidy.colours).toEqual({ background: null, text: "#fff", accent: null });
  });

  it("offers active image models the style suits for a test, ComfyUI before offline", () => {
    const models = [
      model("card", { backend: "title-card" }),
      model("flux"),
      model("wan", { workflowCategory: "video" }),
      model("old", { isActive: false }),
      model("qwen"),
    ];
    expect(modelsForTest(models, style()).map((m) => m.id)).toEqual(["flux", "qwen", "card"]);
    expect(modelsForTest(models, style({ compatibleModels: ["qwen", "wan"] })).map((m) => m.id)).toEqual(["qwen"]);
  });
});

describe("model form rules", () => {
  it("keeps the offline engines to their kind and checks the template name", () => {
    expect(modelProblems({ ...newModelInput(), name: "Cards", backend: "title-card", workflowCategory: "video" })).toEqual([
      "Title card (offline) makes pictures: set its kind to image.",
    ]);
    expect(modelProblems({ ...newModelInput(), name: "Flux", workflowFile: "flux.json" })[0]).toMatch(/image\/flux-2/);
    expect(modelProblems({ ...newModelInput(), name: "Flux", workflowFile: "image/flux-2" })).toEqual([]);
  });

  it("refuses counts that are not whole numbers of at least one", () => {
    const problems = modelProblems({ ...newModelInput(), name: "W", workflowFile: "video/wan", workflowCategory: "video", defaultFrames: 0, frameStep: 2.5, defaultCfg: -1 });
    expect(problems).toEqual(["Frames is a whole number of at least 1.", "Frame step is a whole number of at least 1.", "CFG is a number of 0 or more."]);
  });

  it("edits a model without its id and time, defaulting old rows to ComfyUI", () => {
    const old: GenerationModel = model("x");
    delete old.backend;
    const input = modelToInput(old);
    expect(input).not.toHaveProperty("id");
    expect(input.backend).toBe("comfyui");
    expect(numberOrNull("")).toBeNull();
    expect(numberOrNull("12")).toBe(12);
    expect(numberOrNull("x")).toBeNaN();
  });
});

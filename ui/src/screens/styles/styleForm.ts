import type {
  StyleColours,
  GenerationModel,
  GenerationModelInput,
  ModelBackend,
  VisualStyle,
  VisualStyleInput,
  WorkflowCategory,
} from "../../bindings";

/** A style as its form edits it: every field present. */
export type StyleDraft = VisualStyleInput & { negativePrompt: string | null; colours: StyleColours };

/** No colours set: the title card's defaults. */
export const NO_COLOURS: StyleColours = { background: null, text: null, accent: null };

/** A style as its form edits it. */
export function styleToInput(style: VisualStyle): StyleDraft {
  return {
    name: style.name,
    description: style.description,
    styleType: style.styleType,
    promptPrefix: style.promptPrefix,
    negativePrompt: style.negativePrompt ?? null,
    colours: { ...NO_COLOURS, ...style.colours },
    loraFile: style.loraFile,
    loraStrength: style.loraStrength,
    compatibleModels: [...style.compatibleModels],
    requiresCharacterRef: style.requiresCharacterRef,
    isActive: style.isActive,
  };
}

/** A new style's starting values. */
export function newStyleInput(): StyleDraft {
  return {
    name: "",
    description: null,
    styleType: "prompt",
    promptPrefix: "",
    negativePrompt: null,
    colours: { background: null, text: null, accent: null },
    loraFile: null,
    loraStrength: 1,
    compatibleModels: [],
    requiresCharacterRef: false,
    isActive: true,
  };
}

/** Whether `text` is a colour the title cards accept: `#rgb` or `#rrggbb`. */
export function isHexColour(text: string): boolean {
  return /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(text.trim());
}

/** Empty text fields become null, so the database stores "unset" rather than "". */
export function tidyStyleInput(input: StyleDraft): StyleDraft {
  const blank = (v: string | null) => (v === null || v.trim() === "" ? null : v.trim());
  return {
    ...input,
    name: input.name.trim(),
    description: blank(input.description),
    promptPrefix: blank(input.promptPrefix),
    negativePrompt: blank(input.negativePrompt),
    loraFile: blank(input.loraFile),
    colours: {
      background: blank(input.colours.background),
      text: blank(input.colours.text),
      accent: blank(input.colours.accent),
    },
  };
}

/** What is wrong with a style before it is saved, field by field, in words. */
export function styleProblems(input: StyleDraft): Partial<Record<"name" | "lora" | "strength" | "colours", string>> {
  const problems: Partial<Record<"name" | "lora" | "strength" | "colours", string>> = {};
  if (input.name.trim() === "") problems.name = "Give the style a name.";
  if (input.styleType === "lora" && (input.loraFile ?? "").trim() === "") {
    problems.lora = "A LoRA style needs the LoRA's file name, as ComfyUI lists it.";
  }
  if (!Number.isFinite(input.loraStrength) || input.loraStrength < -5 || input.loraStrength > 5) {
    problems.strength = "LoRA strength is a number from -5 to 5 (1 is usual).";
  }
  const bad = Object.entries(input.colours).find(([, v]) => v !== null && v.trim() !== "" && !isHexColour(v));
  if (bad) problems.colours = `The ${bad[0]} colour "${bad[1] ?? ""}" is not #rgb or #rrggbb.`;
  return problems;
}

/** Image models a test render of `style` may use: active, suited to it; offline ones last. */
export function modelsForTest(models: readonly GenerationModel[], style: { compatibleModels: readonly string[] }): GenerationModel[] {
  return models
    .filter((m) => m.workflowCategory === "image" && m.isActive)
    .filter((m) => style.compatibleModels.length === 0 || style.compatibleModels.includes(m.id))
    .sort((a, b) => Number(backendOf(a) !== "comfyui") - Number(backendOf(b) !== "comfyui"));
}

/** A model as its form edits it. */
export function modelToInput(model: GenerationModel): GenerationModelInput {
  return {
    name: model.name,
    description: model.description,
    workflowFile: model.workflowFile,
    workflowCategory: model.workflowCategory,
    workflowType: model.workflowType,
    defaultSteps: model.defaultSteps,
    defaultCfg: model.defaultCfg,
    defaultFrames: model.defaultFrames,
    defaultFps: model.defaultFps,
    backend: backendOf(model),
    frameStep: model.frameStep ?? null,
    maxFrames: model.maxFrames ?? null,
    isActive: model.isActive,
  };
}

/** A model's engine (rows from before the offline engines have none: ComfyUI). */
export function backendOf(model: { backend?: ModelBackend }): ModelBackend {
  return model.backend ?? "comfyui";
}

/** A new model's starting values. */
export function newModelInput(): GenerationModelInput {
  return {
    name: "",
    description: null,
    workflowFile: "image/",
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
  };
}

/** What each backend makes: the offline ones are fixed to one category. */
export const BACKEND_CATEGORY: Record<ModelBackend, WorkflowCategory | null> = {
  comfyui: null,
  "title-card": "image",
  "ken-burns": "video",
};

/** Human names of the backends. */
export const BACKEND_LABEL: Record<ModelBackend, string> = {
  comfyui: "ComfyUI workflow",
  "title-card": "Title card (offline)",
  "ken-burns": "Ken Burns (offline)",
};

/** What is wrong with a model before it is saved, in words. */
export function modelProblems(input: GenerationModelInput): string[] {
  const problems: string[] = [];
  if (input.name.trim() === "") problems.push("Give the model a name.");
  const backend = backendOf(input);
  const fixed = BACKEND_CATEGORY[backend];
  if (fixed !== null && fixed !== input.workflowCategory) {
    problems.push(`${BACKEND_LABEL[backend]} makes ${fixed === "image" ? "pictures" : "clips"}: set its kind to ${fixed}.`);
  }
  if (backend === "comfyui") {
    const file = input.workflowFile.trim();
    if (!/^[a-z0-9_-]+\/[a-z0-9_.-]+$/i.test(file)) {
      problems.push('The template is a name like "image/flux-2": a folder and a file name without .json.');
    }
  }
  const positive: [string, number | null][] = [
    ["Steps", input.defaultSteps],
    ["Frames", input.defaultFrames],
    ["Frame rate", input.defaultFps],
    ["Frame step", input.frameStep ?? null],
    ["Most frames", input.maxFrames ?? null],
  ];
  for (const [label, value] of positive) {
    if (value !== null && (!Number.isInteger(value) || value < 1)) problems.push(`${label} is a whole number of at least 1.`);
  }
  if (input.defaultCfg !== null && (!Number.isFinite(input.defaultCfg) || input.defaultCfg < 0)) {
    problems.push("CFG is a number of 0 or more.");
  }
  return problems;
}

/** A number field's text as a value: empty is "unset". */
export function numberOrNull(text: string): number | null {
  if (text.trim() === "") return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : Number.NaN;
}

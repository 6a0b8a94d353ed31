import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { convertFileSrc } from "@tauri-apps/api/core";
import { commands, type GenerationModel, type TestRender, type VisualStyle } from "../../bindings";
import { Button } from "../../components/Button";
import { toAppError } from "../../ipc/errors";
import { BACKEND_LABEL, backendOf, modelsForTest } from "./styleForm";
import { INPUT } from "./fields";

/** One picture of the saved style, made the way a scene's image would be. */
export function TestRenderPanel({ style, models }: { style: VisualStyle; models: readonly GenerationModel[] }) {
  const choices = modelsForTest(models, style);
  const [modelId, setModelId] = useState<string>("");
  const [subject, setSubject] = useState("");
  const chosen = choices.find((m) => m.id === modelId) ?? choices.at(0);
  const render = useMutation({
    mutationFn: (): Promise<TestRender> =>
      commands.testRenderStyle({ styleId: style.id, modelId: chosen?.id ?? null, subject: subject.trim() === "" ? null : subject }),
  });
  const result = render.data?.path ? render.data : null;
  return (
    <section className="rounded-xl border border-ink-700 bg-ink-900 p-4" data-testid="test-render">
      <h2 className="text-sm font-semibold text-slate-200">Test render</h2>
      <p className="mt-1 text-xs text-slate-500">
        One picture with this style's prefix, negative prompt, LoRA and colours (as saved). A ComfyUI model renders on your ComfyUI servers; a title card is made here, offline.
      </p>
      {choices.length === 0 ? (
        <p className="mt-3 text-sm text-amber-300">No active image model suits this style: activate one under Models, or clear the style's model list.</p>
      ) : (
        <div className="mt-3 flex flex-col gap-2">
          <div className="flex gap-2">
            <select
              aria-label="Model for the test"
              className={`${INPUT} max-w-64`}
              value={chosen?.id ?? ""}
              onChange={(e) => { setModelId(e.target.value); }}
            >
              {choices.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name} · {BACKEND_LABEL[backendOf(m)]}
                </option>
              ))}
            </select>
            <input
              className={INPUT}
              value={subject}
              placeholder="What the picture shows (default: a lighthouse at dusk)"
              aria-label="Subject of the test"
              onChange={(e) => { setSubject(e.target.value); }}
            />
            <Button variant="primary" disabled={render.isPending} onClick={() => { render.mutate(); }} data-testid="test-render-run">
              {render.isPending ? "Rendering…" : "Render"}
            </Button>
          </div>
          {render.isPending && chosen && backendOf(chosen) === "comfyui" && (
            <p className="text-xs text-slate-400">Waiting for ComfyUI; a first render may load the model for a minute or more.</p>
          )}
          {render.error && (
            <p className="text-sm text-rose-300" role="alert">
              {toAppError(render.error).message}
            </p>
          )}
          {result && (
            <figure className="mt-1">
              <img
                src={convertFileSrc(result.path)}
                alt={`Test render of ${style.name}`}
                className="max-h-80 w-full rounded-lg bg-ink-950 object-contain"
                data-testid="test-render-image"
              />
              <figcaption className="mt-1 text-xs text-slate-500">
                {(result.elapsedMs / 1000).toFixed(1)} s · {result.prompt}
              </figcaption>
            </figure>
          )}
        </div>
      )}
    </section>
  );
}

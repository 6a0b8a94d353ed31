import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { commands, type GenerationModel, type GenerationModelInput, type ModelBackend, type WorkflowType } from "../../bindings";
import { Button } from "../../components/Button";
import { ConfirmButton } from "../../components/ConfirmButton";
import { useToast } from "../../components/Toasts";
import { keys } from "../../state/queryKeys";
import { Field, INPUT } from "./fields";
import { BACKEND_CATEGORY, BACKEND_LABEL, backendOf, modelProblems, modelToInput, newModelInput, numberOrNull } from "./styleForm";

const BACKENDS: ModelBackend[] = ["comfyui", "title-card", "ken-burns"];
const TYPES: { value: WorkflowType; label: string }[] = [
  { value: "text-to-image", label: "Text to image" },
  { value: "image-to-image", label: "Image to image" },
  { value: "image-to-video", label: "Image to video" },
];

function NumberField({ label, value, onChange, step = "1" }: { label: string; value: number | null; onChange: (v: number | null) => void; step?: string }) {
  return (
    <Field label={label}>
      <input
        className={INPUT}
        type="number"
        step={step}
        value={value === null || Number.isNaN(value) ? "" : value}
        onChange={(e) => { onChange(numberOrNull(e.target.value)); }}
      />
    </Field>
  );
}

/** Creates or edits one generation model. `model` null: a new one. */
export function ModelForm({ model, onSaved, onDeleted }: { model: GenerationModel | null; onSaved: (m: GenerationModel) => void; onDeleted: () => void }) {
  const client = useQueryClient();
  const toast = useToast();
  const [draft, setDraft] = useState<GenerationModelInput>(() => (model ? modelToInput(model) : newModelInput()));
  const [tried, setTried] = useState(false);
  const problems = modelProblems(draft);
  const set = (patch: Partial<GenerationModelInput>) => { setDraft((d) => ({ ...d, ...patch })); };
  const backend = backendOf(draft);
  const save = useMutation({
    mutationFn: (input: GenerationModelInput) => (model ? commands.updateModel(model.id, input) : commands.createModel(input)),
    onSuccess: async (saved) => {
      await client.invalidateQueries({ queryKey: keys.models });
      onSaved(saved);
    },
    onError: (e) => { toast.error(e, "The model was not saved"); },
  });
  const remove = useMutation({
    mutationFn: (id: string) => commands.deleteModel(id),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: keys.models });
      onDeleted();
    },
    onError: (e) => { toast.error(e, "The model was not deleted"); },
  });
  const video = draft.workflowCategory === "video";
  return (
    <form
      className="flex flex-col gap-1"
      data-testid="model-form"
      onSubmit={(e) => {
        e.preventDefault();
        setTried(true);
        if (problems.length === 0) save.mutate({ ...draft, name: draft.name.trim(), workflowFile: draft.workflowFile.trim() });
      }}
    >
      <div className="grid grid-cols-2 gap-x-4">
        <Field label="Name">
          <input className={INPUT} value={draft.name} data-testid="model-name" onChange={(e) => { set({ name: e.target.value }); }} />
        </Field>
        <Field label="Engine">
          <select
            className={INPUT}
            value={backend}
            data-testid="model-backend"
            onChange={(e) => {
              const next = e.target.value as ModelBackend;
              const category = BACKEND_CATEGORY[next] ?? draft.workflowCategory;
              set({ backend: next, workflowCategory: category, workflowType: category === "video" ? "image-to-video" : "text-to-image" });
            }}
          >
            {BACKENDS.map((b) => (
              <option key={b} value={b}>
                {BACKEND_LABEL[b]}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <Field label="Description">
        <input className={INPUT} value={draft.description ?? ""} onChange={(e) => { set({ description: e.target.value === "" ? null : e.target.value }); }} />
      </Field>
      {backend === "comfyui" && (
        <div className="grid grid-cols-[1fr_10rem_12rem] gap-x-4">
          <Field label="Workflow template" hint="Your workflows/ folder first, then the built-ins.">
            <input className={`${INPUT} font-mono`} value={draft.workflowFile} data-testid="model-template" onChange={(e) => { set({ workflowFile: e.target.value }); }} />
          </Field>
          <Field label="Makes">
            <select
              className={INPUT}
              value={draft.workflowCategory}
              onChange={(e) => {
                const category = e.target.value === "video" ? "video" : "image";
                set({ workflowCategory: category, workflowType: category === "video" ? "image-to-video" : "text-to-image" });
              }}
            >
              <option value="image">Pictures</option>
              <option value="video">Clips</option>
            </select>
          </Field>
          <Field label="Takes">
            <select className={INPUT} value={draft.workflowType} onChange={(e) => { set({ workflowType: e.target.value as WorkflowType }); }}>
              {TYPES.map((t) => (
                <option key={t.value} value={t.value}>
                  {t.label}
                </option>
              ))}
            </select>
          </Field>
        </div>
      )}
      {backend === "comfyui" && (
        <div className="grid grid-cols-3 gap-x-4">
          <NumberField label="Steps" value={draft.defaultSteps} onChange={(v) => { set({ defaultSteps: v }); }} />
          <NumberField label="CFG" step="0.1" value={draft.defaultCfg} onChange={(v) => { set({ defaultCfg: v }); }} />
          {video && <NumberField label="Frames" value={draft.defaultFrames} onChange={(v) => { set({ defaultFrames: v }); }} />}
          {video && <NumberField label="Frame rate" value={draft.defaultFps} onChange={(v) => { set({ defaultFps: v }); }} />}
          {video && <NumberField label="Frame step (WAN 4, LTX 8)" value={draft.frameStep ?? null} onChange={(v) => { set({ frameStep: v }); }} />}
          {video && <NumberField label="Most frames per clip" value={draft.maxFrames ?? null} onChange={(v) => { set({ maxFrames: v }); }} />}
        </div>
      )}
      <label className="flex items-center gap-2 py-1.5 text-sm text-slate-300">
        <input type="checkbox" checked={draft.isActive} onChange={(e) => { set({ isActive: e.target.checked }); }} />
        Offered to projects
      </label>
      {tried && problems.length > 0 && (
        <ul className="text-xs text-rose-300" role="alert">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      <div className="mt-2 flex items-center gap-2">
        <Button type="submit" variant="primary" disabled={save.isPending} data-testid="model-save">
          {model ? "Save model" : "Create model"}
        </Button>
        {model && (
          <ConfirmButton
            variant="ghost"
            question={`Delete ${model.name}? Projects using it need another model.`}
            confirmLabel="Delete"
            testId="model-delete"
            onConfirm={() => { remove.mutate(model.id); }}
          >
            Delete
          </ConfirmButton>
        )}
      </div>
    </form>
  );
}

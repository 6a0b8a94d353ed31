import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { commands, type GenerationModel, type VisualStyle, type VisualStyleInput } from "../../bindings";
import { Button } from "../../components/Button";
import { ConfirmButton } from "../../components/ConfirmButton";
import { useToast } from "../../components/Toasts";
import { keys } from "../../state/queryKeys";
import { Field, INPUT } from "./fields";
import { isHexColour, newStyleInput, styleProblems, styleToInput, tidyStyleInput, type StyleDraft } from "./styleForm";

const COLOURS = [
  ["background", "Background"],
  ["text", "Text"],
  ["accent", "Accent"],
] as const;

/** Creates or edits one visual style. `style` null: a new one. */
export function StyleForm({
  style,
  models,
  onSaved,
  onDeleted,
}: {
  style: VisualStyle | null;
  models: readonly GenerationModel[];
  onSaved: (style: VisualStyle) => void;
  onDeleted: () => void;
}) {
  const client = useQueryClient();
  const toast = useToast();
  const [draft, setDraft] = useState<StyleDraft>(() => (style ? styleToInput(style) : newStyleInput()));
  const [tried, setTried] = useState(false);
  const problems = styleProblems(draft);
  const set = (patch: Partial<StyleDraft>) => { setDraft((d) => ({ ...d, ...patch })); };
  const save = useMutation({
    mutationFn: (input: VisualStyleInput) => (style ? commands.updateStyle(style.id, input) : commands.createStyle(input)),
    onSuccess: async (saved) => {
      await client.invalidateQueries({ queryKey: keys.styles });
      onSaved(saved);
    },
    onError: (e) => { toast.error(e, "The style was not saved"); },
  });
  const remove = useMutation({
    mutationFn: (id: string) => commands.deleteStyle(id),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: keys.styles });
      onDeleted();
    },
    onError: (e) => { toast.error(e, "The style was not deleted"); },
  });
  const submit = () => {
    setTried(true);
    if (Object.keys(problems).length === 0) save.mutate(tidyStyleInput(draft));
  };
  const shown = (k: keyof typeof problems) => (tried ? problems[k] : undefined);
  const imageModels = models.filter((m) => m.workflowCategory === "image");
  return (
    <form
      className="flex flex-col gap-1"
      data-testid="style-form"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <div className="grid grid-cols-2 gap-x-4">
        <Field label="Name" problem={shown("name")}>
          <input className={INPUT} value={draft.name} data-testid="style-name" onChange={(e) => { set({ name: e.target.value }); }} />
        </Field>
        <Field label="Kind">
          <select className={INPUT} value={draft.styleType} onChange={(e) => { set({ styleType: e.target.value === "lora" ? "lora" : "prompt" }); }}>
            <option value="prompt">Prompt prefix</option>
            <option value="lora">LoRA (and prefix)</option>
          </select>
        </Field>
      </div>
      <Field label="Description">
        <input className={INPUT} value={draft.description ?? ""} onChange={(e) => { set({ description: e.target.value }); }} />
      </Field>
      <Field label="Prompt prefix" hint="Put before every image prompt.">
        <textarea className={`${INPUT} h-16 resize-y`} value={draft.promptPrefix ?? ""} data-testid="style-prefix" onChange={(e) => { set({ promptPrefix: e.target.value }); }} />
      </Field>
      <Field label="Negative prompt" hint="What the pictures should not show.">
        <textarea className={`${INPUT} h-12 resize-y`} value={draft.negativePrompt ?? ""} onChange={(e) => { set({ negativePrompt: e.target.value }); }} />
      </Field>
      <div className="grid grid-cols-[1fr_8rem] gap-x-4">
        <Field label="LoRA file" problem={shown("lora")} hint="As ComfyUI lists it, e.g. ink_style.safetensors.">
          <input className={INPUT} value={draft.loraFile ?? ""} onChange={(e) => { set({ loraFile: e.target.value }); }} />
        </Field>
        <Field label="LoRA strength" problem={shown("strength")}>
          <input
            className={INPUT}
            type="number"
            step="0.05"
            value={Number.isNaN(draft.loraStrength) ? "" : draft.loraStrength}
            onChange={(e) => { set({ loraStrength: e.target.value === "" ? Number.NaN : Number(e.target.value) }); }}
          />
        </Field>
      </div>
      <div className="py-1.5">
        <span className="text-xs font-medium text-slate-300">Colours (title cards)</span>
        <div className="mt-1 grid grid-cols-3 gap-3">
          {COLOURS.map(([key, label]) => {
            const value = draft.colours[key] ?? "";
            return (
              <label key={key} className="flex items-center gap-2 text-xs text-slate-400">
                <input
                  type="color"
                  aria-label={`${label} colour picker`}
                  className="h-7 w-8 cursor-pointer rounded border border-ink-600 bg-transparent"
                  value={isHexColour(value) && value.length === 7 ? value : "#000000"}
                  onChange={(e) => { set({ colours: { ...draft.colours, [key]: e.target.value } }); }}
                />
                <input
                  className={`${INPUT} font-mono`}
                  aria-label={`${label} colour`}
                  placeholder={label}
                  value={value}
                  onChange={(e) => { set({ colours: { ...draft.colours, [key]: e.target.value } }); }}
                />
              </label>
            );
          })}
        </div>
        {shown("colours") && <p className="mt-1 text-xs text-rose-300">{shown("colours")}</p>}
      </div>
      {imageModels.length > 0 && (
        <fieldset className="py-1.5">
          <legend className="text-xs font-medium text-slate-300">Suits these models (none ticked: all)</legend>
          <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
            {imageModels.map((m) => (
              <label key={m.id} className="flex items-center gap-1.5 text-sm text-slate-300">
                <input
                  type="checkbox"
                  checked={draft.compatibleModels.includes(m.id)}
                  onChange={(e) => {
                    set({
                      compatibleModels: e.target.checked
                        ? [...draft.compatibleModels, m.id]
                        : draft.compatibleModels.filter((id) => id !== m.id),
                    });
                  }}
                />
                {m.name}
              </label>
            ))}
          </div>
        </fieldset>
      )}
      <label className="flex items-center gap-2 py-1.5 text-sm text-slate-300">
        <input type="checkbox" checked={draft.isActive} onChange={(e) => { set({ isActive: e.target.checked }); }} />
        Offered to projects
      </label>
      <div className="mt-2 flex items-center gap-2">
        <Button type="submit" variant="primary" disabled={save.isPending} data-testid="style-save">
          {style ? "Save style" : "Create style"}
        </Button>
        {style && (
          <ConfirmButton
            variant="ghost"
            question={`Delete ${style.name}? Projects using it keep their pictures.`}
            confirmLabel="Delete"
            testId="style-delete"
            onConfirm={() => { remove.mutate(style.id); }}
          >
            Delete
          </ConfirmButton>
        )}
      </div>
    </form>
  );
}

import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { commands, type GenerationModel, type VisualStyle } from "../../bindings";
import { Button } from "../../components/Button";
import { Icon } from "../../components/Icon";
import { keys } from "../../state/queryKeys";
import { ListItem, ScreenHeader } from "./fields";
import { ModelForm } from "./ModelForm";
import { StyleForm } from "./StyleForm";
import { BACKEND_LABEL, backendOf, NO_COLOURS } from "./styleForm";
import { TestRenderPanel } from "./TestRenderPanel";

type Tab = "styles" | "models";
/** What the right-hand side edits: an existing row, a new one, or nothing. */
type Selection = { id: string } | "new" | null;

function Swatches({ style }: { style: VisualStyle }) {
  const c = style.colours ?? NO_COLOURS;
  const colours = [c.background, c.text, c.accent].filter((c): c is string => c !== null);
  if (colours.length === 0) return null;
  return (
    <span className="flex gap-1" aria-hidden>
      {colours.map((c) => (
        <span key={c} className="size-3 rounded-full ring-1 ring-ink-600" style={{ background: c }} />
      ))}
    </span>
  );
}

function StyleCard({ style }: { style: VisualStyle }) {
  return (
    <>
      <span className="flex items-center gap-2">
        <span className="flex-1 truncate text-sm font-medium text-slate-100">{style.name}</span>
        <Swatches style={style} />
        {!style.isActive && <span className="text-[11px] text-slate-500">hidden</span>}
      </span>
      <span className="mt-0.5 block truncate text-xs text-slate-500">
        {style.styleType === "lora" ? `LoRA ${style.loraFile ?? "?"} · ` : ""}
        {style.promptPrefix ?? style.description ?? "No prefix"}
      </span>
    </>
  );
}

function ModelCard({ model }: { model: GenerationModel }) {
  return (
    <>
      <span className="flex items-center gap-2">
        <span className="flex-1 truncate text-sm font-medium text-slate-100">{model.name}</span>
        <span className="rounded bg-ink-800 px-1.5 py-0.5 text-[11px] text-slate-400">{model.workflowCategory === "image" ? "pictures" : "clips"}</span>
        {!model.isActive && <span className="text-[11px] text-slate-500">hidden</span>}
      </span>
      <span className="mt-0.5 block truncate font-mono text-xs text-slate-500">
        {backendOf(model) === "comfyui" ? model.workflowFile : BACKEND_LABEL[backendOf(model)]}
      </span>
    </>
  );
}

/** Visual styles and generation models, with a test render of a style. */
export function StyleBuilderScreen() {
  const [tab, setTab] = useState<Tab>("styles");
  const [selected, setSelected] = useState<Selection>(null);
  const styles = useQuery({ queryKey: keys.styles, queryFn: () => commands.listStyles() });
  const models = useQuery({ queryKey: keys.models, queryFn: () => commands.listModels() });
  const allModels = models.data ?? [];
  const pick = (next: Tab) => {
    setTab(next);
    setSelected(null);
  };
  const selectedId = selected !== null && selected !== "new" ? selected.id : null;
  const style = tab === "styles" && selectedId ? (styles.data?.find((s) => s.id === selectedId) ?? null) : null;
  const model = tab === "models" && selectedId ? (allModels.find((m) => m.id === selectedId) ?? null) : null;
  const error = styles.error ?? models.error;
  return (
    <div className="flex h-full flex-col">
      <ScreenHeader title="Style builder" summary="How pictures and clips look: visual styles (prefix, negative prompt, LoRA, colours) and the models that render them.">
        <Button variant="primary" onClick={() => { setSelected("new"); }} data-testid="new-row">
          <Icon name="plus" />
          {tab === "styles" ? "New style" : "New model"}
        </Button>
      </ScreenHeader>
      <div className="flex gap-1 border-b border-ink-800 px-8" role="tablist">
        {(["styles", "models"] as const).map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            aria-selected={tab === t}
            onClick={() => { pick(t); }}
            className={`-mb-px border-b-2 px-3 py-2 text-sm ${tab === t ? "border-accent-400 text-white" : "border-transparent text-slate-400 hover:text-slate-200"}`}
          >
            {t === "styles" ? `Visual styles (${styles.data?.length ?? "…"})` : `Models (${models.data?.length ?? "…"})`}
          </button>
        ))}
      </div>
      {error && <p className="px-8 pt-4 text-sm text-rose-300">The catalog could not be read: {(error as { message?: string }).message}</p>}
      <div className="grid min-h-0 flex-1 grid-cols-[20rem_1fr]">
        <ul className="flex flex-col gap-1.5 overflow-y-auto border-r border-ink-800 p-4" aria-label={tab === "styles" ? "Visual styles" : "Models"}>
          {tab === "styles"
            ? styles.data?.map((s) => (
                <ListItem key={s.id} selected={selectedId === s.id} onSelect={() => { setSelected({ id: s.id }); }} testId="style-item">
                  <StyleCard style={s} />
                </ListItem>
              ))
            : allModels.map((m) => (
                <ListItem key={m.id} selected={selectedId === m.id} onSelect={() => { setSelected({ id: m.id }); }} testId="model-item">
                  <ModelCard model={m} />
                </ListItem>
              ))}
        </ul>
        <div className="overflow-y-auto p-6">
          {selected === null && (
            <p className="text-sm text-slate-500">
              {tab === "styles" ? "Choose a style to edit it and try it with a test render, or make a new one." : "Choose a model to edit its template and defaults, or add one."}
            </p>
          )}
          {tab === "styles" && (selected === "new" || style) && (
            <div className="flex max-w-3xl flex-col gap-6">
              <StyleForm
                key={style?.id ?? "new"}
                style={style}
                models={allModels}
                onSaved={(s) => { setSelected({ id: s.id }); }}
                onDeleted={() => { setSelected(null); }}
              />
              {style && <TestRenderPanel key={`test-render-${style.id}`} style={style} models={allModels} />}
            </div>
          )}
          {tab === "models" && (selected === "new" || model) && (
            <div className="max-w-3xl">
              <ModelForm key={model?.id ?? "new"} model={model} onSaved={(m) => { setSelected({ id: m.id }); }} onDeleted={() => { setSelected(null); }} />
            </div>
          )}
        </div>
      </div>
    </div>
  );
}

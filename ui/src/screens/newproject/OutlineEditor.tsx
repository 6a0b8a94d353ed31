import type { SectionOutline } from "../../bindings";
import { Button } from "../../components/Button";
import { fieldClass } from "./fields";

/** The outline's sections, editable: title, minutes, summary, key points (one a line); move, remove, add. */
export function OutlineEditor({ sections, onChange, disabled }: { sections: SectionOutline[]; onChange: (next: SectionOutline[]) => void; disabled: boolean }) {
  const set = (index: number, patch: Partial<SectionOutline>) => {
    onChange(sections.map((s, i) => (i === index ? { ...s, ...patch } : s)));
  };
  const move = (index: number, by: -1 | 1) => {
    const next = sections.slice();
    const [item] = next.splice(index, 1);
    if (!item) return;
    next.splice(index + by, 0, item);
    onChange(next);
  };
  return (
    <ol className="flex flex-col gap-3" data-testid="outline-sections">
      {sections.map((section, index) => (
        <li key={index} className="rounded-lg border border-ink-700 bg-ink-900 p-4" data-testid="outline-section">
          <div className="flex items-center gap-3">
            <span className="w-6 text-right text-xs font-semibold text-accent-400 tabular-nums">{index + 1}</span>
            <input
              aria-label={`Title of section ${index + 1}`}
              data-testid="outline-title"
              value={section.title}
              disabled={disabled}
              onChange={(e) => {
                set(index, { title: e.target.value });
              }}
              className={`${fieldClass} font-medium ${section.title.trim() === "" ? "border-rose-400" : ""}`}
            />
            <label className="flex shrink-0 items-center gap-1.5 text-xs text-slate-400">
              <input
                type="number"
                min={0.5}
                step={0.5}
                aria-label={`Minutes of section ${index + 1}`}
                data-testid="outline-minutes"
                value={Number(section.targetMinutes.toFixed(1))}
                disabled={disabled}
                onChange={(e) => {
                  const minutes = Number(e.target.value);
                  if (Number.isFinite(minutes) && minutes > 0) set(index, { targetMinutes: minutes });
                }}
                className={`${fieldClass.replace("w-full", "w-20")} py-1.5`}
              />
              min
            </label>
            <div className="flex shrink-0 gap-0.5">
              <Button variant="ghost" className="px-2" aria-label={`Move section ${index + 1} up`} disabled={disabled || index === 0} onClick={() => { move(index, -1); }}>
                ↑
              </Button>
              <Button variant="ghost" className="px-2" aria-label={`Move section ${index + 1} down`} disabled={disabled || index === sections.length - 1} onClick={() => { move(index, 1); }}>
                ↓
              </Button>
              <Button
                variant="ghost"
                className="px-2 hover:text-rose-300"
                aria-label={`Remove section ${index + 1}`}
                data-testid="outline-remove"
                disabled={disabled || sections.length === 1}
                onClick={() => {
                  onChange(sections.filter((_, i) => i !== index));
                }}
              >
                ✕
              </Button>
            </div>
          </div>
          <div className="mt-3 grid grid-cols-2 gap-3 pl-9">
            <textarea
              aria-label={`Summary of section ${index + 1}`}
              data-testid="outline-summary"
              rows={3}
              value={section.summary}
              disabled={disabled}
              placeholder="What the section covers"
              onChange={(e) => {
                set(index, { summary: e.target.value });
              }}
              className={fieldClass}
            />
            <textarea
              aria-label={`Key points of section ${index + 1}, one a line`}
              data-testid="outline-points"
              rows={3}
              value={section.keyPoints.join("\n")}
              disabled={disabled}
              placeholder="Key points, one a line"
              onChange={(e) => {
                set(index, { keyPoints: e.target.value.split("\n") });
              }}
              className={fieldClass}
            />
          </div>
        </li>
      ))}
      <li>
        <Button
          variant="ghost"
          disabled={disabled}
          data-testid="outline-add"
          onClick={() => {
            onChange([...sections, { title: "", summary: "", targetMinutes: 3, keyPoints: [] }]);
          }}
        >
          + Add a section
        </Button>
      </li>
    </ol>
  );
}

/** The sections as they are saved: key points without blank lines, texts trimmed. */
export function cleanOutline(sections: readonly SectionOutline[]): SectionOutline[] {
  return sections.map((s) => ({
    title: s.title.trim(),
    summary: s.summary.trim(),
    targetMinutes: s.targetMinutes,
    keyPoints: s.keyPoints.map((p) => p.trim()).filter((p) => p !== ""),
  }));
}

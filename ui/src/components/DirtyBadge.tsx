import type { AssetState } from "../bindings";

/**
 * One asset's state as a small badge: amber when it must be generated again, green when ready.
 * The state is also in the badge's text (for screen readers, and for anyone who cannot tell
 * the colours apart), not in its colour alone.
 */
export function DirtyBadge({ kind, label, asset }: { kind: "audio" | "image" | "video"; label: string; asset: AssetState }) {
  const ready = !asset.dirty && asset.file !== null;
  const state = asset.dirty
    ? asset.file
      ? "out of date, will be generated again"
      : "not generated yet"
    : ready
      ? "up to date"
      : "none";
  return (
    <span
      title={`${label}: ${state}`}
      data-testid={`badge-${kind}`}
      data-dirty={asset.dirty ? "true" : "false"}
      className={`inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-[11px] font-medium ring-1 ring-inset ${
        asset.dirty
          ? "bg-amber-400/10 text-amber-300 ring-amber-400/30"
          : ready
            ? "bg-emerald-400/10 text-emerald-300 ring-emerald-400/30"
            : "bg-slate-400/10 text-slate-400 ring-slate-400/20"
      }`}
    >
      <span
        aria-hidden
        className={`size-1.5 rounded-full ${asset.dirty ? "bg-amber-400" : ready ? "bg-emerald-400" : "bg-slate-500"}`}
      />
      {label}
      <span className="sr-only">: {state}</span>
    </span>
  );
}

import { memo, useEffect, useRef, useState } from "react";
import type { AssetKind, PieceState } from "../../bindings";
import { PIECE_LABEL, pieceStatus, type PieceStatus } from "./storyboardState";

const STATUS_TEXT: Record<PieceStatus, string> = {
  working: "being made now",
  failed: "failed",
  stale: "out of date",
  missing: "not made yet",
  ready: "up to date",
};

const STATUS_STYLE: Record<PieceStatus, { pill: string; dot: string }> = {
  working: { pill: "border-accent-400/30 bg-accent-400/10 text-accent-400", dot: "bg-accent-400 animate-pulse" },
  failed: { pill: "border-rose-500/40 bg-rose-500/10 text-rose-300", dot: "bg-rose-400" },
  stale: { pill: "border-amber-400/30 bg-amber-400/10 text-amber-300", dot: "bg-amber-400" },
  missing: { pill: "border-slate-400/20 bg-slate-400/10 text-slate-400", dot: "bg-slate-500" },
  ready: { pill: "border-emerald-400/30 bg-emerald-400/10 text-emerald-300", dot: "bg-emerald-400" },
};

/**
 * One piece's state (image, clip, narration) as a small badge. The state is in its text for
 * screen readers and in its tooltip (with the failure's reason), not in its colour alone.
 */
export const PieceBadge = memo(function PieceBadge({
  kind,
  piece,
  working,
  compact = false,
}: {
  kind: AssetKind;
  piece: PieceState;
  working: number | null | undefined;
  compact?: boolean;
}) {
  const status = pieceStatus(piece, working);
  const label = PIECE_LABEL[kind];
  const style = STATUS_STYLE[status];
  const percent = status === "working" && typeof working === "number" ? ` ${Math.round(working * 100)}%` : "";
  const title = `${label}: ${STATUS_TEXT[status]}${percent}${status === "failed" && piece.error ? `. ${piece.error}` : ""}`;
  // Drawn cheaply, as the storyboard repaints ~50 of these on every scroll frame
  // (tests/e2e/storyboard-bench.mjs): a 1 px border, not an inset box-shadow ring, and the
  // state for screen readers in the label, not in a visually hidden (absolutely placed) span.
  return (
    <span
      role="img"
      aria-label={`${label}: ${STATUS_TEXT[status]}`}
      title={title}
      data-testid={`piece-${kind}`}
      data-status={status}
      className={`inline-flex items-center gap-1 rounded-full border text-[11px] font-medium ${style.pill} ${compact ? "px-[5px] py-px" : "px-[7px] py-px"}`}
    >
      <span aria-hidden className={`size-1.5 rounded-full ${style.dot}`} />
      {compact ? label.slice(0, 1) : label}
      {!compact && status === "failed" && <span aria-hidden>!</span>}
    </span>
  );
});

/**
 * Lets go of a thumbnail as its row leaves the list. WebKit keeps an image's decoded pixels
 * (230 KB for a 320 px thumbnail) while any element still points at it, and an unmounted
 * row's <img> lives on until the next garbage collection: scrolling through the storyboard
 * held hundreds of megabytes that way (tests/e2e/storyboard-bench.mjs). Without its `src`
 * the image is unused at once, and WebKit's small cache (src-tauri: limit_webkit_caches)
 * drops it.
 */
export function releaseOnUnmount(img: HTMLImageElement | null): () => void {
  return () => {
    img?.removeAttribute("src");
  };
}

/** A scene's thumbnail (320 px WebP, never the full image), or a frame saying why there is none. */
export const Thumb = memo(function Thumb({ src, hasImage, className }: { src: string | null; hasImage: boolean; className: string }) {
  const [broken, setBroken] = useState(false);
  if (src && !broken) {
    return (
      <img
        ref={releaseOnUnmount}
        src={src}
        alt=""
        loading="lazy"
        decoding="async"
        draggable={false}
        onError={() => {
          setBroken(true);
        }}
        className={`${className} bg-ink-800 object-cover`}
        data-testid="scene-thumb"
      />
    );
  }
  return (
    <div className={`${className} grid place-items-center bg-ink-850 text-[10px] text-slate-600 ring-1 ring-ink-700 ring-inset`} data-testid="scene-thumb-empty">
      {hasImage ? "no preview" : "no image"}
    </div>
  );
});

/** The choices of a "Regenerate" menu. */
export type RegenerateChoice = { kind: "stale" } | { kind: "pieces"; pieces: AssetKind[] };

const CHOICES: { label: string; hint: string; choice: RegenerateChoice }[] = [
  { label: "Everything out of date", hint: "only what an edit made stale", choice: { kind: "stale" } },
  { label: "Images", hint: "new seeds; their clips become stale", choice: { kind: "pieces", pieces: ["image"] } },
  { label: "Clips", hint: "rendered again from the same image", choice: { kind: "pieces", pieces: ["video"] } },
  { label: "Narration", hint: "voiced and timed again", choice: { kind: "pieces", pieces: ["audio"] } },
];

/** A button opening the regenerate choices for a section or a selection. */
export function RegenerateMenu({
  label,
  busy,
  onPick,
  testId,
}: {
  label: string;
  busy: boolean;
  onPick: (choice: RegenerateChoice) => void;
  testId: string;
}) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent) => {
      if (ref.current && !ref.current.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", close);
    return () => {
      document.removeEventListener("mousedown", close);
    };
  }, [open]);
  return (
    <div ref={ref} className="relative">
      <button
        type="button"
        data-testid={testId}
        disabled={busy}
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => {
          setOpen((o) => !o);
        }}
        className="inline-flex items-center gap-1 rounded-md px-2 py-1 text-xs font-medium text-slate-300 ring-1 ring-ink-600 ring-inset hover:bg-ink-800 hover:text-white disabled:opacity-50"
      >
        {busy ? "Queuing…" : label}
        <svg viewBox="0 0 24 24" className="size-3" fill="none" stroke="currentColor" strokeWidth={2} aria-hidden>
          <path d="M6 9l6 6 6-6" />
        </svg>
      </button>
      {open && (
        <div role="menu" className="absolute right-0 z-30 mt-1 w-64 rounded-lg border border-ink-600 bg-ink-850 p-1 shadow-xl shadow-black/50">
          {CHOICES.map(({ label: text, hint, choice }) => (
            <button
              key={text}
              type="button"
              role="menuitem"
              onClick={() => {
                setOpen(false);
                onPick(choice);
              }}
              className="block w-full rounded-md px-3 py-1.5 text-left hover:bg-ink-700"
            >
              <span className="block text-sm text-slate-100">{text}</span>
              <span className="block text-[11px] text-slate-500">{hint}</span>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

import { useEffect, type ReactNode } from "react";

/** A modal dialog over the window: Escape closes it (unless `busy` says work is being sent). */
export function DialogFrame({
  title,
  onClose,
  children,
  footer,
  testId,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  footer: ReactNode;
  testId?: string;
}) {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") onClose();
    };
    window.addEventListener("keydown", onKey);
    return () => {
      window.removeEventListener("keydown", onKey);
    };
  }, [onClose]);
  const titleId = `${testId ?? "dialog"}-title`;
  return (
    <div className="fixed inset-0 z-40 grid place-items-center bg-black/60 p-4" role="dialog" aria-modal="true" aria-labelledby={titleId} data-testid={testId}>
      <div className="flex max-h-[calc(100vh-2rem)] w-full max-w-xl flex-col rounded-xl border border-ink-700 bg-ink-900 shadow-2xl">
        <h2 id={titleId} className="border-b border-ink-800 px-6 py-4 text-lg font-semibold text-white">
          {title}
        </h2>
        <div className="min-h-0 flex-1 space-y-5 overflow-y-auto px-6 py-5 text-sm text-slate-300">{children}</div>
        <div className="flex items-center justify-end gap-2 border-t border-ink-800 px-6 py-4">{footer}</div>
      </div>
    </div>
  );
}

/** A labelled row of the form. */
export function Field({ label, hint, children }: { label: string; hint?: ReactNode; children: ReactNode }) {
  return (
    <div>
      <div className="mb-1.5 text-xs font-medium tracking-wide text-slate-400 uppercase">{label}</div>
      {children}
      {hint ? <p className="mt-1 text-xs text-slate-500">{hint}</p> : null}
    </div>
  );
}

export const inputClass =
  "w-full rounded-md border border-ink-600 bg-ink-950 px-2.5 py-1.5 text-sm text-white focus:border-accent-400 focus:outline-none";

import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from "react";
import { toAppError } from "../ipc/errors";

type Tone = "error" | "info";
type Toast = { id: number; tone: Tone; title: string; message: string };

type ToastApi = {
  /** Shows a failure with the app's message (what is wrong and what to do). */
  error: (failure: unknown, title?: string) => void;
  /** Shows a short confirmation. */
  info: (message: string) => void;
};

const ToastContext = createContext<ToastApi | null>(null);

/** How long a toast stays; errors stay longer so they can be read. */
const LIFETIME_MS: Record<Tone, number> = { error: 8000, info: 3000 };

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);

  const dismiss = useCallback((id: number) => {
    setToasts((all) => all.filter((t) => t.id !== id));
  }, []);

  const push = useCallback(
    (tone: Tone, title: string, message: string) => {
      const id = nextId.current++;
      setToasts((all) => [...all.slice(-3), { id, tone, title, message }]);
      window.setTimeout(() => {
        dismiss(id);
      }, LIFETIME_MS[tone]);
    },
    [dismiss],
  );

  const api = useMemo<ToastApi>(
    () => ({
      error: (failure, title = "Something went wrong") => {
        push("error", title, toAppError(failure).message);
      },
      info: (message) => {
        push("info", "", message);
      },
    }),
    [push],
  );

  return (
    <ToastContext.Provider value={api}>
      {children}
      {/* Bottom left of the screen area, just right of the navigation (w-56): the right edge
          holds the storyboard inspector's takes and buttons, which a toast must not cover. */}
      <div className="pointer-events-none fixed bottom-4 left-60 z-50 flex w-96 max-w-[calc(100vw-16rem)] flex-col gap-2" aria-live="polite" data-testid="toasts">
        {toasts.map((toast) => (
          <div
            key={toast.id}
            role={toast.tone === "error" ? "alert" : "status"}
            data-testid="toast"
            className={`pointer-events-auto flex items-start gap-3 rounded-lg border px-4 py-3 shadow-xl shadow-black/40 ${
              toast.tone === "error"
                ? "border-rose-500/40 bg-rose-950/90 text-rose-100"
                : "border-ink-600 bg-ink-800/95 text-slate-100"
            }`}
          >
            <div className="min-w-0 flex-1">
              {toast.title && <p className="text-sm font-semibold">{toast.title}</p>}
              <p className="text-sm break-words opacity-90">{toast.message}</p>
            </div>
            <button
              type="button"
              aria-label="Dismiss"
              className="-mr-1 rounded px-1 text-lg leading-none opacity-60 hover:opacity-100"
              onClick={() => {
                dismiss(toast.id);
              }}
            >
              ×
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

/** The toast functions; must be used under `ToastProvider`. */
export function useToast(): ToastApi {
  const api = useContext(ToastContext);
  if (!api) throw new Error("useToast must be used inside <ToastProvider>");
  return api;
}

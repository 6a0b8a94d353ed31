import { createContext, useContext, useEffect, useRef, useState } from "react";
import { useLocation, useNavigate } from "react-router";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { getCurrentWebview } from "@tauri-apps/api/webview";
import { commands } from "../../bindings";
import { useToast } from "../../components/Toasts";
import { keys } from "../../state/queryKeys";

/** What the window hears while files are dragged over it (Tauri's drag-drop events). */
export type FileDrag = { type: "enter"; paths: string[] } | { type: "over" } | { type: "drop"; paths: string[] } | { type: "leave" };

/** Subscribes to file drags; resolves to the unsubscribe. */
export type FileDragSource = (handler: (drag: FileDrag) => void) => Promise<() => void>;

/** The webview's own drag-drop events (Tauri 2 `onDragDropEvent`). */
export const webviewFileDrags: FileDragSource = async (handler) => {
  try {
    return await getCurrentWebview().onDragDropEvent((event) => {
      handler(event.payload);
    });
  } catch (error) {
    // Outside the app's webview (tests, a browser) there is nothing to listen to.
    console.warn("file drops are not available here", error);
    return () => undefined;
  }
};

/** Where the window's file drags come from; tests give their own. */
export const FileDragContext = createContext<FileDragSource>(webviewFileDrags);

/** Screens where a dropped script makes a new project. */
function takesDrops(pathname: string): boolean {
  return pathname === "/" || pathname === "/new";
}

/**
 * A script file dropped on the window (on the Dashboard or New project) becomes a new
 * project, which then opens; while a file is held over the window, an overlay says so.
 */
export function ScriptDropZone() {
  const source = useContext(FileDragContext);
  const { pathname } = useLocation();
  const active = takesDrops(pathname);
  const navigate = useNavigate();
  const client = useQueryClient();
  const toast = useToast();
  const [hovering, setHovering] = useState(false);
  const importFile = useMutation({
    mutationFn: (path: string) => commands.importScriptFile(path, null),
    onSuccess: async (project) => {
      await client.invalidateQueries({ queryKey: keys.projects });
      void navigate(`/projects/${project.id}`);
    },
    onError: (error) => {
      toast.error(error, "The dropped file was not imported");
    },
  });
  const importRef = useRef(importFile.mutate);
  useEffect(() => {
    importRef.current = importFile.mutate;
  });

  useEffect(() => {
    if (!active) return;
    let stop: (() => void) | null = null;
    let disposed = false;
    void source((drag) => {
      if (drag.type === "enter" || drag.type === "over") {
        setHovering(true);
      } else if (drag.type === "leave") {
        setHovering(false);
      } else {
        setHovering(false);
        const [first, ...rest] = drag.paths;
        if (first === undefined) return;
        if (rest.length > 0) toast.info(`Importing ${first.split(/[\\/]/).pop() ?? first}; drop the other ${rest.length} one at a time.`);
        importRef.current(first);
      }
    }).then((unsubscribe) => {
      if (disposed) unsubscribe();
      else stop = unsubscribe;
    });
    return () => {
      disposed = true;
      stop?.();
      setHovering(false);
    };
  }, [active, source, toast]);

  if (!active || (!hovering && !importFile.isPending)) return null;
  return (
    <div className="pointer-events-none fixed inset-0 z-50 grid place-items-center bg-ink-950/80 p-10" data-testid="drop-overlay" role="status">
      <div className="rounded-2xl border-2 border-dashed border-accent-400 bg-ink-900/90 px-16 py-12 text-center shadow-2xl">
        <p className="text-xl font-semibold text-white">{importFile.isPending ? "Importing the script…" : "Drop to make a new project"}</p>
        <p className="mt-2 text-sm text-slate-400">A .txt or .md script: headings start sections, each sentence becomes a row.</p>
      </div>
    </div>
  );
}

import { useState } from "react";
import { Button } from "../../components/Button";
import { ExportDialog } from "./ExportDialog";
import { RoughCutDialog } from "./RoughCutDialog";

/** "Export…" and "Rough cut…" for a project header or a project row, each opening its dialog. */
export function ExportButtons({ projectId, compact = false }: { projectId: string; compact?: boolean }) {
  const [open, setOpen] = useState<"export" | "roughcut" | null>(null);
  const close = () => {
    setOpen(null);
  };
  return (
    <>
      <Button variant={compact ? "ghost" : "secondary"} className={compact ? "px-2" : ""} onClick={() => { setOpen("export"); }} data-testid="open-export">
        Export…
      </Button>
      <Button variant={compact ? "ghost" : "secondary"} className={compact ? "px-2" : ""} onClick={() => { setOpen("roughcut"); }} data-testid="open-roughcut">
        Rough cut…
      </Button>
      {open === "export" ? <ExportDialog projectId={projectId} onClose={close} /> : null}
      {open === "roughcut" ? <RoughCutDialog projectId={projectId} onClose={close} /> : null}
    </>
  );
}

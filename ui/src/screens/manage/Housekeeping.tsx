import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { commands } from "../../bindings";
import { DiskUsePanel } from "./DiskUsePanel";
import { TrashPanel } from "./TrashPanel";
import { manageKeys } from "./manage";

type Tab = "trash" | "disk";

/** Below the project list: the trash and the disk use, one at a time, closed at first. */
export function Housekeeping() {
  const [open, setOpen] = useState<Tab | null>(null);
  const { data: trash } = useQuery({ queryKey: manageKeys.trash, queryFn: () => commands.listTrash() });
  const tab = (id: Tab, label: string) => (
    <button
      type="button"
      role="tab"
      aria-selected={open === id}
      onClick={() => {
        setOpen(open === id ? null : id);
      }}
      data-testid={`tab-${id}`}
      className={`rounded-md px-3 py-1.5 text-sm font-medium ${open === id ? "bg-ink-800 text-white" : "text-slate-400 hover:text-white"}`}
    >
      {label}
    </button>
  );
  return (
    <section aria-label="Trash and disk use">
      <div className="mb-3 flex gap-1" role="tablist">
        {tab("trash", trash && trash.length > 0 ? `Trash (${trash.length})` : "Trash")}
        {tab("disk", "Disk use")}
      </div>
      {open === "trash" ? <TrashPanel /> : null}
      {open === "disk" ? <DiskUsePanel /> : null}
    </section>
  );
}

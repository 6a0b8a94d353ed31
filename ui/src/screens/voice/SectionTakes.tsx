import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { commands, type Section, type SectionTakeView } from "../../bindings";
import { useToast } from "../../components/Toasts";
import { keys } from "../../state/queryKeys";
import { useMediaUrl } from "../storyboard/media";
import { rolledBackText, sectionTakeDetails } from "./sectionTakes";
import { PreviewTakeButton, UseTakeButton } from "../../components/UseTakeButton";

/** The query key of a section's one-take narrations. */
export const sectionTakesKey = (section: string) => ["sectionTakes", section] as const;

function SectionTakeItem({ take, url, using, onUse }: { take: SectionTakeView; url: string | null; using: boolean; onUse: () => void }) {
  const [listening, setListening] = useState(false);
  return (
    <li className={`rounded-md px-2 py-2 ${take.current ? "bg-accent-500/10 ring-1 ring-accent-400/40 ring-inset" : "hover:bg-ink-850"}`} data-testid="section-take" data-take-id={take.id} data-current={take.current}>
      <div className="flex items-center gap-2.5">
        <PreviewTakeButton open={listening} disabled={!url} onToggle={() => { setListening((l) => !l); }} />
        <div className="min-w-0 flex-1">
          <p className="text-xs text-slate-200">Take r{take.rev}</p>
          <p className="truncate text-[11px] text-slate-500">{sectionTakeDetails(take)}</p>
        </div>
        <UseTakeButton current={take.current} using={using} onUse={onUse} testId="use-section-take" />
      </div>
      {listening && url ? <audio controls autoPlay preload="none" src={url} className="mt-2 h-8 w-full" /> : null}
    </li>
  );
}

/**
 * Every narration a section voiced in one take has had, with rollback to any of them.
 * Rolling back voices nothing and queues nothing (the toast says so).
 */
export function SectionTakes({ section }: { section: Section }) {
  const client = useQueryClient();
  const toast = useToast();
  const urlOf = useMediaUrl();
  const [open, setOpen] = useState(false);
  const takes = useQuery({
    queryKey: [...sectionTakesKey(section.id), section.narration.file],
    queryFn: () => commands.listSectionNarrationTakes(section.id),
    enabled: open,
  });
  const rollBack = useMutation({
    mutationFn: (take: SectionTakeView) => commands.rollBackSectionNarrationTake(section.id, take.id),
    onSuccess: async (_section, take) => {
      toast.info(rolledBackText(take));
      await Promise.all([
        client.invalidateQueries({ queryKey: keys.project(section.projectId) }),
        client.invalidateQueries({ queryKey: sectionTakesKey(section.id) }),
      ]);
    },
    onError: (failure) => {
      toast.error(failure, "Could not restore that take");
    },
  });
  return (
    <div className="mt-3">
      <button
        type="button"
        aria-expanded={open}
        onClick={() => { setOpen((o) => !o); }}
        className="text-xs font-medium text-slate-400 hover:text-white"
        data-testid="section-takes-toggle"
      >
        {open ? "Hide takes" : "Takes…"}
      </button>
      {open ? (
        takes.isPending ? (
          <p className="mt-1 text-xs text-slate-500">Loading takes…</p>
        ) : takes.error ? (
          <p className="mt-1 text-xs text-rose-300">The takes could not be read: open the Voice-over screen again.</p>
        ) : takes.data.length === 0 ? (
          <p className="mt-1 text-xs text-slate-500" data-testid="no-section-takes">No take yet: each narration of this section is kept here.</p>
        ) : (
          <ul className="mt-1 space-y-1" data-testid="section-takes">
            {takes.data.map((take) => (
              <SectionTakeItem
                key={take.id}
                take={take}
                url={urlOf ? urlOf(take.file) : null}
                using={rollBack.isPending && rollBack.variables.id === take.id}
                onUse={() => { rollBack.mutate(take); }}
              />
            ))}
          </ul>
        )
      ) : null}
    </div>
  );
}

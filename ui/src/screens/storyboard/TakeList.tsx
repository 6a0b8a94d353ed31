import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { commands, type AssetKind, type TakeView } from "../../bindings";
import { useToast } from "../../components/Toasts";
import { usePlayableUrl } from "../../ipc/playable";
import { PIECE_LABEL, clock, storyboardKeys } from "./storyboardState";
import { PreviewTakeButton, UseTakeButton } from "../../components/UseTakeButton";

/** Takes grouped by piece, in the inspector's order (image, clip, narration), newest first. */
export function groupTakes(takes: readonly TakeView[]): { kind: AssetKind; takes: TakeView[] }[] {
  const order: AssetKind[] = ["image", "video", "audio"];
  return order
    .map((kind) => ({ kind, takes: takes.filter((t) => t.kind === kind).sort((a, b) => b.createdAt - a.createdAt) }))
    .filter((group) => group.takes.length > 0);
}

/** When a take was made, as a person reads it ("14:02" today, "3 Dec 14:02" before). */
export function takeTime(createdAt: number, now: number = Date.now()): string {
  const at = new Date(createdAt);
  const time = at.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" });
  const today = new Date(now).toDateString() === at.toDateString();
  return today ? time : `${at.toLocaleDateString("en-GB", { day: "numeric", month: "short" })} ${time}`;
}

/** One line about a take: when, what made it, its seed and length. */
export function takeDetails(take: TakeView): string {
  const parts = [takeTime(take.createdAt)];
  if (take.model) parts.push(take.model);
  if (take.seed !== null) parts.push(`seed ${take.seed}`);
  if (take.durationMs !== null) parts.push(clock(take.durationMs));
  return parts.join(" · ");
}

function TakePreview({ take, urlOf }: { take: TakeView; urlOf: (relative: string) => string }) {
  // Fetched when the preview opens (the asset URL itself does not play on Linux).
  const src = usePlayableUrl(urlOf(take.file));
  if (take.kind === "audio") return <audio controls preload="metadata" src={src} className="mt-2 h-8 w-full" />;
  return <video controls preload="metadata" src={src} className="mt-2 aspect-video w-full rounded bg-black" />;
}

function TakeItem({ take, urlOf, onUse, using }: { take: TakeView; urlOf: ((relative: string) => string) | null; onUse: () => void; using: boolean }) {
  const [preview, setPreview] = useState(false);
  return (
    <li className={`rounded-md px-2 py-2 ${take.current ? "bg-accent-500/10 ring-1 ring-accent-400/40 ring-inset" : "hover:bg-ink-850"}`} data-testid="take" data-take-id={take.id} data-kind={take.kind} data-current={take.current}>
      <div className="flex items-center gap-2.5">
        {take.kind === "image" ? (
          take.thumb && urlOf ? (
            <img src={urlOf(take.thumb)} alt="" loading="lazy" className="h-9 w-16 shrink-0 rounded bg-ink-800 object-cover" />
          ) : (
            <div className="grid h-9 w-16 shrink-0 place-items-center rounded bg-ink-850 text-[10px] text-slate-600">no preview</div>
          )
        ) : (
          <PreviewTakeButton
            open={preview}
            disabled={!urlOf}
            onToggle={() => {
              setPreview((p) => !p);
            }}
          />
        )}
        <div className="min-w-0 flex-1">
          <p className="text-xs text-slate-200">Take r{take.rev}</p>
          <p className="truncate text-[11px] text-slate-500" title={takeDetails(take)}>
            {takeDetails(take)}
          </p>
        </div>
        <UseTakeButton current={take.current} using={using} onUse={onUse} testId="use-take" />
      </div>
      {preview && urlOf && take.kind !== "image" && <TakePreview take={take} urlOf={urlOf} />}
    </li>
  );
}

/**
 * Every take of a scene, grouped by piece, with rollback to any of them. Rolling back only
 * makes the older file current: nothing is queued (the toast says so).
 */
export function TakeList({ sentenceId, urlOf }: { sentenceId: string; urlOf: ((relative: string) => string) | null }) {
  const client = useQueryClient();
  const toast = useToast();
  const { data: takes, error, isPending } = useQuery({
    queryKey: storyboardKeys.takes(sentenceId),
    queryFn: () => commands.listTakes(sentenceId),
  });
  const rollBack = useMutation({
    mutationFn: (take: TakeView) => commands.rollBackTake(sentenceId, take.id),
    onSuccess: (sentence, take) => {
      client.setQueryData(storyboardKeys.sentence(sentenceId), sentence);
      void client.invalidateQueries({ queryKey: storyboardKeys.takes(sentenceId) });
      toast.info(`The ${PIECE_LABEL[take.kind].toLowerCase()} from ${takeTime(take.createdAt)} is in use again. Nothing was queued.`);
    },
    onError: (failure) => {
      toast.error(failure, "Could not restore that take");
    },
  });
  if (isPending) return <p className="text-xs text-slate-500">Loading takes…</p>;
  if (error) return <p className="text-xs text-rose-300">The takes could not be read: close the scene and open it again.</p>;
  const groups = groupTakes(takes);
  if (groups.length === 0) return <p className="text-xs text-slate-500" data-testid="no-takes">No takes yet: each image, clip and narration made for this scene will be kept here.</p>;
  return (
    <div className="space-y-3" data-testid="take-list">
      {groups.map((group) => (
        <div key={group.kind}>
          <p className="mb-1 text-[11px] font-semibold tracking-wider text-slate-500 uppercase">
            {PIECE_LABEL[group.kind]} · {group.takes.length} take{group.takes.length === 1 ? "" : "s"}
          </p>
          <ul className="space-y-1">
            {group.takes.map((take) => (
              <TakeItem
                key={take.id}
                take={take}
                urlOf={urlOf}
                using={rollBack.isPending && rollBack.variables.id === take.id}
                onUse={() => {
                  rollBack.mutate(take);
                }}
              />
            ))}
          </ul>
        </div>
      ))}
    </div>
  );
}

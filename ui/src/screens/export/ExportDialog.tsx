import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { commands, type FrameRate, type FrameSize, type Job } from "../../bindings";
import { Button } from "../../components/Button";
import { useToast } from "../../components/Toasts";
import { toAppError } from "../../ipc/errors";
import { keys } from "../../state/queryKeys";
import { DialogFrame, Field, inputClass } from "./DialogFrame";
import {
  defaultExportName,
  estimateNotes,
  estimateText,
  exportRequest,
  formProblem,
  rateKey,
  rateLabel,
  sizeKey,
  sizeLabel,
  toggleFormat,
  type ExportForm,
} from "./exportForm";
import { pickFolder } from "./pickPath";
import { useLastFolder } from "./useLastFolder";
import { useRememberedExport } from "./useRememberedExport";
import { JobOutcome } from "./JobOutcome";
import { useFollowedJob } from "./useFollowedJob";

/** The export for editors: where, which timelines and captions, at which rate and size, with or without a ZIP; then its progress. */
export function ExportDialog({ projectId, onClose }: { projectId: string; onClose: () => void }) {
  const toast = useToast();
  const client = useQueryClient();
  const { data: project } = useQuery({ queryKey: ["projectInfo", projectId], queryFn: () => commands.getProject(projectId) });
  const { data: choices } = useQuery({ queryKey: ["exportChoices"], queryFn: () => commands.exportChoices() });
  const { data: tree } = useQuery({ queryKey: keys.project(projectId), queryFn: () => commands.loadProject(projectId) });
  const [lastFolder, rememberFolder] = useLastFolder();
  const known = choices?.formats.map((f) => f.format) ?? [];
  const remembered = useRememberedExport(known);
  const [edited, setEdited] = useState<Partial<ExportForm>>({});
  const section = edited.section ?? null;
  const sectionTitle = section === null ? null : (tree?.sections.find((s) => s.id === section)?.title ?? null);
  const form: ExportForm = {
    folder: edited.folder ?? lastFolder ?? "",
    name: edited.name ?? (project ? defaultExportName(project.name, sectionTitle) : ""),
    section,
    zip: edited.zip ?? remembered.zip,
    fps: edited.fps ?? null,
    size: edited.size ?? null,
    formats: edited.formats ?? remembered.formats,
  };
  const set = (patch: Partial<ExportForm>) => {
    setEdited((e) => ({ ...e, ...patch }));
  };
  const problem = formProblem(form);
  const request = exportRequest(projectId, form, project?.sentencePauseMs ?? 0);
  const estimate = useQuery({
    queryKey: ["exportEstimate", request],
    queryFn: () => commands.estimateExport(request),
    enabled: problem === null && project !== undefined && choices !== undefined,
    staleTime: 0,
  });
  const [started, setStarted] = useState<Job | null>(null);
  const job = useFollowedJob(started);
  const start = useMutation({
    mutationFn: async () => {
      await rememberFolder(form.folder);
      await remembered.remember(form.formats, form.zip);
      return commands.queueExport(request);
    },
    onSuccess: async (queued) => {
      setStarted(queued);
      await client.invalidateQueries({ queryKey: keys.jobs });
    },
    onError: (error) => {
      toast.error(error, "Could not start the export");
    },
  });
  const choose = async () => {
    const folder = await pickFolder("Export into this folder", form.folder || null);
    if (folder !== null) set({ folder });
  };
  const projectRate: FrameRate | null = project ? { num: project.fpsNum, den: project.fpsDen } : null;
  const projectSize: FrameSize | null = project ? { width: project.width, height: project.height } : null;

  if (job) {
    return (
      <DialogFrame title={job.state === "succeeded" ? `Exported “${project?.name ?? ""}”` : `Exporting “${project?.name ?? ""}”`} onClose={onClose} testId="export-dialog" footer={<JobFooter job={job} onClose={onClose} />}>
        {job.state === "succeeded" ? null : <p className="break-all text-slate-400">{request.target}</p>}
        <JobOutcome job={job} what="export" />
      </DialogFrame>
    );
  }

  const blocked = problem ?? (estimate.data?.targetExists ? `“${form.name}” exists in that folder already: choose another name.` : null);
  return (
    <DialogFrame
      title={`Export “${project?.name ?? ""}” for editing`}
      onClose={onClose}
      testId="export-dialog"
      footer={
        <>
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button variant="primary" disabled={blocked !== null || start.isPending || choices === undefined} onClick={() => { start.mutate(); }} data-testid="start-export">
            {start.isPending ? "Starting…" : "Export"}
          </Button>
        </>
      }
    >
      <Field label="Folder">
        <div className="flex gap-2">
          <input className={inputClass} value={form.folder} placeholder="Choose a folder…" aria-label="Folder" data-testid="export-folder" onChange={(e) => { set({ folder: e.target.value }); }} />
          <Button onClick={() => void choose()} data-testid="choose-export-folder">
            Choose…
          </Button>
        </div>
      </Field>
      <Field label="Name of the export folder" hint="A new folder is made with this name; the ZIP, when asked for, goes beside it.">
        <input className={inputClass} value={form.name} aria-label="Export name" data-testid="export-name" onChange={(e) => { set({ name: e.target.value }); }} />
      </Field>
      <Field label="What to export">
        <select
          className={inputClass}
          aria-label="What to export"
          data-testid="export-section"
          value={section ?? ""}
          onChange={(e) => { set({ section: e.target.value === "" ? null : e.target.value }); }}
        >
          <option value="">The whole project</option>
          {tree?.sections.map((s, i) => (
            <option key={s.id} value={s.id}>
              Section {i + 1}: {s.title || "Untitled"}
            </option>
          ))}
        </select>
      </Field>
      <div className="grid grid-cols-2 gap-4">
        <Field label="Frame rate">
          <select
            className={inputClass}
            aria-label="Frame rate"
            value={form.fps ? rateKey(form.fps) : ""}
            onChange={(e) => { set({ fps: choices?.frameRates.find((r) => rateKey(r) === e.target.value) ?? null }); }}
          >
            <option value="">Project’s{projectRate ? ` (${rateLabel(projectRate)})` : ""}</option>
            {choices?.frameRates.map((r) => (
              <option key={rateKey(r)} value={rateKey(r)}>
                {rateLabel(r)}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Frame size">
          <select
            className={inputClass}
            aria-label="Frame size"
            value={form.size ? sizeKey(form.size) : ""}
            onChange={(e) => { set({ size: choices?.sizes.find((s) => sizeKey(s) === e.target.value) ?? null }); }}
          >
            <option value="">Project’s{projectSize ? ` (${sizeLabel(projectSize)})` : ""}</option>
            {choices?.sizes.map((s) => (
              <option key={sizeKey(s)} value={sizeKey(s)}>
                {sizeLabel(s)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <label className="flex items-center gap-2">
        <input type="checkbox" checked={form.zip} data-testid="export-zip" onChange={(e) => { set({ zip: e.target.checked }); }} />
        Also write a ZIP of the folder (to send or archive)
      </label>
      <fieldset className="flex flex-col gap-1.5" data-testid="export-formats">
        <legend className="mb-1.5 text-xs font-medium tracking-wide text-slate-400 uppercase">Timelines and captions</legend>
        <p className="text-xs text-slate-500">Narration, images and clips, numbered in story order, the script, metadata and chapters are always written.</p>
        <div className="grid grid-cols-2 gap-x-4 gap-y-1">
          {choices?.formats.map((f) => (
            <label key={f.format} className="flex items-start gap-2 text-xs text-slate-400" title={f.file}>
              <input
                type="checkbox"
                className="mt-0.5"
                checked={form.formats.includes(f.format)}
                data-testid={`format-${f.format}`}
                onChange={(e) => { set({ formats: toggleFormat(form.formats, f.format, e.target.checked, known) }); }}
              />
              <span>
                <span className="text-slate-200">{f.name}</span> · {f.editors}
              </span>
            </label>
          ))}
        </div>
        {choices && form.formats.length === 0 ? (
          <p className="text-xs text-amber-300" data-testid="media-only">No timeline or captions: only the media, the script and metadata.json are written.</p>
        ) : null}
      </fieldset>
      <div className="rounded-lg border border-ink-700 bg-ink-950/60 px-4 py-3" data-testid="export-estimate" aria-live="polite">
        {blocked ? (
          <p className="text-amber-300">{blocked}</p>
        ) : estimate.isPending ? (
          <p className="text-slate-500">Estimating…</p>
        ) : estimate.isError ? (
          <p className="text-rose-300">{toAppError(estimate.error).message}</p>
        ) : (
          <>
            <p className="text-slate-200">{estimateText(estimate.data)}</p>
            {estimateNotes(estimate.data).map((note) => (
              <p key={note} className="mt-1 text-xs text-amber-300">
                {note}
              </p>
            ))}
          </>
        )}
      </div>
    </DialogFrame>
  );
}

/** Cancel while it runs; Close when it is over. */
export function JobFooter({ job, onClose }: { job: Job; onClose: () => void }) {
  const toast = useToast();
  const active = job.state === "queued" || job.state === "running";
  const cancel = useMutation({
    mutationFn: () => commands.cancelJob(job.id),
    onError: (error) => {
      toast.error(error, "Could not cancel");
    },
  });
  return active ? (
    <>
      <Button variant="ghost" onClick={onClose} title="It goes on in the background: the Jobs screen follows it">
        Hide
      </Button>
      <Button variant="danger" disabled={cancel.isPending} onClick={() => { cancel.mutate(); }} data-testid="cancel-job">
        Cancel
      </Button>
    </>
  ) : (
    <Button variant="primary" onClick={onClose} data-testid="close-dialog">
      Close
    </Button>
  );
}


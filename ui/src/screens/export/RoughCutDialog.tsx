import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { commands, type Job } from "../../bindings";
import { Button } from "../../components/Button";
import { useToast } from "../../components/Toasts";
import { keys } from "../../state/queryKeys";
import { DialogFrame, Field, inputClass } from "./DialogFrame";
import { JobFooter } from "./ExportDialog";
import { JobOutcome } from "./JobOutcome";
import { defaultRoughcutName, formProblem, roughcutRequest, type RoughcutForm } from "./exportForm";
import { pickFolder, pickOneFile } from "./pickPath";
import { useFollowedJob } from "./useFollowedJob";
import { useLastFolder } from "./useLastFolder";

/** Music files ffmpeg reads for the bed. */
const MUSIC = { name: "Music", extensions: ["mp3", "wav", "flac", "ogg", "m4a", "aac"] };

/** The rough cut: one MP4 of the storyboard (or a section), subtitles soft or burned in, an optional music bed. */
export function RoughCutDialog({ projectId, onClose }: { projectId: string; onClose: () => void }) {
  const toast = useToast();
  const client = useQueryClient();
  const { data: project } = useQuery({ queryKey: ["projectInfo", projectId], queryFn: () => commands.getProject(projectId) });
  const { data: tree } = useQuery({ queryKey: keys.project(projectId), queryFn: () => commands.loadProject(projectId) });
  const [lastFolder, rememberFolder] = useLastFolder();
  const [edited, setEdited] = useState<Partial<RoughcutForm>>({});
  const sectionTitle = (id: string | null) => (id === null ? null : (tree?.sections.find((s) => s.id === id)?.title ?? null));
  const section = edited.section ?? null;
  const form: RoughcutForm = {
    folder: edited.folder ?? lastFolder ?? "",
    name: edited.name ?? (project ? defaultRoughcutName(project.name, sectionTitle(section)) : ""),
    section,
    burnSubtitles: edited.burnSubtitles ?? false,
    music: edited.music ?? null,
  };
  const set = (patch: Partial<RoughcutForm>) => {
    setEdited((e) => ({ ...e, ...patch }));
  };
  const problem = formProblem(form);
  const [started, setStarted] = useState<Job | null>(null);
  const job = useFollowedJob(started);
  const request = roughcutRequest(projectId, form, project?.sentencePauseMs ?? 0);
  const start = useMutation({
    mutationFn: async () => {
      await rememberFolder(form.folder);
      return commands.queueRoughcut(request);
    },
    onSuccess: async (queued) => {
      setStarted(queued);
      await client.invalidateQueries({ queryKey: keys.jobs });
    },
    onError: (error) => {
      toast.error(error, "Could not start the rough cut");
    },
  });

  if (job) {
    return (
      <DialogFrame title={job.state === "succeeded" ? `Rough cut of “${project?.name ?? ""}”` : `Rendering the rough cut of “${project?.name ?? ""}”`} onClose={onClose} testId="roughcut-dialog" footer={<JobFooter job={job} onClose={onClose} />}>
        {job.state === "succeeded" ? null : <p className="break-all text-slate-400">{request.out}</p>}
        <JobOutcome job={job} what="rough cut" />
      </DialogFrame>
    );
  }
  return (
    <DialogFrame
      title={`Render a rough cut of “${project?.name ?? ""}”`}
      onClose={onClose}
      testId="roughcut-dialog"
      footer={
        <>
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button variant="primary" disabled={problem !== null || start.isPending} onClick={() => { start.mutate(); }} data-testid="start-roughcut">
            {start.isPending ? "Starting…" : "Render"}
          </Button>
        </>
      }
    >
      <p className="text-slate-400">
        One MP4 (H.264 and AAC) cut where the exported timelines cut, with the sections as chapters. An older file of the same name is replaced once the new one is complete.
      </p>
      <Field label="Folder">
        <div className="flex gap-2">
          <input className={inputClass} value={form.folder} placeholder="Choose a folder…" aria-label="Folder" data-testid="roughcut-folder" onChange={(e) => { set({ folder: e.target.value }); }} />
          <Button
            onClick={() =>
              void pickFolder("Save the rough cut in this folder", form.folder || null).then((folder) => {
                if (folder !== null) set({ folder });
              })
            }
          >
            Choose…
          </Button>
        </div>
      </Field>
      <Field label="File name">
        <input className={inputClass} value={form.name} aria-label="File name" data-testid="roughcut-name" onChange={(e) => { set({ name: e.target.value }); }} />
      </Field>
      <Field label="What to render">
        <select
          className={inputClass}
          aria-label="What to render"
          data-testid="roughcut-section"
          value={section ?? ""}
          onChange={(e) => {
            // The default name follows the choice until the user types one.
            set({ section: e.target.value === "" ? null : e.target.value });
          }}
        >
          <option value="">The whole project</option>
          {tree?.sections.map((s, i) => (
            <option key={s.id} value={s.id}>
              Section {i + 1}: {s.title || "Untitled"}
            </option>
          ))}
        </select>
      </Field>
      <label className="flex items-center gap-2">
        <input type="checkbox" checked={form.burnSubtitles} data-testid="burn-subtitles" onChange={(e) => { set({ burnSubtitles: e.target.checked }); }} />
        Burn the subtitles into the picture (re-encodes: slower); otherwise they are a track you can switch off
      </label>
      <Field label="Music bed" hint="Looped and faded, ducked under the voice.">
        <div className="flex items-center gap-2">
          <span className="min-w-0 flex-1 truncate text-slate-300" data-testid="music-file">
            {form.music ?? "None"}
          </span>
          <Button
            onClick={() =>
              void pickOneFile("Choose a music bed", MUSIC).then((music) => {
                if (music !== null) set({ music });
              })
            }
            data-testid="choose-music"
          >
            Choose…
          </Button>
          {form.music ? (
            <Button variant="ghost" onClick={() => { set({ music: null }); }}>
              Remove
            </Button>
          ) : null}
        </div>
      </Field>
      {problem ? <p className="text-amber-300">{problem}</p> : null}
    </DialogFrame>
  );
}

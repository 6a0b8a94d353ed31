import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { commands } from "../../bindings";
import { lastProject } from "../../state/lastProject";
import { keys } from "../../state/queryKeys";
import { INPUT, ScreenHeader } from "../styles/fields";
import { SectionWave } from "./SectionWave";
import { VoicePicker } from "./VoicePicker";

/** A project's voice (with a preview) and its narration, section by section. */
export function VoiceOverScreen() {
  const projects = useQuery({ queryKey: keys.projects, queryFn: () => commands.listProjects() });
  const [chosen, setChosen] = useState<string | null>(null);
  const projectId = chosen ?? projects.data?.find((p) => p.id === lastProject())?.id ?? projects.data?.at(0)?.id ?? null;
  const tree = useQuery({
    queryKey: keys.project(projectId ?? ""),
    queryFn: () => commands.loadProject(projectId ?? ""),
    enabled: projectId !== null,
  });
  const [audio, setAudio] = useState<HTMLAudioElement | null>(null);
  return (
    <div className="flex h-full flex-col">
      <ScreenHeader title="Voice-over" summary="Choose and hear the voice, then listen to each section's narration sentence by sentence.">
        {projects.data && projects.data.length > 0 && (
          <select aria-label="Project" className={`${INPUT} w-64`} value={projectId ?? ""} onChange={(e) => { setChosen(e.target.value); }} data-testid="voice-project">
            {projects.data.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        )}
      </ScreenHeader>
      <div className="flex-1 overflow-y-auto px-8 py-6">
        {projects.data?.length === 0 && (
          <p className="text-sm text-slate-400">
            No project yet. <Link to="/" className="text-accent-400 hover:text-accent-500">Create or import one on the Dashboard →</Link>
          </p>
        )}
        {tree.error && <p className="text-sm text-rose-300">The project could not be read: {(tree.error as { message?: string }).message}</p>}
        {tree.data && (
          <div className="mx-auto flex max-w-5xl flex-col gap-4">
            <VoicePicker key={tree.data.project.id} project={tree.data.project} />
            <h2 className="mt-2 text-sm font-semibold tracking-wide text-slate-300">
              Narration · {tree.data.project.narrationMode === "section" ? "one take per section" : "one take per sentence"}
            </h2>
            {tree.data.sections.length === 0 && <p className="text-sm text-slate-500">This project has no sections yet.</p>}
            {tree.data.sections.map((s) => (
              <SectionWave key={s.id} section={s} audio={audio} />
            ))}
          </div>
        )}
      </div>
      <audio ref={setAudio} className="hidden" data-testid="narration-audio">
        <track kind="captions" />
      </audio>
    </div>
  );
}

import { useState, type ReactNode } from "react";
import { useNavigate } from "react-router";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { commands, type TopicProject, type TtsEngine } from "../../bindings";
import { Button } from "../../components/Button";
import { useToast } from "../../components/Toasts";
import { keys } from "../../state/queryKeys";
import { fieldClass, projectName } from "./fields";

function Field({ label, hint, children, wide = false }: { label: string; hint?: ReactNode; children: ReactNode; wide?: boolean }) {
  return (
    <label className={`flex flex-col gap-1.5 ${wide ? "col-span-2" : ""}`}>
      <span className="text-xs font-medium text-slate-300">{label}</span>
      {children}
      {hint && <span className="text-[11px] leading-snug text-slate-500">{hint}</span>}
    </label>
  );
}

/** A video from a topic: what it is about, how long, how it looks and sounds, the facts to use. Then the outline is planned for review. */
export function TopicForm({ name }: { name: string }) {
  const navigate = useNavigate();
  const client = useQueryClient();
  const toast = useToast();
  const { data: styles } = useQuery({ queryKey: keys.styles, queryFn: () => commands.listStyles() });
  const [topic, setTopic] = useState("");
  const [minutes, setMinutes] = useState("8");
  const [styleId, setStyleId] = useState("");
  const [engine, setEngine] = useState<TtsEngine>("piper");
  const [voice, setVoice] = useState("");
  const [notes, setNotes] = useState("");
  const start = useMutation({
    mutationFn: (input: TopicProject) => commands.startTopicProject(input),
    onSuccess: async (project) => {
      // The outline's job is new: the review screen looks for it in the job list.
      await Promise.all([client.invalidateQueries({ queryKey: keys.projects }), client.invalidateQueries({ queryKey: keys.jobs })]);
      void navigate(`/new/${project.id}/outline`);
    },
    onError: (error) => {
      toast.error(error, "The outline was not started");
    },
  });
  const target = Number(minutes);
  const minutesOk = Number.isInteger(target) && target >= 1 && target <= 600;
  const ready = topic.trim() !== "" && minutesOk;
  return (
    <form
      data-testid="topic-form"
      className="grid grid-cols-2 gap-x-6 gap-y-5"
      onSubmit={(event) => {
        event.preventDefault();
        if (!ready) return;
        start.mutate({
          name: projectName(name, topic),
          topic: topic.trim(),
          targetMinutes: target,
          styleId: styleId === "" ? null : styleId,
          ttsEngine: engine,
          voiceId: engine === "chatterbox" && voice.trim() !== "" ? voice.trim() : null,
          sourceNotes: notes.trim() === "" ? null : notes,
        });
      }}
    >
      <Field label="Topic" wide hint="One or two sentences: what the viewer should come away knowing.">
        <textarea
          data-testid="topic"
          rows={2}
          autoFocus
          value={topic}
          onChange={(e) => {
            setTopic(e.target.value);
          }}
          placeholder="e.g. How lighthouses kept ships safe, from the Pharos of Alexandria to GPS"
          className={fieldClass}
        />
      </Field>
      <Field label="Target length (minutes)" hint={minutesOk ? "About 150 spoken words a minute; long videos are written section by section." : "From 1 to 600 minutes."}>
        <input
          data-testid="target-minutes"
          type="number"
          min={1}
          max={600}
          value={minutes}
          onChange={(e) => {
            setMinutes(e.target.value);
          }}
          className={`${fieldClass} ${minutesOk ? "" : "border-rose-400"}`}
        />
      </Field>
      <Field label="Visual style" hint="How the images look; change it later in Project settings.">
        <select
          data-testid="topic-style"
          value={styleId}
          onChange={(e) => {
            setStyleId(e.target.value);
          }}
          className={fieldClass}
        >
          <option value="">None</option>
          {(styles ?? []).map((style) => (
            <option key={style.id} value={style.id}>
              {style.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Voice" hint={engine === "piper" ? "The draft voice runs on this computer, no server needed." : "Needs the Chatterbox TTS server from Settings."}>
        <select
          data-testid="topic-voice-engine"
          value={engine}
          onChange={(e) => {
            setEngine(e.target.value as TtsEngine);
          }}
          className={fieldClass}
        >
          <option value="piper">Draft voice (offline)</option>
          <option value="chatterbox">Chatterbox (TTS server)</option>
        </select>
      </Field>
      {engine === "chatterbox" ? (
        <Field label="Chatterbox voice" hint="A voice name on your Chatterbox server; blank: its default voice.">
          <input
            data-testid="topic-voice"
            value={voice}
            onChange={(e) => {
              setVoice(e.target.value);
            }}
            placeholder="default"
            className={fieldClass}
          />
        </Field>
      ) : (
        <div />
      )}
      <Field
        label="Source notes"
        wide
        hint={
          <span data-testid="no-web-search">
            <strong className="font-medium text-slate-300">No web search is done.</strong> The outline and the script are written from your topic, these notes and what the LLM already
            knows; paste the facts, figures and quotes it must get right.
          </span>
        }
      >
        <textarea
          data-testid="topic-notes"
          rows={5}
          value={notes}
          onChange={(e) => {
            setNotes(e.target.value);
          }}
          placeholder="Facts, dates, names and sources the script should use"
          className={fieldClass}
        />
      </Field>
      <div className="col-span-2 flex items-center gap-3">
        <Button type="submit" variant="primary" disabled={!ready || start.isPending} data-testid="plan-outline">
          {start.isPending ? "Starting…" : "Plan the outline"}
        </Button>
        <span className="text-xs text-slate-500">Next you review the outline; nothing else runs until you have seen the plan and its cost.</span>
      </div>
    </form>
  );
}

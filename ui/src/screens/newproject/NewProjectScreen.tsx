import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { commands } from "../../bindings";
import { Button } from "../../components/Button";
import { Icon } from "../../components/Icon";
import { useToast } from "../../components/Toasts";
import { keys } from "../../state/queryKeys";
import { fieldClass } from "./fields";
import { FileForm, PasteForm } from "./ImportForms";
import { TopicForm } from "./TopicForm";

type Start = "topic" | "paste" | "file";

const STARTS: { start: Start; label: string; hint: string }[] = [
  { start: "topic", label: "From a topic", hint: "An LLM plans an outline, then writes the script" },
  { start: "paste", label: "Paste a script", hint: "Text you already have" },
  { start: "file", label: "A script file", hint: ".txt or .md, chosen or dropped" },
];

/** Key of whether an LLM can write scripts here (asked each time the screen opens). */
const writerKey = ["scriptWriter"] as const;

/** Without an LLM: what is missing, and the ways that need none. */
function NoWriter({ missing, onPick }: { missing: string; onPick: (start: Start) => void }) {
  return (
    <div className="rounded-xl border border-amber-400/30 bg-amber-400/5 p-5" data-testid="no-llm">
      <p className="text-sm font-medium text-amber-200">A script cannot be written from a topic here yet.</p>
      <p className="mt-1 text-sm text-slate-300" data-testid="no-llm-reason">
        {missing}
      </p>
      <div className="mt-4 flex flex-wrap gap-2">
        <Button
          variant="primary"
          onClick={() => {
            onPick("paste");
          }}
          data-testid="offer-paste"
        >
          Paste a script instead
        </Button>
        <Button
          onClick={() => {
            onPick("file");
          }}
          data-testid="offer-file"
        >
          Import a script file
        </Button>
        <Link to="/settings" className="inline-flex items-center rounded-md px-3 py-1.5 text-sm text-slate-300 hover:bg-ink-800 hover:text-white">
          Add an API key in Settings
        </Link>
      </div>
    </div>
  );
}

/** A new project: from a topic (outline review and plan before anything runs), a pasted script, a script file, or empty. */
export function NewProjectScreen() {
  const [name, setName] = useState("");
  const [start, setStart] = useState<Start>("topic");
  const navigate = useNavigate();
  const client = useQueryClient();
  const toast = useToast();
  const writer = useQuery({ queryKey: writerKey, queryFn: () => commands.scriptWriter(), staleTime: 0, gcTime: 0 });
  const createEmpty = useMutation({
    mutationFn: () => commands.createProject({ name, topic: null, targetDurationMin: null }),
    onSuccess: async (project) => {
      await client.invalidateQueries({ queryKey: keys.projects });
      void navigate(`/projects/${project.id}`);
    },
    onError: (error) => {
      toast.error(error, "Could not create the project");
    },
  });
  const ready = writer.data?.ready === true;
  return (
    <div className="h-full overflow-y-auto" data-testid="new-project-screen">
      <div className="mx-auto max-w-4xl px-10 py-10">
        <header className="mb-8 flex items-center gap-3">
          <Link to="/" className="rounded-md p-1.5 text-slate-400 hover:bg-ink-800 hover:text-white" aria-label="Back to projects">
            <Icon name="back" />
          </Link>
          <h1 className="text-2xl font-semibold text-white">New project</h1>
        </header>

        <form
          className="mb-8 flex items-end gap-3"
          onSubmit={(event) => {
            event.preventDefault();
            createEmpty.mutate();
          }}
        >
          <label className="flex flex-1 flex-col gap-1.5">
            <span className="text-xs font-medium text-slate-300">Name</span>
            <input
              id="new-project-name"
              data-testid="new-project-name"
              value={name}
              onChange={(event) => {
                setName(event.target.value);
              }}
              placeholder="e.g. The History of Tea (blank: taken from the topic or script)"
              className={fieldClass}
            />
          </label>
          <Button type="submit" disabled={createEmpty.isPending} data-testid="create-project" title="An empty project: add sections and sentences later">
            Create it empty
          </Button>
        </form>

        <div role="tablist" aria-label="How to start" className="mb-6 grid grid-cols-3 gap-2">
          {STARTS.map((option) => (
            <button
              key={option.start}
              type="button"
              role="tab"
              aria-selected={start === option.start}
              data-testid={`start-${option.start}`}
              onClick={() => {
                setStart(option.start);
              }}
              className={`rounded-lg border px-4 py-3 text-left transition-colors ${start === option.start ? "border-accent-400 bg-accent-500/10" : "border-ink-700 bg-ink-900 hover:border-ink-600"}`}
            >
              <span className="block text-sm font-medium text-white">{option.label}</span>
              <span className="block text-xs text-slate-400">{option.hint}</span>
            </button>
          ))}
        </div>

        <div role="tabpanel">
          {start === "topic" ? (
            writer.isPending ? (
              <p className="text-sm text-slate-500">Checking the LLM settings…</p>
            ) : ready ? (
              <TopicForm name={name} />
            ) : (
              <NoWriter missing={writer.data?.missing || "No LLM is configured: add an API key in Settings, or import a script you wrote."} onPick={setStart} />
            )
          ) : start === "paste" ? (
            <PasteForm name={name} />
          ) : (
            <FileForm name={name} />
          )}
        </div>
      </div>
    </div>
  );
}

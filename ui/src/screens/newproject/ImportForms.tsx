import { useState } from "react";
import { useNavigate } from "react-router";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { commands, type Project } from "../../bindings";
import { Button } from "../../components/Button";
import { Icon } from "../../components/Icon";
import { useToast } from "../../components/Toasts";
import { pickScriptFile } from "../../ipc/pickFile";
import { keys } from "../../state/queryKeys";
import { fieldClass, projectName } from "./fields";

/** After an import: the project list is stale and the new project opens. */
function useOpenImported() {
  const navigate = useNavigate();
  const client = useQueryClient();
  return async (project: Project | null) => {
    if (!project) return;
    await client.invalidateQueries({ queryKey: keys.projects });
    void navigate(`/projects/${project.id}`);
  };
}

/** A script pasted as text: headings start sections, each sentence becomes a row. */
export function PasteForm({ name }: { name: string }) {
  const [text, setText] = useState("");
  const toast = useToast();
  const open = useOpenImported();
  const importText = useMutation({
    mutationFn: () => commands.importScriptText(projectName(name, text) || "Pasted script", text),
    onSuccess: open,
    onError: (error) => {
      toast.error(error, "The script was not imported");
    },
  });
  return (
    <form
      data-testid="paste-form"
      className="flex flex-col gap-3"
      onSubmit={(event) => {
        event.preventDefault();
        importText.mutate();
      }}
    >
      <textarea
        data-testid="paste-script"
        aria-label="Script text"
        rows={14}
        autoFocus
        value={text}
        onChange={(e) => {
          setText(e.target.value);
        }}
        placeholder={"# The first section\n\nPaste your script here. Each sentence becomes a row you can voice and illustrate.\n\n# The next section\n\nA heading starts a new section."}
        className={`${fieldClass} font-mono text-[13px] leading-relaxed`}
      />
      <div className="flex items-center gap-3">
        <Button type="submit" variant="primary" disabled={text.trim() === "" || importText.isPending} data-testid="import-pasted">
          {importText.isPending ? "Importing…" : "Import the script"}
        </Button>
        <span className="text-xs text-slate-500">Markdown headings (#) start sections; without any, the script is one section.</span>
      </div>
    </form>
  );
}

/** A script file: chosen in a dialog, or dropped anywhere on the window. */
export function FileForm({ name }: { name: string }) {
  const toast = useToast();
  const open = useOpenImported();
  const importFile = useMutation({
    mutationFn: async () => {
      const path = await pickScriptFile();
      return path === null ? null : commands.importScriptFile(path, name.trim() === "" ? null : name.trim());
    },
    onSuccess: open,
    onError: (error) => {
      toast.error(error, "The script was not imported");
    },
  });
  return (
    <div className="grid place-items-center gap-4 rounded-xl border-2 border-dashed border-ink-600 px-8 py-14 text-center" data-testid="file-form">
      <Icon name="upload" className="size-8 text-slate-500" />
      <div>
        <p className="text-base font-medium text-white">Drop a .txt or .md script anywhere on this window</p>
        <p className="mt-1 text-sm text-slate-400">or choose one; its name becomes the project&apos;s unless you typed one above.</p>
      </div>
      <Button
        onClick={() => {
          importFile.mutate();
        }}
        disabled={importFile.isPending}
        data-testid="choose-script-file"
      >
        {importFile.isPending ? "Importing…" : "Choose a file…"}
      </Button>
    </div>
  );
}

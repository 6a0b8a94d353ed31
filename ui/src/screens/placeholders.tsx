import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { commands } from "../bindings";
import { keys } from "../state/queryKeys";
import { Placeholder } from "./Placeholder";

export function StoryboardScreen() {
  return (
    <Placeholder
      title="Storyboard"
      summary="Every sentence as a scene: its image, its clip and their prompts, side by side."
      coming={[
        "Table and grid views of a project's scenes, with section navigation",
        "An inspector to edit image and video prompts, camera movement and motion strength",
        "Regenerate buttons for one scene, a section or everything that is out of date",
      ]}
    />
  );
}

export function StyleBuilderScreen() {
  return (
    <Placeholder
      title="Style builder"
      summary="The generation models (ComfyUI workflows) and visual styles your projects use."
      coming={[
        "A gallery of image and video models with their default steps, CFG, frames and fps",
        "Visual styles as prompt prefixes or LoRAs, with the models they suit",
        "Create, edit, activate and delete models and styles",
      ]}
    />
  );
}

export function CharactersScreen() {
  return (
    <Placeholder
      title="Characters"
      summary="A library of recurring characters with descriptions, reference images and LoRAs."
      coming={[
        "A grid of characters with their reference images",
        "Create and edit characters; cast them in projects",
        "Editing a cast character marks the affected images and clips as out of date",
      ]}
    />
  );
}

export function JobsScreen() {
  return (
    <Placeholder
      title="Jobs"
      summary="Everything the studio is generating, queued, running or finished."
      coming={[
        "Live progress of narration, image, clip and export jobs",
        "Cancel, retry, and pause or resume the whole queue (also from the tray)",
        "Why a job failed, in words, and which service it was waiting for",
      ]}
    />
  );
}

export function SettingsScreen() {
  const { data: dataDir } = useQuery({ queryKey: keys.dataDir, queryFn: () => commands.dataDir() });
  return (
    <Placeholder
      title="Settings"
      summary="Where the studio keeps its data and how it reaches its services."
      coming={[
        "ComfyUI, TTS, Whisper and LLM service URLs, with a health check for each",
        "The LLM API key, kept in the system keychain",
        "How many jobs of each kind may run at once",
      ]}
    >
      <div className="mt-6 rounded-xl border border-ink-700 bg-ink-900 p-5">
        <p className="text-sm font-medium text-slate-300">Data folder</p>
        <p className="mt-1 font-mono text-sm break-all text-slate-400" data-testid="data-dir">
          {dataDir ?? "…"}
        </p>
      </div>
    </Placeholder>
  );
}

export function NoProjectOpen() {
  return (
    <Placeholder
      title="Script editor"
      summary="Open a project to edit its script."
      coming={["Sections and sentences with narration, image and clip state", "Audio playback with word highlighting", "Image and video prompt editing"]}
    >
      <Link to="/" className="mt-6 inline-block text-sm font-medium text-accent-400 hover:text-accent-500">
        Go to the Dashboard to open or import a project →
      </Link>
    </Placeholder>
  );
}

import { Link } from "react-router";
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

import { Link } from "react-router";
import { Placeholder } from "./Placeholder";

export { StoryboardScreen } from "./storyboard/StoryboardScreen";

export { StyleBuilderScreen } from "./styles/StyleBuilderScreen";
export { CharactersScreen } from "./characters/CharactersScreen";
export { VoiceOverScreen } from "./voice/VoiceOverScreen";

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

import { ProjectChooser } from "../components/ProjectChooser";

export { StoryboardScreen } from "./storyboard/StoryboardScreen";

export { StyleBuilderScreen } from "./styles/StyleBuilderScreen";
export { CharactersScreen } from "./characters/CharactersScreen";
export { VoiceOverScreen } from "./voice/VoiceOverScreen";

/** The Script editor before any project was opened. */
export function NoProjectOpen() {
  return (
    <ProjectChooser
      title="Script editor"
      summary="Sections and sentences, their narration, images and clips. Choose a project to edit its script."
      linkTo={(id) => `/projects/${id}`}
      noun="sentence"
      testId="script-choose"
    />
  );
}

import { describe, expect, it } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { mockConvertFileSrc, mockIPC } from "@tauri-apps/api/mocks";
import type { Sentence, TakeView } from "../../bindings";
import { project, sentence } from "../../test/fixtures";
import { CallLog, renderApp } from "../../test/render";
import { narrationSource } from "./SceneInspector";
import { promptPatch, spokenPatch } from "./useSceneEdits";
import { board, take } from "./testBoard";

function scene(over: Partial<Sentence> = {}): Sentence {
  return {
    ...sentence("s1-1", "sec1", "The tide comes in.", 0),
    imagePrompt: "A calm beach at dawn",
    videoPrompt: "Waves roll in slowly",
    image: { file: "projects/p/images/s1-1_r2.png", dirty: false, rev: 2, fileRev: 2 },
    video: { file: "projects/p/videos/s1-1_r1.mp4", dirty: false, rev: 1, fileRev: 1 },
    audio: { file: "projects/p/audio/s1-1_r1.wav", dirty: false, rev: 1, fileRev: 1 },
    ...over,
  };
}

function backend(current: Sentence, takes: TakeView[], log = new CallLog()) {
  mockConvertFileSrc("linux");
  mockIPC(
    (cmd, args) => {
      log.record(cmd, args);
      const a = (args ?? {}) as Record<string, unknown>;
      switch (cmd) {
        case "storyboard":
          return board(1, 2);
        case "get_project":
          return project("p", "Tides");
        case "data_dir":
          return "/data";
        case "job_counts":
          return { queued: 0, running: 0, succeeded: 0, failed: 0, cancelled: 0 };
        case "queue_paused":
          return false;
        case "list_jobs":
          return [];
        case "get_sentence":
          return current;
        case "list_takes":
          return takes;
        case "update_sentence":
          return { ...current, ...(a.patch as Partial<Sentence>) };
        case "roll_back_take":
          return { ...current, image: { ...current.image, file: "projects/p/images/s1-1_r1.png" } };
        case "new_image_seed":
          return 777;
        default:
          return null;
      }
    },
    { shouldMockEvents: true },
  );
  return log;
}

async function openFirstScene() {
  renderApp("/storyboard/p");
  await userEvent.click(await screen.findByText("Scene 1 of part 1."));
  return screen.findByTestId("scene-inspector");
}

describe("Scene inspector", () => {
  it("shows the image, a clip that plays, the narration and both prompts", async () => {
    backend(scene(), []);
    const inspector = await openFirstScene();
    expect(await within(inspector).findByTestId("inspector-image")).toHaveAttribute("src", `asset://localhost/${encodeURIComponent("/data/projects/p/images/s1-1_r2.png")}`);
    const clip = within(inspector).getByTestId("inspector-clip");
    expect(clip.tagName).toBe("VIDEO");
    expect(clip).toHaveAttribute("controls");
    expect(within(inspector).getByTestId("inspector-audio").tagName).toBe("AUDIO");
    expect(within(inspector).getByTestId("inspector-text")).toHaveTextContent("The tide comes in.");
    expect(within(inspector).getByTestId("image-prompt")).toHaveValue("A calm beach at dawn");
    expect(within(inspector).getByTestId("video-prompt")).toHaveValue("Waves roll in slowly");
    expect(within(inspector).queryByTestId("image-prompt-mine")).not.toBeInTheDocument();
    expect(await within(inspector).findByTestId("no-takes")).toBeInTheDocument();
  });

  it("saves a prompt the user writes as their own, and goes back to the generated one", async () => {
    const log = backend(scene({ videoPromptUser: "My own waves" }), []);
    const inspector = await openFirstScene();
    const box = await within(inspector).findByTestId("image-prompt");
    await userEvent.clear(box);
    await userEvent.type(box, "A stormy sea");
    fireEvent.blur(box);
    await waitFor(() => {
      expect(log.of("update_sentence")).toEqual([{ id: "s1-1", patch: { imagePrompt: "A stormy sea" } }]);
    });
    expect(within(inspector).getByTestId("video-prompt")).toHaveValue("My own waves");
    expect(within(inspector).getByTestId("video-prompt-mine")).toBeInTheDocument();
    await userEvent.click(within(inspector).getByText("Use the generated one"));
    await waitFor(() => {
      expect(log.of("update_sentence")).toContainEqual({ id: "s1-1", patch: { videoPrompt: null } });
    });
  });

  it("saves the camera movement at once and a new seed on request", async () => {
    const log = backend(scene(), []);
    const inspector = await openFirstScene();
    await userEvent.selectOptions(await within(inspector).findByTestId("camera"), "zoom_in");
    await waitFor(() => {
      expect(log.of("update_sentence")).toEqual([{ id: "s1-1", patch: { cameraMovement: "zoom_in" } }]);
    });
    await userEvent.click(within(inspector).getByTestId("new-seed"));
    expect(await screen.findByText(/renders with seed 777/)).toBeInTheDocument();
    expect(log.of("new_image_seed")).toEqual([{ sentence: "s1-1" }]);
  });

  it("lists every take and rolls back to an older one without queueing anything", async () => {
    const now = Date.now();
    const log = backend(scene(), [take("new", "image", now, true), take("old", "image", now - 60_000, false), take("voice", "audio", now - 120_000, true)]);
    const inspector = await openFirstScene();
    const list = await within(inspector).findByTestId("take-list");
    const takes = within(list).getAllByTestId("take");
    expect(takes.map((t) => t.getAttribute("data-take-id"))).toEqual(["new", "old", "voice"]);
    expect(takes[0]).toHaveTextContent("In use");
    await userEvent.click(within(takes[1] as HTMLElement).getByTestId("use-take"));
    await waitFor(() => {
      expect(log.of("roll_back_take")).toEqual([{ sentence: "s1-1", take: "old" }]);
    });
    expect(await screen.findByText(/is in use again\. Nothing was queued\./)).toBeInTheDocument();
    expect(log.of("generate")).toEqual([]);
    expect(log.of("regenerate")).toEqual([]);
  });
});

describe("inspector logic", () => {
  it("turns typed prompts into overrides, and an empty or unchanged box back into the generated prompt", () => {
    expect(promptPatch(" A storm ", "A calm sea")).toBe("A storm");
    expect(promptPatch("", "A calm sea")).toBeNull();
    expect(promptPatch("A calm sea ", "A calm sea")).toBeNull();
    expect(promptPatch("Mine", null)).toBe("Mine");
  });

  it("reads the text again when the spoken text is empty or the same", () => {
    expect(spokenPatch("Sea-Tac", "SeaTac")).toBe("Sea-Tac");
    expect(spokenPatch("  ", "SeaTac")).toBeNull();
    expect(spokenPatch("SeaTac", "SeaTac")).toBeNull();
  });

  it("plays the scene's own narration, else its range of the section's take", () => {
    expect(narrationSource(scene())).toEqual({ file: "projects/p/audio/s1-1_r1.wav", fragment: "" });
    const inSection = scene({ audio: { file: null, dirty: false, rev: 1, fileRev: null }, sectionAudioFile: "projects/p/sections/sec1_r1.wav", audioStartMs: 1500, audioEndMs: 4250 });
    expect(narrationSource(inSection)).toEqual({ file: "projects/p/sections/sec1_r1.wav", fragment: "#t=1.5,4.25" });
    expect(narrationSource(scene({ audio: { file: null, dirty: true, rev: 1, fileRev: null } }))).toBeNull();
  });
});

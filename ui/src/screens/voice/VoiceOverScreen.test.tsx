import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { cleanup, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { mockConvertFileSrc, mockIPC } from "@tauri-apps/api/mocks";
import type { ProjectTree, SectionWaveform } from "../../bindings";
import { asset, project, sentence, summary } from "../../test/fixtures";
import { CallLog, renderApp } from "../../test/render";

function tree(): ProjectTree {
  const s1 = { ...sentence("t1", "sec1", "The keeper climbed.", 0), audio: asset(false, "projects/p1/audio/t1_r1.wav") };
  const s2 = { ...sentence("t2", "sec1", "The lamp was lit.", 1), audio: asset(false, "projects/p1/audio/t2_r1.wav") };
  return {
    project: { ...project("p1", "Lighthouses"), voiceId: "Emily.wav" },
    sections: [
      { id: "sec1", projectId: "p1", title: "Night", order: 0, narration: { file: null, durationMs: null, dirty: true, rev: 1 }, sentences: [s1, s2], createdAt: 0 },
    ],
  };
}

const WAVE: SectionWaveform = {
  sectionId: "sec1",
  source: "sentences",
  file: null,
  peaks: { durationMs: 1000, min: [-0.5, -0.2], max: [0.5, 0.2] },
  sentences: [
    { sentenceId: "t1", order: 0, startMs: 0, endMs: 400, file: "/data/projects/p1/audio/t1_r1.wav" },
    { sentenceId: "t2", order: 1, startMs: 400, endMs: 1000, file: "/data/projects/p1/audio/t2_r1.wav" },
  ],
};

function backend(log = new CallLog()) {
  mockConvertFileSrc("linux");
  mockIPC((cmd, args) => {
    log.record(cmd, args);
    const a = args as Record<string, unknown>;
    switch (cmd) {
      case "list_projects":
        return [summary("p1", "Lighthouses", 2)];
      case "load_project":
        return tree();
      case "list_voices":
        return a.engine === "piper"
          ? [{ id: "en_US-joe-medium", name: "Joe (English, United States, medium)" }]
          : [
              { id: "Emily.wav", name: "Emily" },
              { id: "Olivia.wav", name: "Olivia" },
            ];
      case "preview_voice":
        return { path: "/data/cache/voice-previews/x.wav", durationMs: 1800, cached: false };
      case "update_project":
        return project("p1", "Lighthouses");
      case "section_waveform":
        return WAVE;
      case "job_counts":
        return { queued: 0, running: 0, succeeded: 0, failed: 0, cancelled: 0 };
      default:
        return null;
    }
  });
  return log;
}

const assetUrl = (path: string) => `asset://localhost/${encodeURIComponent(path)}`;

// WebKitGTK cannot play asset URLs: every player fetches the file and plays it from a blob
// (ipc/playable.ts). jsdom has neither the asset protocol nor object URLs, so both are faked
// here and the tests check that the players go through them.
let blobs = 0;
const fetched = vi.fn((url: string) => Promise.resolve(new Response(new Blob([url]), { status: 200 })));
const revoked = vi.fn();
let played: ReturnType<typeof vi.fn>;

beforeEach(() => {
  blobs = 0;
  fetched.mockClear();
  revoked.mockClear();
  vi.stubGlobal("fetch", fetched);
  URL.createObjectURL = () => `blob:test/${++blobs}`;
  URL.revokeObjectURL = revoked;
  played = vi.fn(() => Promise.resolve());
  vi.spyOn(HTMLMediaElement.prototype, "play").mockImplementation(played);
  vi.spyOn(HTMLMediaElement.prototype, "pause").mockImplementation(() => {});
});

afterEach(() => {
  // Unmounted while the fakes are still in place: a section lets its file go on unmount.
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe("Voice-over", () => {
  it("previews a voice of the chosen engine and plays it", async () => {
    const log = backend();
    renderApp("/voice");
    const select = await screen.findByTestId("voice-select");
    await waitFor(() => { expect(select).toHaveValue("Emily.wav"); });
    await userEvent.selectOptions(select, "Olivia.wav");
    await userEvent.click(screen.getByTestId("preview-voice"));
    const audio = await screen.findByTestId("voice-preview-audio");
    expect(fetched).toHaveBeenCalledWith(assetUrl("/data/cache/voice-previews/x.wav"));
    expect(audio).toHaveAttribute("src", "blob:test/1");
    expect(log.of("preview_voice")).toEqual([{ engine: "chatterbox", voice: "Olivia.wav", text: "Every story worth telling starts with a single sentence." }]);

    await userEvent.click(screen.getByRole("radio", { name: "Draft voice (offline)" }));
    await waitFor(() => { expect(screen.getByTestId("voice-select")).toHaveValue("en_US-joe-medium"); });
    expect(screen.queryByTestId("voice-preview-audio")).toBeNull();
    await userEvent.click(screen.getByTestId("use-voice"));
    await waitFor(() => { expect(log.of("update_project")).toEqual([{ id: "p1", patch: { ttsEngine: "piper", voiceId: "en_US-joe-medium" } }]); });
  });

  it("shows a section's waveform with its sentences and asks for 1,000 buckets", async () => {
    const log = backend();
    renderApp("/voice");
    const wave = await screen.findByTestId("section-wave");
    await waitFor(() => { expect(within(wave).getByTestId("waveform-canvas")).toBeInTheDocument(); });
    expect(wave).toHaveTextContent("2 of 2 sentences voiced · 0:01");
    expect(log.of("section_waveform")).toEqual([{ sectionId: "sec1", buckets: 1000 }]);
    expect(within(wave).getAllByRole("button").map((b) => b.textContent)).toEqual(["1 · 0:00", "2 · 0:00"]);
    await userEvent.click(within(wave).getAllByRole("button")[1] as HTMLElement);
    expect(wave).toHaveTextContent("The lamp was lit.");
  });

  it("plays a sentence from the fetched file, never from the asset URL, and lets the last one go", async () => {
    backend();
    renderApp("/voice");
    const wave = await screen.findByTestId("section-wave");
    const player = screen.getByTestId("narration-audio");
    await waitFor(() => { expect(within(wave).getAllByRole("button")).toHaveLength(2); });
    expect(player).not.toHaveAttribute("src");

    await userEvent.click(within(wave).getAllByRole("button")[1] as HTMLElement);
    await waitFor(() => { expect(player).toHaveAttribute("src", "blob:test/1"); });
    expect(fetched).toHaveBeenCalledWith(assetUrl("/data/projects/p1/audio/t2_r1.wav"));
    expect(played).toHaveBeenCalledTimes(1);

    await userEvent.click(within(wave).getAllByRole("button")[0] as HTMLElement);
    await waitFor(() => { expect(player).toHaveAttribute("src", "blob:test/2"); });
    expect(fetched).toHaveBeenLastCalledWith(assetUrl("/data/projects/p1/audio/t1_r1.wav"));
    expect(revoked).toHaveBeenCalledWith("blob:test/1");
    // The same sentence again plays the file already fetched.
    await userEvent.click(within(wave).getAllByRole("button")[0] as HTMLElement);
    await waitFor(() => { expect(played).toHaveBeenCalledTimes(3); });
    expect(fetched).toHaveBeenCalledTimes(2);
    expect(revoked).not.toHaveBeenCalledWith("blob:test/2");
    cleanup();
    expect(revoked).toHaveBeenCalledWith("blob:test/2");
  });
});

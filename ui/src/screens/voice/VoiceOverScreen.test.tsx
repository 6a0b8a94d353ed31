import { describe, expect, it } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
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

describe("Voice-over", () => {
  it("previews a voice of the chosen engine and plays it", async () => {
    const log = backend();
    renderApp("/voice");
    const select = await screen.findByTestId("voice-select");
    await waitFor(() => { expect(select).toHaveValue("Emily.wav"); });
    await userEvent.selectOptions(select, "Olivia.wav");
    await userEvent.click(screen.getByTestId("preview-voice"));
    const audio = await screen.findByTestId("voice-preview-audio");
    expect(audio.getAttribute("src")).toContain("x.wav");
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
});

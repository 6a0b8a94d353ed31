import { describe, expect, it } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { mockConvertFileSrc, mockIPC } from "@tauri-apps/api/mocks";
import { QueryClientProvider } from "@tanstack/react-query";
import type { Section, SectionTakeView } from "../../bindings";
import { makeQueryClient } from "../../App";
import { ToastProvider } from "../../components/Toasts";
import { CallLog } from "../../test/render";
import { SectionTakes } from "./SectionTakes";
import { rolledBackText, sectionTakeDetails } from "./sectionTakes";

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 2, 10, 12, 0);

function take(id: string, rev: number, current: boolean, createdAt: number): SectionTakeView {
  return { id, sectionId: "sec1", rev, file: `projects/p1/sections/sec1_r${rev}.wav`, model: "Emily.wav", durationMs: 61_000, createdAt, current };
}

const SECTION: Section = {
  id: "sec1",
  projectId: "p1",
  title: "Night",
  order: 0,
  narration: { file: "projects/p1/sections/sec1_r2.wav", durationMs: 61_000, dirty: false, rev: 2 },
  sentences: [],
  createdAt: 0,
};

function backend(log: CallLog) {
  let current = "t2";
  mockConvertFileSrc("linux");
  mockIPC((cmd, args) => {
    log.record(cmd, args);
    switch (cmd) {
      case "data_dir":
        return "/data";
      case "list_section_narration_takes":
        return [take("t2", 2, current === "t2", NOW - 60_000), take("t1", 1, current === "t1", NOW - 2 * DAY)];
      case "roll_back_section_narration_take":
        current = (args as { take: string }).take;
        return { ...SECTION, narration: { ...SECTION.narration, file: "projects/p1/sections/sec1_r1.wav", rev: 3 } };
      default:
        return null;
    }
  });
}

describe("Section narration takes", () => {
  it("lists every take and rolls back to an earlier one without queueing anything", async () => {
    const log = new CallLog();
    backend(log);
    render(
      <QueryClientProvider client={makeQueryClient()}>
        <ToastProvider>
          <SectionTakes section={SECTION} />
        </ToastProvider>
      </QueryClientProvider>,
    );
    expect(log.of("list_section_narration_takes")).toHaveLength(0);
    await userEvent.click(screen.getByTestId("section-takes-toggle"));
    const list = await screen.findByTestId("section-takes");
    const items = within(list).getAllByTestId("section-take");
    expect(items.map((i) => i.getAttribute("data-current"))).toEqual(["true", "false"]);
    expect(items[0]).toHaveTextContent("In use");

    await userEvent.click(within(items[1] as HTMLElement).getByTestId("use-section-take"));
    await waitFor(() => {
      expect(log.of("roll_back_section_narration_take")).toEqual([{ section: "sec1", take: "t1" }]);
    });
    expect(await screen.findByRole("status")).toHaveTextContent("Nothing was queued");
    await waitFor(() => {
      expect(screen.getAllByTestId("section-take").map((i) => i.getAttribute("data-current"))).toEqual(["false", "true"]);
    });
    const asked = log.calls.map((c) => c.cmd);
    expect(asked.filter((c) => c === "generate" || c === "regenerate")).toEqual([]);
  });

  it("describes a take by when, which voice and how long", () => {
    expect(sectionTakeDetails(take("t1", 1, false, NOW - 60_000), NOW)).toMatch(/^\d\d:\d\d · Emily\.wav · 1:01$/);
    expect(rolledBackText(take("t1", 1, false, NOW - 2 * DAY), NOW)).toMatch(/^The narration from 8 Mar \d\d:\d\d is in use again\. Nothing was queued/);
  });
});

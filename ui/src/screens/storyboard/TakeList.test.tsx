import { describe, expect, it } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { QueryClientProvider } from "@tanstack/react-query";
import { mockConvertFileSrc, mockIPC } from "@tauri-apps/api/mocks";
import type { TakeView } from "../../bindings";
import { makeQueryClient } from "../../App";
import { ToastProvider } from "../../components/Toasts";
import { sentence } from "../../test/fixtures";
import { CallLog } from "../../test/render";
import { TakeList, groupTakes, takeDetails, takeTime } from "./TakeList";
import { take } from "./testBoard";

function show(takes: TakeView[], rollBack: (take: string) => unknown = () => sentence("s1-1", "sec1", "Text.", 0)) {
  const log = new CallLog();
  mockConvertFileSrc("linux");
  mockIPC((cmd, args) => {
    log.record(cmd, args);
    if (cmd === "list_takes") return takes;
    if (cmd === "roll_back_take") return rollBack((args as { take: string }).take);
    return null;
  });
  render(
    <QueryClientProvider client={makeQueryClient()}>
      <ToastProvider>
        <TakeList sentenceId="s1-1" urlOf={(file) => `asset://localhost/${file}`} />
      </ToastProvider>
    </QueryClientProvider>,
  );
  return log;
}

describe("Take list", () => {
  it("groups takes by piece, newest first, and marks the one in use", async () => {
    show([take("a1", "audio", 1, true), take("i1", "image", 1, false), take("i2", "image", 2, true)]);
    const items = await screen.findAllByTestId("take");
    expect(items.map((i) => i.getAttribute("data-take-id"))).toEqual(["i2", "i1", "a1"]);
    expect(items[0]).toHaveTextContent("In use");
    expect(within(items[1] as HTMLElement).getByTestId("use-take")).toBeInTheDocument();
    expect((items[0] as HTMLElement).querySelector("img")).toHaveAttribute("src", "asset://localhost/projects/p/thumbs/i2.webp");
  });

  it("plays an audio take only when asked", async () => {
    show([take("a1", "audio", 1, false), take("a2", "audio", 2, true)]);
    await screen.findAllByTestId("take");
    expect(document.querySelector("audio")).toBeNull();
    await userEvent.click(screen.getAllByRole("button", { name: "Play this take" })[0] as HTMLElement);
    expect(document.querySelector("audio")).toHaveAttribute("src", "asset://localhost/projects/p/audio/a2.bin");
  });

  it("says why a rollback failed and what to do", async () => {
    const log = show([take("i2", "image", 2, true), take("i1", "image", 1, false)], () => {
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- IPC rejects with the app's {code, message}, not an Error
      throw { code: "NOT_FOUND", message: "This take is no longer among the scene's takes: reopen the scene to see the ones it has." };
    });
    await userEvent.click(await screen.findByTestId("use-take"));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Could not restore that take");
    expect(alert).toHaveTextContent("reopen the scene");
    await waitFor(() => {
      expect(log.of("roll_back_take")).toEqual([{ sentence: "s1-1", take: "i1" }]);
    });
  });

  it("says there are no takes before anything was made", async () => {
    show([]);
    expect(await screen.findByTestId("no-takes")).toHaveTextContent("No takes yet");
  });

  it("describes a take by time, model, seed and length", () => {
    expect(groupTakes([take("v", "video", 1, false), take("i", "image", 1, false)]).map((g) => g.kind)).toEqual(["image", "video"]);
    const at = new Date(2026, 11, 4, 14, 2).getTime();
    expect(takeTime(at, at)).toBe("14:02");
    expect(takeTime(at, at + 86_400_000)).toBe("4 Dec 14:02");
    expect(takeDetails(take("v", "video", at, false, { seed: 9 }))).toMatch(/ · Title card · seed 9 · 0:02\.4$/);
  });
});

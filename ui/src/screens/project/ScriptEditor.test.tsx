import { describe, expect, it, vi } from "vitest";
import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { QueryClientProvider } from "@tanstack/react-query";
import { AppRoutes, makeQueryClient } from "../../App";
import type { SentencePatch } from "../../bindings";
import { ToastProvider } from "../../components/Toasts";
import { tree } from "../../test/fixtures";
import { FakeScript } from "./fakeScript";
import { AudioOutputContext, type AudioOutput } from "./playback";

// jsdom has no PointerEvent: without one, a test's pointer events carry no button or position.
if (!("PointerEvent" in window)) {
  Object.defineProperty(window, "PointerEvent", { value: class PointerEvent extends MouseEvent {} });
}

class SilentOutput implements AudioOutput {
  seconds = 0;
  files: string[] = [];
  start(file: string): void {
    this.files.push(file);
  }
  pause(): void {}
  resume(): void {}
  time(): number {
    return this.seconds;
  }
  stop(): void {}
}

function open(output: AudioOutput = new SilentOutput()) {
  render(
    <QueryClientProvider client={makeQueryClient()}>
      <ToastProvider>
        <AudioOutputContext.Provider value={() => output}>
          <MemoryRouter initialEntries={["/projects/p"]}>
            <AppRoutes />
          </MemoryRouter>
        </AudioOutputContext.Provider>
      </ToastProvider>
    </QueryClientProvider>,
  );
}

/** The item at `index`, which the test knows is there. */
function nth<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new Error(`nothing at ${index}`);
  return item;
}

function row(id: string): HTMLElement {
  const found = document.querySelector<HTMLElement>(`[data-testid=sentence-row][data-sentence-id="${id}"]`);
  if (!found) throw new Error(`row ${id} is not drawn`);
  return found;
}

/** Sentence texts in the order the list shows them. */
function shownTexts(): string[] {
  return screen.getAllByTestId("sentence-text").map((p) => p.textContent ?? "");
}

describe("Script editor", () => {
  it("moves a sentence down with Alt+↓, and Ctrl+Z puts it back", async () => {
    const fake = new FakeScript(tree("p", 1, 3)).install();
    open();
    const first = await screen.findByText("Sentence 1 of section 1.");
    first.focus();
    fireEvent.keyDown(first, { key: "ArrowDown", altKey: true });
    await waitFor(() => {
      expect(shownTexts()).toEqual(["Sentence 2 of section 1.", "Sentence 1 of section 1.", "Sentence 3 of section 1."]);
    });
    expect(fake.log.of("reorder_sentences")).toEqual([{ section: "sec-0", order: ["s-0-1", "s-0-0", "s-0-2"] }]);
    expect(screen.getByTestId("undo")).toHaveAttribute("title", "Undo: Reorder sentences (Ctrl+Z)");

    fireEvent.keyDown(document.body, { key: "z", ctrlKey: true });
    await waitFor(() => {
      expect(shownTexts()).toEqual(["Sentence 1 of section 1.", "Sentence 2 of section 1.", "Sentence 3 of section 1."]);
    });
    expect(screen.getByTestId("redo")).toBeEnabled();
  });

  it("splits a sentence at the cursor with Ctrl+Enter and merges it back with Undo", async () => {
    const fake = new FakeScript(tree("p", 1, 2));
    fake.find("s-0-0").sentence.text = "Ships saw the light. Then they turned.";
    fake.install();
    open();
    fireEvent.click(await screen.findByText("Ships saw the light. Then they turned."));
    const editor = screen.getByTestId<HTMLTextAreaElement>("sentence-editor");
    editor.setSelectionRange(21, 21);
    fireEvent.keyDown(editor, { key: "Enter", ctrlKey: true });
    await waitFor(() => {
      expect(shownTexts()).toEqual(["Ships saw the light.", "Then they turned.", "Sentence 2 of section 1."]);
    });
    expect(fake.log.of("split_sentence")).toEqual([{ id: "s-0-0", atChar: 21 }]);
    await userEvent.click(screen.getByTestId("undo"));
    await waitFor(() => {
      expect(shownTexts()).toEqual(["Ships saw the light. Then they turned.", "Sentence 2 of section 1."]);
    });
  });

  it("merges with the next sentence by key and deletes with Delete, each undoable", async () => {
    new FakeScript(tree("p", 1, 3)).install();
    open();
    const second = await screen.findByText("Sentence 2 of section 1.");
    fireEvent.keyDown(second, { key: "m" });
    await waitFor(() => {
      expect(shownTexts()).toEqual(["Sentence 1 of section 1.", "Sentence 2 of section 1. Sentence 3 of section 1."]);
    });
    fireEvent.keyDown(screen.getByText("Sentence 1 of section 1."), { key: "Delete" });
    await waitFor(() => {
      expect(shownTexts()).toEqual(["Sentence 2 of section 1. Sentence 3 of section 1."]);
    });
    await userEvent.click(screen.getByTestId("undo"));
    await userEvent.click(screen.getByTestId("undo"));
    await waitFor(() => {
      expect(shownTexts()).toEqual(["Sentence 1 of section 1.", "Sentence 2 of section 1.", "Sentence 3 of section 1."]);
    });
  });

  it("records a typed edit as one undoable step", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const fake = new FakeScript(tree("p", 1, 2)).install();
      open();
      fireEvent.click(await screen.findByText("Sentence 1 of section 1."));
      const editor = screen.getByTestId("sentence-editor");
      fireEvent.change(editor, { target: { value: "A" } });
      await act(async () => {
        await vi.advanceTimersByTimeAsync(700);
      });
      fireEvent.change(editor, { target: { value: "A new first line." } });
      fireEvent.keyDown(editor, { key: "Enter" });
      await waitFor(() => {
        expect(screen.getByTestId("undo")).toHaveAttribute("title", "Undo: Edit a sentence (Ctrl+Z)");
      });
      expect(fake.find("s-0-0").sentence.text).toBe("A new first line.");
      fireEvent.click(screen.getByTestId("undo"));
      await waitFor(() => {
        expect(fake.find("s-0-0").sentence.text).toBe("Sentence 1 of section 1.");
      });
      expect(screen.getByTestId("undo")).toBeDisabled();
    } finally {
      vi.useRealTimers();
    }
  });

  it("drags a sentence below another and drops it there", async () => {
    new FakeScript(tree("p", 1, 3)).install();
    open();
    await screen.findByText("Sentence 1 of section 1.");
    fireEvent.pointerDown(within(row("s-0-0")).getByTestId("sentence-drag"), { button: 0 });
    const target = row("s-0-2").parentElement;
    if (!target) throw new Error("no wrapper");
    // jsdom has no layout: every box is at 0, so any pointer below 0 is the lower half.
    fireEvent.pointerMove(target, { clientY: 5 });
    expect(await screen.findByTestId("drop-line")).toBeInTheDocument();
    fireEvent.pointerUp(window);
    await waitFor(() => {
      expect(shownTexts()).toEqual(["Sentence 2 of section 1.", "Sentence 3 of section 1.", "Sentence 1 of section 1."]);
    });
  });

  it("searches the script and jumps from match to match", async () => {
    new FakeScript(tree("p", 3, 3)).install();
    open();
    await screen.findByText("Sentence 1 of section 1.");
    const search = screen.getByTestId("script-search");
    fireEvent.change(search, { target: { value: "2 of section" } });
    expect(screen.getByTestId("search-count")).toHaveTextContent("3 found");
    fireEvent.keyDown(search, { key: "Enter" });
    expect(screen.getByTestId("search-count")).toHaveTextContent("1 of 3");
    await waitFor(() => {
      expect(row("s-0-1")).toHaveAttribute("data-selected", "true");
    });
    expect(within(row("s-0-1")).getByText("2 of section").tagName).toBe("MARK");
    fireEvent.keyDown(search, { key: "Enter" });
    expect(screen.getByTestId("search-count")).toHaveTextContent("2 of 3");
    await waitFor(() => {
      expect(row("s-1-1")).toHaveAttribute("data-selected", "true");
    });
  });

  it("keeps my image prompt over the generated one, and undoes it", async () => {
    const fake = new FakeScript(tree("p", 1, 2));
    fake.find("s-0-0").sentence.imagePrompt = "a lighthouse, generated";
    fake.install();
    open();
    fireEvent.keyDown(await screen.findByText("Sentence 1 of section 1."), { key: "p" });
    const panel = await screen.findByTestId("prompt-panel");
    expect(within(panel).getByTestId("prompt-image-source")).toHaveTextContent("using the generated prompt");
    const mine = within(panel).getByTestId("my-image-prompt");
    fireEvent.change(mine, { target: { value: "a red lighthouse in a storm" } });
    fireEvent.blur(mine);
    await waitFor(() => {
      expect(within(screen.getByTestId("prompt-panel")).getByTestId("prompt-image-source")).toHaveTextContent("using my prompt");
    });
    expect((fake.log.of("update_sentence") as { patch: SentencePatch }[]).map((c) => c.patch)).toEqual([{ imagePrompt: "a red lighthouse in a storm" }]);
    await userEvent.click(screen.getByTestId("undo"));
    await waitFor(() => {
      expect(within(screen.getByTestId("prompt-panel")).getByTestId("prompt-image-source")).toHaveTextContent("using the generated prompt");
    });
    expect(fake.find("s-0-0").sentence.imagePromptUser).toBeNull();
  });

  it("plays a sentence as karaoke through the audio output, or says there is nothing to play", async () => {
    const fake = new FakeScript(tree("p", 1, 2));
    const voiced = fake.find("s-0-0").sentence;
    voiced.audio = { file: "audio/s-0-0.wav", dirty: false, rev: 1, fileRev: 1 };
    voiced.audioDurationMs = 1200;
    voiced.wordTimings = [
      { word: "Sentence", startMs: 0, endMs: 400 },
      { word: "one.", startMs: 500, endMs: 1000 },
    ];
    fake.find("s-0-1").sentence.audio = { file: null, dirty: true, rev: 1, fileRev: null };
    fake.install();
    const output = new SilentOutput();
    open(output);
    fireEvent.keyDown(await screen.findByText("Sentence 2 of section 1."), { key: " " });
    expect(await screen.findByRole("status")).toHaveTextContent("Nothing to play yet");
    fireEvent.click(within(row("s-0-0")).getByTestId("play-sentence"));
    const bar = await screen.findByTestId("karaoke-bar");
    expect(bar).toHaveTextContent("Sentence 1");
    await waitFor(() => {
      expect(output.files).toEqual(["audio/s-0-0.wav"]);
    });
    expect(within(bar).getAllByTestId("karaoke-word").map((w) => w.textContent)).toEqual(["Sentence", "one."]);
    await waitFor(() => {
      expect(row("s-0-0")).toHaveAttribute("data-playing", "true");
    });
  });

  it("moves a section with Alt+↑ on its title and renames it, both undoable", async () => {
    new FakeScript(tree("p", 2, 1)).install();
    open();
    const titles = await screen.findAllByTestId("section-title");
    fireEvent.keyDown(nth(titles, 1), { key: "ArrowUp", altKey: true });
    await waitFor(() => {
      expect(screen.getAllByTestId("section-title").map((t) => t.textContent)).toEqual(["Chapter 2", "Chapter 1"]);
    });
    fireEvent.doubleClick(nth(screen.getAllByTestId("section-title"), 0));
    const input = screen.getByTestId("section-title-input");
    fireEvent.change(input, { target: { value: "The lens" } });
    fireEvent.keyDown(input, { key: "Enter" });
    await waitFor(() => {
      expect(screen.getAllByTestId("section-title").map((t) => t.textContent)).toEqual(["The lens", "Chapter 1"]);
    });
    await userEvent.click(screen.getByTestId("undo"));
    await userEvent.click(screen.getByTestId("undo"));
    await waitFor(() => {
      expect(screen.getAllByTestId("section-title").map((t) => t.textContent)).toEqual(["Chapter 1", "Chapter 2"]);
    });
  });

  it("plays a whole section's narrated sentences in order", async () => {
    const fake = new FakeScript(tree("p", 1, 3));
    for (const id of ["s-0-0", "s-0-2"]) {
      const s = fake.find(id).sentence;
      s.audio = { file: `audio/${id}.wav`, dirty: false, rev: 1, fileRev: 1 };
      s.audioDurationMs = 1000;
    }
    fake.find("s-0-1").sentence.audio = { file: null, dirty: true, rev: 1, fileRev: null };
    fake.install();
    const output = new SilentOutput();
    open(output);
    fireEvent.click(await screen.findByTestId("play-section"));
    const bar = await screen.findByTestId("karaoke-bar");
    expect(bar).toHaveTextContent("§1 Chapter 1");
    expect(bar).toHaveTextContent("sentence 1 of 2");
    await waitFor(() => {
      expect(output.files).toEqual(["audio/s-0-0.wav"]);
    });
  });
});

import { describe, expect, it } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { mockConvertFileSrc, mockIPC } from "@tauri-apps/api/mocks";
import type { Character } from "../../bindings";
import { project, summary } from "../../test/fixtures";
import { CallLog, renderApp } from "../../test/render";

function ada(refs: string[] = []): Character {
  return { id: "c1", name: "Ada", description: "A woman in a dark dress", aliases: ["the Countess"], referenceImages: refs, styleLora: null, createdAt: 0 };
}

function backend(opts: { picked?: string | null; cast?: string[] } = {}, log = new CallLog()) {
  mockConvertFileSrc("linux");
  let character = ada();
  const cast = new Set(opts.cast ?? []);
  mockIPC((cmd, args) => {
    log.record(cmd, args);
    const a = args as Record<string, unknown>;
    switch (cmd) {
      case "list_characters":
        return [character];
      case "data_dir":
        return "/data";
      case "plugin:dialog|open":
        return opts.picked ?? null;
      case "add_character_reference":
        character = ada([...character.referenceImages, "characters/c1/ref_1.png"]);
        return character;
      case "update_character":
        return character;
      case "list_projects":
        return [summary("p1", "Engines")];
      case "get_project":
        return { ...project("p1", "Engines"), cast: [...cast] };
      case "add_to_cast":
        cast.add(a.character as string);
        return null;
      case "remove_from_cast":
        cast.delete(a.character as string);
        return null;
      case "job_counts":
        return { queued: 0, running: 0, succeeded: 0, failed: 0, cancelled: 0 };
      default:
        return null;
    }
  });
  return log;
}

describe("Characters", () => {
  it("copies a picked reference image through the app and shows the copy", async () => {
    const log = backend({ picked: "/home/me/Pictures/ada.png" });
    renderApp("/characters");
    await userEvent.click(await screen.findByTestId("character-item"));
    await userEvent.click(await screen.findByTestId("add-reference"));
    await waitFor(() => { expect(log.of("add_character_reference")).toEqual([{ id: "c1", path: "/home/me/Pictures/ada.png" }]); });
    const img = await screen.findByRole("img", { name: "Reference 1 of Ada" });
    expect(img.getAttribute("src")).toContain(encodeURIComponent("/data/characters/c1/ref_1.png"));
  });

  it("does nothing when the file dialog is cancelled", async () => {
    const log = backend({ picked: null });
    renderApp("/characters");
    await userEvent.click(await screen.findByTestId("character-item"));
    await userEvent.click(await screen.findByTestId("add-reference"));
    await waitFor(() => { expect(log.of("plugin:dialog|open")).toHaveLength(1); });
    expect(log.of("add_character_reference")).toEqual([]);
  });

  it("sends only the changed aliases when saving", async () => {
    const log = backend();
    renderApp("/characters");
    await userEvent.click(await screen.findByTestId("character-item"));
    const aliases = screen.getByTestId("character-aliases");
    await userEvent.type(aliases, ", Lady Lovelace");
    await userEvent.click(screen.getByTestId("character-save"));
    await waitFor(() => { expect(log.of("update_character")).toEqual([{ id: "c1", patch: { aliases: ["the Countess", "Lady Lovelace"] } }]); });
  });

  it("casts a character in the chosen project", async () => {
    const log = backend({ cast: [] });
    renderApp("/characters");
    const box = await screen.findByTestId("cast-Ada");
    await waitFor(() => { expect(box).toBeEnabled(); });
    expect(box).not.toBeChecked();
    await userEvent.click(box);
    await waitFor(() => { expect(log.of("add_to_cast")).toEqual([{ project: "p1", character: "c1" }]); });
    await waitFor(() => { expect(screen.getByTestId("cast-Ada")).toBeChecked(); });
  });
});

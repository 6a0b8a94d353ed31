import { describe, expect, it } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { mockIPC } from "@tauri-apps/api/mocks";
import type { Channel } from "@tauri-apps/api/core";
import type { DoctorView, InstallUpdate, SettingValue } from "../../bindings";
import { setting } from "../../test/fixtures";
import { CallLog, renderApp } from "../../test/render";

function defaults(): SettingValue[] {
  return [
    setting("comfyui.url", "http://127.0.0.1:8188"),
    setting("tts.url", "http://127.0.0.1:8004"),
    setting("whisper.url", "http://127.0.0.1:8005", "environment"),
    setting("llm.url", "https://api.deepseek.com"),
    setting("llm.model", "deepseek-flash"),
    setting("llm.price.output", "0.42"),
    setting("jobs.concurrency.image", "2"),
  ];
}

const DOCTOR: DoctorView = {
  ok: false,
  services: [
    { service: "ComfyUI", url: "http://127.0.0.1:8188/", ok: true, version: "0.3.40", message: "", voices: [] },
    { service: "TTS", url: "http://127.0.0.1:8004/", ok: false, version: null, message: "Nothing answers at http://127.0.0.1:8004: start the TTS server.", voices: [] },
  ],
  workflows: [{ template: "image/flux-2", server: "http://127.0.0.1:8188/", missingNodes: [], missingModels: ["flux2_dev_fp8mixed.safetensors"], error: null }],
  notConfigured: [],
  notes: ["No LLM API key is set."],
};

type Install = { progress: Channel<InstallUpdate> };

function backend(settings = defaults(), log = new CallLog(), opts: { keySet?: boolean; install?: (args: Install) => Promise<unknown> } = {}) {
  let keySet = opts.keySet ?? false;
  mockIPC((cmd, args) => {
    log.record(cmd, args);
    switch (cmd) {
      case "config_list":
        return settings;
      case "config_set": {
        const { key, value } = args as { key: string; value: string };
        if (key === "tts.url" && !value.startsWith("http")) {
          // eslint-disable-next-line @typescript-eslint/only-throw-error -- IPC rejects with the app's {code, message}
          throw { code: "INVALID_INPUT", message: `Cannot set tts.url: "${value}" is not an http:// or https:// address.` };
        }
        return { key, value, source: "stored", help: "" };
      }
      case "has_llm_api_key":
        return keySet;
      case "set_llm_api_key":
        keySet = (args as { key: string }).key !== "";
        return null;
      case "doctor":
        return DOCTOR;
      case "engines_status":
        return { dir: "/data/engines", state: "notInstalled", python: null, packages: 0, installedAt: null };
      case "install_engines":
        return opts.install?.(args as Install) ?? null;
      case "data_dir":
        return "/home/me/.local/share/videogen-studio";
      case "job_counts":
        return { queued: 0, running: 0, succeeded: 0, failed: 0, cancelled: 0 };
      case "queue_paused":
        return false;
      default:
        return null;
    }
  });
  return log;
}

describe("Settings screen", () => {
  it("saves an address when the field is left, and says why a bad one is refused", async () => {
    const log = backend();
    renderApp("/settings");
    const tts = await screen.findByTestId("setting-tts.url");
    await userEvent.clear(tts);
    await userEvent.type(tts, "localhost:8004");
    await userEvent.tab();
    expect(log.of("config_set")).toEqual([{ key: "tts.url", value: "localhost:8004" }]);
    expect(await screen.findByRole("alert")).toHaveTextContent("is not an http:// or https:// address");
    // A value set by the environment cannot be edited here.
    expect(screen.getByTestId("setting-whisper.url")).toBeDisabled();
    // A price says what its number is in; an address has no unit.
    expect(screen.getByTestId("setting-unit-llm.price.output")).toHaveTextContent("US dollars per million tokens");
    expect(screen.queryByTestId("setting-unit-tts.url")).toBeNull();
  });

  it("edits the ComfyUI pool as a list", async () => {
    const log = backend();
    renderApp("/settings");
    await userEvent.type(await screen.findByTestId("comfy-add-url"), "http://10.0.0.5:8188");
    await userEvent.click(screen.getByTestId("comfy-add"));
    expect(log.of("config_set")).toEqual([{ key: "comfyui.url", value: "http://127.0.0.1:8188,http://10.0.0.5:8188" }]);
    expect(await screen.findAllByTestId("comfy-server")).toHaveLength(2);
    await userEvent.click(screen.getByRole("button", { name: "Remove http://10.0.0.5:8188" }));
    expect(log.of("config_set").at(-1)).toEqual({ key: "comfyui.url", value: "http://127.0.0.1:8188" });
  });

  it("stores the API key without ever showing it back", async () => {
    const log = backend();
    renderApp("/settings");
    await waitFor(async () => { expect(await screen.findByTestId("api-key-status")).toHaveTextContent("No key is stored"); });
    const input = screen.getByTestId("api-key-input");
    expect(input).toHaveAttribute("type", "password");
    await userEvent.type(input, "sk-secret");
    await userEvent.click(screen.getByTestId("api-key-save"));
    expect(log.of("set_llm_api_key")).toEqual([{ key: "sk-secret" }]);
    await waitFor(() => { expect(screen.getByTestId("api-key-status")).toHaveTextContent("A key is stored."); });
    expect(input).toHaveValue("");
    expect(document.body.textContent).not.toContain("sk-secret");
  });

  it("shows the doctor's findings with the missing models named", async () => {
    backend();
    renderApp("/settings");
    await userEvent.click(await screen.findByTestId("run-doctor"));
    const results = await screen.findByTestId("doctor-results");
    expect(results).toHaveTextContent("Nothing answers at http://127.0.0.1:8004: start the TTS server.");
    expect(within(results).getByTestId("doctor-workflow")).toHaveTextContent("Missing models: flux2_dev_fp8mixed.safetensors");
    expect(results).toHaveTextContent("No LLM API key is set.");
  });

  it("shows the draft engines' install progress from the channel", async () => {
    let finish: (value: unknown) => void = () => undefined;
    let channel: Channel<InstallUpdate> | null = null;
    backend(defaults(), new CallLog(), {
      install: ({ progress }) => {
        channel = progress;
        return new Promise((resolve) => { finish = resolve; });
      },
    });
    renderApp("/settings");
    await waitFor(async () => { expect(await screen.findByTestId("engines-state")).toHaveTextContent("Not installed"); });
    await userEvent.click(screen.getByTestId("install-engines"));
    await waitFor(() => { expect(channel).not.toBeNull(); });
    const send = (update: InstallUpdate) => { (channel as unknown as Channel<InstallUpdate>).onmessage(update); };
    send({ step: "package", index: 3, total: 12, name: "piper-tts", version: "1.2.0" });
    const progress = await screen.findByTestId("engines-progress");
    await waitFor(() => { expect(progress).toHaveTextContent("Fetching package 3 of 12: piper-tts 1.2.0"); });
    expect(within(progress).getByRole("progressbar")).toHaveAttribute("aria-valuenow", "25");
    finish({ alreadyInstalled: false, packages: 12, python: "3.11.2", seconds: 95 });
    expect(await screen.findByRole("status")).toHaveTextContent("The draft engines are installed (12 packages, 95 s).");
  });
});

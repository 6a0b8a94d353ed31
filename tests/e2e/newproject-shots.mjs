// Screenshots of the New project flow and the script editor under Xvfb, for a person to look
// at: without an LLM (what is missing, paste, file), the editor over a 2,700-sentence script
// (search, prompts, keys), then with the fake LLM, TTS and Whisper: topic → outline review →
// plan → script → narration with word timings → karaoke.
// Usage (under xvfb-run and dbus-run-session):
//   node newproject-shots.mjs <app binary> <videogen CLI> <videogen-fakes binary> <output folder>
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Session, freePort, startDriver, waitForExit, waitUntil, screenshotter } from "./wd.mjs";
import { bigScript } from "./bigScript.mjs";

const [application, cli, fakesBin, out = "screenshots"] = process.argv.slice(2);
mkdirSync(out, { recursive: true });
const root = mkdtempSync(join(tmpdir(), "videogen-newproject-"));
const env = {
  ...process.env,
  VIDEOGEN_DATA_DIR: join(root, "data"),
  XDG_CONFIG_HOME: join(root, "config"),
  XDG_DATA_HOME: join(root, "share"),
  XDG_CACHE_HOME: join(root, "cache"),
};
delete env.VIDEOGEN_LLM_API_KEY;
const shot = screenshotter(out, 700);
const config = (key, value) => execFileSync(cli, ["config", "set", key, value], { env, stdio: "ignore" });
const fakes = [];
const startFake = async (service, extra = []) => {
  const port = await freePort();
  const child = spawn(fakesBin, [service, "--port", String(port), ...extra], { env, stdio: "ignore" });
  fakes.push(child);
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(`fake ${service}`, async () => {
    try {
      await fetch(url);
      return true;
    } catch {
      return false;
    }
  }, 15000, 100);
  return url;
};

let session;
const driver = await startDriver(env);
try {
  // 1. No LLM: a remote address and no key.
  config("llm.url", "https://llm.invalid/v1");
  session = await Session.start(driver.base, application);
  await session.wait("[data-testid=empty-dashboard]", 30000);
  // A fresh data folder gets the first-run welcome.
  await session.click(await session.wait("[data-testid=first-run-dismiss]"));
  await waitUntil("the welcome to close", async () => (await session.findAll("[data-testid=first-run]")).length === 0);
  await session.click(await session.find("[data-testid=new-project]"));
  await session.wait("[data-testid=no-llm]");
  await shot("new-no-llm.png");
  await session.click(await session.find("[data-testid=offer-paste]"));
  await session.type(await session.wait("[data-testid=paste-script]"), "# The harbour\uE007\uE007Ships came home at dusk. The lamp was lit by hand.");
  await shot("new-paste.png");
  await session.click(await session.find("[data-testid=start-file]"));
  await session.wait("[data-testid=file-form]");
  await shot("new-file.png");

  // 2. The editor over 2,700 sentences.
  const file = join(root, "the-long-road.md");
  writeFileSync(file, bigScript());
  await session.execute("window.__videogenNextPickedFile = arguments[0];", [file]);
  await session.click(await session.find("[data-testid=choose-script-file]"));
  await session.waitText("[data-testid=project-stats]", "2700 sentences", 120000);
  await session.click(await session.find("[data-testid=sentence-text]"));
  await session.execute("document.activeElement.blur();");
  await shot("editor-2700.png");
  await session.type(await session.find("[data-testid=script-search]"), "young weaver\uE007\uE007\uE007");
  await session.waitText("[data-testid=search-count]", "3 of");
  await shot("editor-search.png");
  await session.execute("document.querySelector('[data-testid=sentence-row][data-selected] [data-testid=toggle-prompts]').click();");
  await session.wait("[data-testid=prompt-panel]");
  await shot("editor-prompts.png");
  await session.click(await session.find("[data-testid=show-keys]"));
  await session.wait("[data-testid=keys-help]");
  await shot("editor-keys.png");
  await session.quit();
  await waitForExit(application);

  // 3. With the fake LLM, TTS and Whisper: from a topic to karaoke.
  config("llm.url", `${await startFake("llm", ["--no-key"])}/v1`);
  config("tts.url", await startFake("tts"));
  config("whisper.url", await startFake("whisper"));
  session = await Session.start(driver.base, application);
  await session.wait("[data-testid=project-list]", 30000);
  await session.click(await session.find("[data-testid=new-project]"));
  await session.type(await session.wait("[data-testid=topic]"), "How lighthouses kept ships safe");
  await session.execute("const m = document.querySelector('[data-testid=target-minutes]'); const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set; set.call(m, '4'); m.dispatchEvent(new Event('input', { bubbles: true }));");
  await session.execute("const v = document.querySelector('[data-testid=topic-voice-engine]'); const set = Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value').set; set.call(v, 'chatterbox'); v.dispatchEvent(new Event('change', { bubbles: true }));");
  await session.type(await session.find("[data-testid=topic-notes]"), "The Pharos of Alexandria stood for about 1,500 years. Fresnel's lens (1822) sent light 20 miles.");
  await shot("new-topic.png");
  await session.click(await session.find("[data-testid=plan-outline]"));
  await session.wait("[data-testid=outline-section]", 60000);
  await session.wait("[data-testid=plan-preview]", 30000);
  await shot("outline-review.png");
  await session.execute("document.querySelector('[data-testid=step-plan]').scrollIntoView();");
  await shot("outline-plan.png");
  await session.click(await session.find("[data-testid=write-and-generate]"));
  await session.wait("[data-testid=sentence-row]", 120000);
  await session.wait("[data-testid=sentence-row] [data-testid=badge-audio][data-dirty=false]", 180000);
  const facts = await session.execute(
    "const id = document.querySelector('[data-testid=badge-audio][data-dirty=false]').closest('[data-testid=sentence-row]').getAttribute('data-sentence-id'); return window.__TAURI_INTERNALS__.invoke('get_sentence', { id }).then((s) => JSON.stringify({ file: s.audio.file, ms: s.audioDurationMs, words: (s.wordTimings || []).length }));",
  );
  console.log(`first sentence: ${facts}`);
  await session.execute("document.querySelector('[data-testid=badge-audio][data-dirty=false]').closest('[data-testid=sentence-row]').querySelector('[data-testid=play-sentence]').click();");
  // Xvfb has no audio device: the bar says the narration did not play, and the words stay unlit.
  await session.wait("[data-testid=karaoke-toggle]:not([disabled])", 30000);
  await shot("karaoke.png");
  const played = await session.execute(
    "return JSON.stringify([...document.querySelectorAll('[data-testid=karaoke-bar], [role=status], [role=alert]')].map((e) => e.textContent));",
  );
  console.log(`after play: ${played}`);
  await session.quit();
  await waitForExit(application);
} catch (error) {
  await shot("failure.png").catch(() => undefined);
  throw error;
} finally {
  await driver.stop();
  for (const child of fakes) child.kill("SIGTERM");
  rmSync(root, { recursive: true, force: true, maxRetries: 5 });
}
console.log(`screenshots in ${out}`);

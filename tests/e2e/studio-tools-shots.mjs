// Screenshots of the Style builder, Characters, Voice-over and the desktop settings under
// Xvfb, for a person to look at: a style's title-card test render, a character with a
// reference image cast in a project, voices from a fake Chatterbox with a preview, and a
// section's waveform with its sentence boundaries.
// Usage: node studio-tools-shots.mjs <app binary> <cli binary> <fakes binary> <output folder>
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, Session, startDriver, waitForExit, screenshotter } from "./wd.mjs";

const [application, cli, fakes, out = "screenshots"] = process.argv.slice(2);
mkdirSync(out, { recursive: true });
const root = mkdtempSync(join(tmpdir(), "videogen-tools-"));
const env = {
  ...process.env,
  VIDEOGEN_DATA_DIR: join(root, "data"),
  XDG_CONFIG_HOME: join(root, "config"),
  XDG_DATA_HOME: join(root, "share"),
  XDG_CACHE_HOME: join(root, "cache"),
};
const run = (...args) => execFileSync(cli, args, { env, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
const ffmpeg = (...args) => execFileSync("ffmpeg", ["-nostdin", "-loglevel", "error", "-y", ...args]);

// A fake Chatterbox for the voice list and the preview.
const ttsPort = await freePort();
const tts = spawn(fakes, ["tts", "--port", String(ttsPort)], { stdio: "ignore" });
run("config", "set", "tts.url", `http://127.0.0.1:${ttsPort}`);

// A project whose first section is voiced sentence by sentence (attached narration of
// different lengths and loudness, so the waveform and its boundaries show).
const NAME = "Lighthouses";
const script = join(root, "lighthouses.md");
writeFileSync(
  script,
  "# The keepers\n\nEvery night the keeper climbed the stairs. Ada trimmed the wick and wound the clockwork. " +
    "The beam swept the rocks until dawn. Ships passed safely.\n\n# The machines\n\nLater, electric lamps replaced the flame.\n",
);
run("import", script, "--name", NAME);
const tree = JSON.parse(run("show", NAME, "--json"));
const sentences = (tree.sections ?? tree.project?.sections)[0].sentences;
sentences.forEach((s, i) => {
  const wav = join(root, `n${i}.wav`);
  const seconds = [2.2, 3.1, 1.7, 1.2][i] ?? 1.5;
  const tone = `sine=frequency=${180 + i * 60}:duration=${seconds}`;
  ffmpeg("-f", "lavfi", "-i", tone, "-af", `volume=${3 + 2 * i},apulsator=hz=${1.5 + i}`, "-ar", "24000", "-ac", "1", "-c:a", "pcm_s16le", wav);
  run("attach", s.id, "--audio", wav);
});
const portrait = join(root, "ada.png");
ffmpeg("-f", "lavfi", "-i", "gradients=s=256x256:d=1", "-frames:v", "1", portrait);

let session;
const shot = screenshotter(out, 900);
const go = (hash) => session.execute(`window.location.hash = '${hash}';`);
const driver = await startDriver(env);
try {
  session = await Session.start(driver.base, application);
  await session.wait("a[href='#/styles']", 30000);

  // Style builder: the card style, its test render offline.
  await go("#/styles");
  await session.wait("[data-testid=style-item]", 20000);
  await shot("styles-list.png");
  const items = await session.findAll("[data-testid=style-item]");
  for (const item of items) {
    if ((await session.text(item)).includes("Title cards")) await session.click(item);
  }
  await session.wait("[data-testid=test-render-run]", 20000);
  await session.execute("const s = document.querySelector('[aria-label=\"Model for the test\"]'); const o = [...s.options].find(o => o.text.startsWith('Title card')); s.value = o.value; s.dispatchEvent(new Event('change', { bubbles: true }));");
  await session.click(await session.find("[data-testid=test-render-run]"));
  await session.wait("[data-testid=test-render-image]", 30000);
  await session.execute("document.querySelector('[data-testid=test-render]').scrollIntoView();");
  await shot("styles-test-render.png");
  await session.click(await session.find("[role=tab]:nth-child(2)"));
  await session.click((await session.findAll("[data-testid=model-item]"))[0]);
  await shot("styles-model.png");

  // Characters: a new one with a reference image, cast in the project.
  await go("#/characters");
  await session.click(await session.wait("[data-testid=new-character]", 20000));
  await session.type(await session.find("[data-testid=character-name]"), "Ada");
  await session.type(await session.find("[data-testid=character-aliases]"), "the keeper's daughter");
  await session.type(await session.find("[data-testid=character-description]"), "A young woman in a grey wool coat, hair tied back, lantern in hand");
  await session.click(await session.find("[data-testid=character-save]"));
  await session.wait("[data-testid=add-reference]", 20000);
  // The native file dialog cannot be driven: the reference is added the way the app would.
  await session.execute(
    "return window.__TAURI_INTERNALS__.invoke('list_characters').then(cs => window.__TAURI_INTERNALS__.invoke('add_character_reference', { id: cs[0].id, path: arguments[0] }));",
    [portrait],
  );
  await session.wait("[data-testid=reference-image]", 20000);
  await session.click(await session.wait("[data-testid='cast-Ada']", 20000));
  await shot("characters.png");

  // Voice-over: voices from the fake, a preview, the waveform of section 1.
  await go("#/voice");
  await session.wait("[data-testid=waveform-canvas]", 30000);
  await session.click(await session.find("[data-testid=preview-voice]"));
  await session.wait("[data-testid=voice-preview-audio]", 30000);
  const buttons = await session.findAll("[data-testid=section-wave] ol button");
  await session.click(buttons[1]);
  await shot("voice-over.png");

  // Settings: the desktop panel and the data folder.
  await go("#/settings");
  await session.wait("[data-testid=desktop-settings]", 20000);
  await session.execute("document.querySelector('[data-testid=desktop-settings]').scrollIntoView();");
  await shot("settings-desktop.png");
  await session.quit();
  await waitForExit(application);
} catch (e) {
  await shot("failed.png").catch(() => undefined);
  throw e;
} finally {
  await driver.stop();
  tts.kill();
  rmSync(root, { recursive: true, force: true, maxRetries: 5 });
}
console.log(`screenshots in ${out}`);

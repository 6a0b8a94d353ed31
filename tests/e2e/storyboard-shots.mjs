// Screenshots of the Storyboard under Xvfb, for a person to look at: the project chooser,
// the table and grid of a 2,700-scene project (three sections with title-card thumbnails),
// the scene inspector with a clip and narration attached, and its takes after "Regenerate
// image". Usage: node storyboard-shots.mjs <app binary> <cli binary> <output folder>
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Session, startDriver, waitForExit, waitUntil, screenshotter } from "./wd.mjs";
import { bigScript } from "./bigScript.mjs";

const [application, cli, out = "screenshots"] = process.argv.slice(2);
mkdirSync(out, { recursive: true });
const root = mkdtempSync(join(tmpdir(), "videogen-storyboard-"));
const env = {
  ...process.env,
  VIDEOGEN_DATA_DIR: join(root, "data"),
  XDG_CONFIG_HOME: join(root, "config"),
  XDG_DATA_HOME: join(root, "share"),
  XDG_CACHE_HOME: join(root, "cache"),
};
const run = (...args) => execFileSync(cli, args, { env, encoding: "utf8", maxBuffer: 256 * 1024 * 1024, stdio: ["ignore", "pipe", "inherit"] });
const ffmpeg = (...args) => execFileSync("ffmpeg", ["-nostdin", "-loglevel", "error", "-y", ...args]);

// The project, made with the CLI before the window opens.
const NAME = "The long road";
const script = join(root, "the-long-road.md");
writeFileSync(script, bigScript());
run("import", script, "--name", NAME);
run("set", NAME, "--image-model", "Title card", "--size", "640x360");
const started = Date.now();
run("generate", NAME, "--images", "--section", "1", "--section", "2", "--section", "3");
console.log(`title cards for three sections in ${((Date.now() - started) / 1000).toFixed(1)} s`);
const tree = JSON.parse(run("show", NAME, "--json"));
const first = (tree.sections ?? tree.project?.sections)[0].sentences[0].id;
const clip = join(root, "clip.mp4");
const voice = join(root, "voice.wav");
ffmpeg("-f", "lavfi", "-i", "testsrc2=s=640x360:d=3:r=24", "-c:v", "libx264", "-pix_fmt", "yuv420p", clip);
ffmpeg("-f", "lavfi", "-i", "sine=frequency=440:duration=3", "-ar", "24000", "-ac", "1", "-c:a", "pcm_s16le", voice);
run("attach", first, "--video", clip, "--audio", voice);

let session;
const shot = screenshotter(out, 900);
const driver = await startDriver(env);
try {
  session = await Session.start(driver.base, application);
  await session.wait("nav[aria-label=Main]", 30000);
  await session.execute("window.location.hash = '#/storyboard';");
  await session.wait("[data-testid=storyboard-choose] a", 30000);
  await shot("storyboard-choose.png");
  await session.click(await session.find("[data-testid=storyboard-choose] a"));
  await session.wait("[data-testid=scene-row]", 60000);
  await session.waitText("[data-testid=storyboard-stats]", "2700 scenes", 60000);
  const painted = await session.execute("return window.__videogenMetrics || {};");
  console.log("metrics", JSON.stringify(painted));
  await shot("storyboard-table.png");

  // The inspector of scene 1 (an attached clip and narration, a title card).
  await session.click(await session.find("[data-testid=scene-row] [data-testid=scene-text]"));
  await session.wait("[data-testid=inspector-clip]", 20000);
  await shot("storyboard-inspector.png");

  // Regenerate its image: a second take appears.
  await session.click(await session.find("[data-testid=regenerate-image]"));
  await waitUntil("two image takes", async () => (await session.findAll("[data-testid=take-list] [data-testid=take]")).length >= 2, 60000);
  await session.execute("const p = document.querySelector('[data-testid=scene-inspector] .overflow-y-auto'); p.scrollTop = p.scrollHeight;");
  await shot("storyboard-takes.png");
  // Back to the first take (rollback queues nothing), once the "queued" toast has gone.
  await waitUntil("toasts gone", async () => (await session.findAll("[data-testid=toast]")).length === 0, 15000);
  await session.click(await session.find("[data-testid=use-take]"));
  await session.wait("[data-testid=toast]", 10000);
  await shot("storyboard-rolled-back.png");

  // Grid view, and a section far down.
  await session.click(await session.find("[data-testid=view-grid]"));
  await session.wait("[data-testid=scene-card]", 20000);
  await shot("storyboard-grid.png");
  await session.execute("document.querySelectorAll('[data-testid=jump-to-section]')[19].click();");
  await shot("storyboard-grid-section20.png");
  await session.click(await session.find("[data-testid=view-table]"));
  await session.execute("const l = document.querySelector('[data-testid=scene-list]'); l.scrollTop = l.scrollHeight / 2;");
  await shot("storyboard-table-middle.png");
  await session.quit();
  await waitForExit(application);
} finally {
  await driver.stop();
  rmSync(root, { recursive: true, force: true, maxRetries: 5 });
}
console.log(`screenshots in ${out}`);

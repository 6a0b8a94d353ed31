// Desktop end-to-end test of a creator's whole path in the real window under Xvfb, against
// the fake services (LLM, Chatterbox TTS, Whisper, ComfyUI), each its own process:
// a topic → the outline review (edited) → the script written → generate everything →
// the storyboard shows every scene done → the scene inspector: regenerate one image (a new
// take; the old one stays and can be rolled back to) → a clip plays in the window →
// karaoke lights a sentence's words in order, driven by a test clock (Xvfb has no audio
// device) → the Export dialog writes the export folder, which is checked on disk.
// Screenshots of each step go to $STUDIO_FLOW_SHOTS (default /tmp/studio-flow-shots).
// Usage (under xvfb-run and dbus-run-session; run.sh):
//   node studio-flow.mjs <videogen-studio built with e2e-hooks> <videogen-fakes>
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Session, freePort, screenshotter, startDriver, waitForExit, waitUntil } from "./wd.mjs";

const [application, fakesBinary] = process.argv.slice(2);
if (!application || !fakesBinary) {
  console.error("usage: node studio-flow.mjs <app binary> <videogen-fakes binary>");
  process.exit(2);
}

const started = Date.now();
const root = mkdtempSync(join(tmpdir(), "videogen-studio-flow-"));
const dataDir = join(root, "data");
const exportParent = join(root, "exports");
mkdirSync(exportParent);
const shotsDir = process.env.STUDIO_FLOW_SHOTS ?? "/tmp/studio-flow-shots";
rmSync(shotsDir, { recursive: true, force: true });
mkdirSync(shotsDir, { recursive: true });
const shot = screenshotter(shotsDir, 600);

const NAME = "Keepers of the Light";
const TOPIC = "How lighthouse keepers kept ships off the rocks";
const SECTION_TITLE = "Lamps, lenses and long nights";
const API_KEY = "sk-test";
const EXPORT_SIZE = { width: 1280, height: 720 };
// The model files the seeded Z-Image Turbo and WAN 2.2 templates load: the fake ComfyUI
// offers them as installed, so the project's models validate as on a real server.
const COMFY_MODELS = [
  "z_image_turbo_bf16.safetensors",
  "qwen_3_4b.safetensors",
  "ae.safetensors",
  "wan2.2_i2v_high_noise_14B_fp8_scaled.safetensors",
  "wan2.2_i2v_low_noise_14B_fp8_scaled.safetensors",
  "umt5_xxl_fp8_e4m3fn_scaled.safetensors",
  "wan_2.1_vae.safetensors",
];

function step(message) {
  console.log(`studio-flow: [${((Date.now() - started) / 1000).toFixed(1)} s] ${message}`);
}

// ---- the fake services, one child process each ----

const fakes = [];
function stopFakes() {
  for (const child of fakes) if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
}
// An exception that escapes (or Ctrl-C) must not leave the fakes running.
process.on("exit", stopFakes);
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    stopFakes();
    process.exit(130);
  });
}

/** Starts `videogen-fakes <service>` on a free port; resolves with the address it prints. */
async function startFake(service, extra = []) {
  const port = await freePort();
  const child = spawn(fakesBinary, [service, "--port", String(port), ...extra], { stdio: ["ignore", "pipe", "inherit"] });
  fakes.push(child);
  let out = "";
  child.stdout.on("data", (chunk) => {
    out += chunk;
  });
  // The fake prints its address once it listens.
  const url = await waitUntil(`the fake ${service} to listen`, () => {
    if (child.exitCode !== null) throw new Error(`the fake ${service} exited (${child.exitCode})`);
    return out.includes("\n") ? out.split("\n")[0].trim() : null;
  }, 30000);
  return url;
}

// ---- WebDriver helpers over the one session ----

let session;

/** Sets a form control's value the way typing or picking does (React hears the event). */
function setValue(css, value) {
  return session.execute(
    `const el = document.querySelector(arguments[0]);
     if (!el) throw new Error("no element " + arguments[0]);
     const proto = el instanceof HTMLSelectElement ? HTMLSelectElement.prototype : el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
     Object.getOwnPropertyDescriptor(proto, "value").set.call(el, arguments[1]);
     el.dispatchEvent(new Event(el instanceof HTMLSelectElement ? "change" : "input", { bubbles: true }));`,
    [css, value],
  );
}

/** Picks the option whose text is `label` in the select `css`; resolves with its value. */
async function choose(css, label) {
  const value = await session.execute(
    "const o = [...document.querySelectorAll(arguments[0] + ' option')].find((o) => o.textContent.trim() === arguments[1]); return o ? o.value : null;",
    [css, label],
  );
  if (value === null) throw new Error(`no option "${label}" in ${css}`);
  await setValue(css, value);
  return value;
}

/** A Tauri command, called as the UI calls it. */
function invoke(command, args) {
  return session.execute("return window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1]);", [command, args]);
}

function count(css) {
  return session.execute("return document.querySelectorAll(arguments[0]).length;", [css]);
}

/** The project's jobs; throws with their reasons when one failed (no point waiting on). */
async function jobsOf(projectId) {
  const jobs = await invoke("list_jobs", { project: projectId, state: null });
  const failed = jobs.filter((j) => j.state === "failed");
  if (failed.length > 0) {
    throw new Error(`${failed.length} job(s) failed: ${failed.map((j) => `${j.kind}: ${j.error}`).join("; ")}`);
  }
  return jobs;
}

const active = (jobs) => jobs.filter((j) => j.state === "queued" || j.state === "running");

// ---- the path ----

async function fromTopicToScript() {
  await session.wait("[data-testid=empty-dashboard], [data-testid=project-list]", 30000);
  step("a fresh data folder gets the first-run welcome: dismiss it");
  // Once the services are checked: their results change the dialog's layout under a click.
  await session.wait("[data-testid=first-run-dismiss]");
  await waitUntil("the welcome's checks", async () => (await count("[data-testid=first-run] [role=progressbar]")) === 0, 30000);
  await shot("00-welcome.png");
  await session.click(await session.find("[data-testid=first-run-dismiss]"));
  await waitUntil("the welcome to close", async () => (await count("[data-testid=first-run]")) === 0);

  step("new project from a topic (the fake LLM with its API key)");
  await session.click(await session.find("[data-testid=new-project]"));
  await session.type(await session.wait("[data-testid=new-project-name]"), NAME);
  await session.type(await session.wait("[data-testid=topic]", 20000), TOPIC);
  await setValue("[data-testid=target-minutes]", "1");
  await choose("[data-testid=topic-voice-engine]", "Chatterbox (TTS server)");
  await session.type(await session.find("[data-testid=topic-notes]"), "Fresnel's lens (1822) sent the light twenty miles; keepers trimmed wicks all night.");
  await shot("01-topic.png");
  await session.click(await session.find("[data-testid=plan-outline]"));

  step("the outline review: shorten the one section and retitle it");
  await session.wait("[data-testid=outline-section]", 60000);
  const sections = await count("[data-testid=outline-section]");
  if (sections !== 1) throw new Error(`a one-minute video was planned as ${sections} sections`);
  await session.wait("[data-testid=step-plan] [data-testid=plan-preview]", 30000);
  await shot("02-outline.png");
  await setValue("[data-testid=outline-title]", SECTION_TITLE);
  await setValue("[data-testid=outline-minutes]", "0.5");
  await session.click(await session.wait("[data-testid=save-outline]"));
  await waitUntil("the outline to be saved", async () => (await count("[data-testid=save-outline]")) === 0);
  const url = await session.cmd("GET", "/url");
  const projectId = /\/new\/([^/?#]+)\/outline/.exec(url)?.[1];
  if (!projectId) throw new Error(`no project id in the outline review's address ${url}`);
  const outline = await invoke("outline", { project: projectId });
  if (outline.sections[0].title !== SECTION_TITLE || outline.sections[0].targetMinutes !== 0.5) {
    throw new Error(`the saved outline is ${JSON.stringify(outline.sections)}`);
  }
  await session.wait("[data-testid=step-plan] [data-testid=plan-preview]", 30000);
  await shot("03-outline-edited.png");

  step("write the script, then check it");
  await session.click(await session.find("[data-testid=write-script]"));
  await session.wait("[data-testid=sentence-row]", 120000);
  await waitUntil("the script jobs to finish", async () => active(await jobsOf(projectId)).length === 0, 120000, 250);
  const tree = await invoke("load_project", { id: projectId });
  const sentences = tree.sections.flatMap((s) => s.sentences);
  if (tree.sections.length !== 1 || tree.sections[0].title !== SECTION_TITLE) {
    throw new Error(`the script's sections are ${JSON.stringify(tree.sections.map((s) => s.title))}, not the reviewed outline`);
  }
  if (sentences.length < 2) throw new Error(`the script has ${sentences.length} sentence(s)`);
  await session.waitText("[data-testid=project-stats]", `${sentences.length} sentences`);
  if ((await count("[data-testid=sentence-row]")) !== sentences.length) throw new Error("the editor does not show every sentence");
  await shot("04-script.png");
  return { projectId, sentences };
}

async function generateAll({ projectId, sentences }) {
  step("project settings: Z-Image Turbo pictures and WAN 2.2 clips (the fake ComfyUI has their files)");
  await session.click(await session.find("[data-testid=open-project-settings]"));
  await session.wait("[data-testid=project-settings] [data-testid=pick-image-model] option:nth-child(2)");
  const imageModel = await choose("[data-testid=pick-image-model]", "Z-Image Turbo");
  await waitUntil("the image model to be saved", async () => (await invoke("get_project", { id: projectId })).modelId === imageModel);
  const videoModel = await choose("[data-testid=pick-video-model]", "WAN 2.2");
  await waitUntil("the video model to be saved", async () => (await invoke("get_project", { id: projectId })).videoModelId === videoModel);
  await session.click(await session.find("[data-testid=open-project-settings]"));

  step("Generate…: see the plan, then start everything");
  await session.click(await session.find("[data-testid=open-generate]"));
  await session.wait("[data-testid=generate-panel] [data-testid=plan-preview]", 30000);
  const plan = await session.textOf("[data-testid=generate-panel] [data-testid=plan-preview]");
  for (const what of [/narration/i, /image/i, /clip/i]) {
    if (!what.test(plan)) throw new Error(`the plan does not mention ${what}: ${plan}`);
  }
  await shot("05-generate-plan.png");
  await session.click(await session.find("[data-testid=start-generate]"));
  await waitUntil("the panel to close once queued", async () => (await count("[data-testid=generate-panel]")) === 0, 30000);

  step("the storyboard follows the work until every scene is done");
  await session.click(await session.find('nav[aria-label=Main] a[href="#/storyboard"]'));
  await session.wait("[data-testid=scene-row]", 30000);
  let midShot = false;
  const generating = Date.now();
  await waitUntil(
    "every scene's narration, image and clip",
    async () => {
      const jobs = await jobsOf(projectId);
      const ready = await count("[data-testid=scene-row] [data-status=ready]");
      if (!midShot && ready > 0 && active(jobs).length > 0) {
        midShot = true;
        await shot("06-storyboard-working.png");
      }
      return active(jobs).length === 0 && ready === sentences.length * 3;
    },
    600000,
    500,
  );
  step(`generated ${sentences.length} scenes in ${((Date.now() - generating) / 1000).toFixed(1)} s`);
  await session.waitText("[data-testid=storyboard-stats]", `${sentences.length} scenes · all up to date`);
  if ((await count("[data-testid=scene-row]")) !== sentences.length) throw new Error("the storyboard does not list every scene");
  await shot("07-storyboard-done.png");
}

/** The inspector's image, the takes it lists and which is in use. */
async function inspectorState() {
  return session.execute(`
    const img = document.querySelector("[data-testid=scene-inspector] [data-testid=inspector-image]");
    const takes = [...document.querySelectorAll("[data-testid=take-list] [data-testid=take][data-kind=image]")];
    return { src: img ? img.getAttribute("src") : null, takes: takes.map((t) => ({ id: t.getAttribute("data-take-id"), current: t.getAttribute("data-current") === "true" })) };
  `);
}

async function regenerateOneImage({ projectId, sentences }) {
  step("scene 1 in the inspector: regenerate its image");
  const first = sentences[0].id;
  await session.click(await session.find(`[data-testid=scene-row][data-scene-id="${first}"] [data-testid=scene-text]`));
  await session.wait("[data-testid=scene-inspector] [data-testid=inspector-image]", 20000);
  await session.wait("[data-testid=take-list] [data-testid=take][data-kind=image]", 20000);
  const before = await inspectorState();
  if (before.takes.length !== 1 || !before.takes[0].current) throw new Error(`before regenerating, the image takes are ${JSON.stringify(before.takes)}`);
  const oldTake = before.takes[0].id;
  const oldFile = (await invoke("get_sentence", { id: first })).image.file;
  const oldClip = (await invoke("get_sentence", { id: first })).video.file;
  await session.click(await session.find("[data-testid=scene-inspector] [data-testid=regenerate-image]"));
  const after = await waitUntil(
    "a second image take, in use",
    async () => {
      await jobsOf(projectId);
      const state = await inspectorState();
      const fresh = state.takes.find((t) => t.id !== oldTake);
      return state.takes.length === 2 && fresh?.current && state.src !== before.src ? state : null;
    },
    120000,
    250,
  );
  const newFile = (await invoke("get_sentence", { id: first })).image.file;
  if (newFile === oldFile) throw new Error("the new take did not change the scene's image file");
  if (!after.takes.some((t) => t.id === oldTake && !t.current)) throw new Error("the old take is not kept beside the new one");
  await waitUntil("the regenerate job to finish", async () => active(await jobsOf(projectId)).length === 0, 60000, 250);
  await session.execute("const p = document.querySelector('[data-testid=scene-inspector] .overflow-y-auto'); p.scrollTop = p.scrollHeight;");
  await shot("08-inspector-new-take.png");

  step("roll back to the first take: it is in use again, and nothing is queued");
  const jobsBefore = (await jobsOf(projectId)).length;
  await session.click(await session.find(`[data-testid=take][data-take-id="${oldTake}"] [data-testid=use-take]`));
  await waitUntil("the first take to be in use again", async () => {
    const state = await inspectorState();
    return state.takes.find((t) => t.id === oldTake)?.current && state.src === before.src;
  });
  const rolledBack = await invoke("get_sentence", { id: first });
  if (rolledBack.image.file !== oldFile) throw new Error("rolling back did not restore the first image file");
  // The clip made from the first image is current with it again; a clip made since from the
  // new image is out of date beside the old one.
  const clipMatches = rolledBack.video.file === oldClip;
  if (rolledBack.video.dirty === clipMatches) {
    throw new Error(`after rolling the image back, the clip ${rolledBack.video.file} (first clip ${oldClip}) is ${rolledBack.video.dirty ? "out of date" : "current"}`);
  }
  step(clipMatches ? "the clip made from the first image is current again" : "the clip made from the new image is out of date");
  await shot("09-inspector-rolled-back.png");
  const jobsAfter = await jobsOf(projectId);
  if (jobsAfter.length !== jobsBefore) throw new Error(`rolling back queued ${jobsAfter.length - jobsBefore} job(s)`);
  return first;
}

async function clipPlays() {
  step("the scene's clip plays in the window");
  await session.execute("document.querySelector('[data-testid=scene-inspector] .overflow-y-auto').scrollTop = 0;");
  const clip = "[data-testid=scene-inspector] [data-testid=inspector-clip]";
  await session.wait(clip, 20000);
  // Muted: Xvfb has no audio device, and muted playback needs no user gesture.
  await session.execute(
    "const v = document.querySelector(arguments[0]); v.muted = true; window.__clipError = null; v.addEventListener('error', () => { window.__clipError = v.error ? v.error.code + ' ' + v.error.message : 'error'; }); v.play().catch((e) => { window.__clipError = String(e); });",
    [clip],
  );
  const video = () =>
    session.execute("const v = document.querySelector(arguments[0]); return { ready: v.readyState, time: v.currentTime, width: v.videoWidth, error: window.__clipError };", [clip]);
  const ready = await waitUntil("the clip to have a frame to show", async () => {
    const v = await video();
    if (v.error) throw new Error(`the clip does not play: ${v.error}`);
    return v.ready >= 2 && v.width > 0 ? v : null;
  }, 30000, 100);
  await waitUntil("the clip's time to advance", async () => {
    const v = await video();
    if (v.error) throw new Error(`the clip stopped: ${v.error}`);
    return v.time > ready.time + 0.3;
  }, 20000, 100);
  await shot("10-clip-playing.png");
  await session.execute("document.querySelector(arguments[0]).pause();", [clip]);
}

async function karaoke({ projectId }, sentenceId) {
  step("karaoke in the script editor, on a test clock");
  await session.click(await session.find('nav[aria-label=Main] a[href="#/script"]'));
  const row = `[data-testid=sentence-row][data-sentence-id="${sentenceId}"]`;
  await session.wait(`${row} [data-testid=sentence-text]`, 20000);
  // The header says what the app says of the project (no job is active now).
  const { status } = await invoke("get_project", { id: projectId });
  await waitUntil(
    `the header to show the project's status "${status}"`,
    async () => (await session.execute("return document.querySelector('[data-testid=project-status]').getAttribute('data-status');")) === status,
    5000,
  );
  const sentence = await invoke("get_sentence", { id: sentenceId });
  const words = sentence.wordTimings ?? [];
  if (words.length < 2 || !sentence.audio.file) throw new Error(`the sentence has no narration with word timings: ${JSON.stringify(sentence.audio)}`);
  // Selecting the sentence shows its actions.
  await session.execute("document.querySelector(arguments[0]).focus();", [`${row} [data-testid=sentence-text]`]);
  await session.click(await session.wait(`${row} [data-testid=play-sentence]`));
  await session.wait("[data-testid=karaoke-bar] [data-testid=karaoke-toggle]:not([disabled])", 20000);
  const playing = await waitUntil("the narration to start", () => session.execute("return window.__videogenTestAudio || null;"));
  if (playing.file !== sentence.audio.file) throw new Error(`karaoke plays ${playing.file}, not the sentence's ${sentence.audio.file}`);
  await session.wait(`${row}[data-playing=true]`);

  const states = () => session.execute("return [...document.querySelectorAll('[data-testid=karaoke-word]')].map((w) => [w.textContent, w.getAttribute('data-state')]);");
  const shown = await states();
  if (shown.map(([w]) => w).join(" ") !== words.map((w) => w.word).join(" ")) throw new Error(`karaoke shows "${shown.map(([w]) => w).join(" ")}"`);
  if (shown.some(([, s]) => s !== "unspoken")) throw new Error("words are lit before the first one is spoken");
  for (let i = 0; i < words.length; i++) {
    const { startMs, endMs } = words[i];
    await session.execute("window.__videogenTestClock = arguments[0];", [(startMs + endMs) / 2000]);
    await waitUntil(`word ${i + 1} ("${words[i].word}") to be lit`, async () =>
      (await states()).every(([, s], j) => s === (j < i ? "spoken" : j === i ? "current" : "unspoken")),
    );
    if (i === Math.floor(words.length / 2)) await shot("11-karaoke.png");
  }
  // The end of the file: the clock reaches its length, then the player says it ended.
  const duration = sentence.audioDurationMs / 1000;
  await session.execute("window.__videogenTestClock = arguments[0];", [duration]);
  await waitUntil("every word spoken", async () => (await states()).every(([, s], j) => s === (j < words.length - 1 ? "spoken" : "current")));
  await session.execute("window.__videogenTestAudio.end();");
  await session.waitText("[data-testid=karaoke-toggle]", "Play again");
  await session.waitText("[data-testid=karaoke-time]", `${Math.floor(duration / 60)}:${String(Math.floor(duration % 60)).padStart(2, "0")} /`);
  await session.click(await session.find("[data-testid=karaoke-close]"));
  await waitUntil("the player to close", async () => (await count("[data-testid=karaoke-bar]")) === 0);
}

async function exportProject({ projectId }) {
  step("export through the Export dialog into a folder");
  await session.click(await session.find("[data-testid=open-export]"));
  await session.wait("[data-testid=export-dialog]");
  // The native folder picker cannot be driven over WebDriver: the e2e build answers it.
  await session.execute("window.__videogenNextPickedFile = arguments[0];", [exportParent]);
  await session.click(await session.find("[data-testid=choose-export-folder]"));
  await waitUntil("the folder to be chosen", async () => (await session.execute("return document.querySelector('[data-testid=export-folder]').value;")) === exportParent);
  const name = await session.execute("return document.querySelector('[data-testid=export-name]').value;");
  // 720p instead of the project's 1080p: the dialog's size reaches the files (and the
  // clips conform faster).
  await session.wait('select[aria-label="Frame size"] option:nth-child(2)');
  await choose('select[aria-label="Frame size"]', "1280 × 720");
  await waitUntil("the estimate", async () => {
    const text = await session.textOf("[data-testid=export-estimate]");
    return text !== "" && !text.includes("Estimating");
  }, 30000);
  await shot("12-export-dialog.png");
  await session.click(await session.find("[data-testid=start-export]"));
  await waitUntil("the export to finish", async () => {
    if ((await count("[data-testid=job-failed]")) > 0) throw new Error(await session.textOf("[data-testid=job-failed]"));
    return (await count("[data-testid=job-done]")) > 0;
  }, 300000, 250);
  const folder = (await session.textOf("[data-testid=job-file]")).trim();
  await shot("13-exported.png");
  await session.click(await session.find("[data-testid=close-dialog]"));
  if (folder !== join(exportParent, name)) throw new Error(`the export went to ${folder}, not ${join(exportParent, name)}`);
  const tree = await invoke("load_project", { id: projectId });
  return { folder, tree };
}

/** The export folder on disk, as README "Export for editors" describes it. */
function checkExportFolder({ folder, tree }) {
  step(`check the export folder ${folder}`);
  const sentences = tree.sections.flatMap((s) => s.sentences);
  const fail = (message) => {
    throw new Error(`export folder: ${message}`);
  };
  const file = (relative) => {
    const path = join(folder, relative);
    if (!existsSync(path) || statSync(path).size === 0) fail(`${relative} is missing or empty`);
    return path;
  };
  const meta = JSON.parse(readFileSync(file("metadata.json"), "utf8"));
  if (meta.schemaVersion !== 1) fail(`schemaVersion is ${meta.schemaVersion}`);
  if (meta.project !== NAME) fail(`project is "${meta.project}"`);
  if (meta.width !== EXPORT_SIZE.width || meta.height !== EXPORT_SIZE.height) fail(`size ${meta.width}x${meta.height}, not the 1280x720 chosen`);
  if (!(meta.durationMs > 0 && meta.durationFrames > 0)) fail(`duration ${meta.durationMs} ms, ${meta.durationFrames} frames`);
  if (meta.sections.length !== 1 || meta.sections[0].title !== SECTION_TITLE) fail(`sections ${JSON.stringify(meta.sections)}`);
  if (meta.sentences.length !== sentences.length) fail(`${meta.sentences.length} sentences, the project has ${sentences.length}`);
  const width = sentences.length > 999 ? 4 : 3;
  // The timeline: each sentence's narration, then the project's pause, in story order.
  const frameAt = (ms) => Math.round((ms * meta.fpsNum) / (meta.fpsDen * 1000));
  let at = 0;
  meta.sentences.forEach((entry, i) => {
    const number = String(i + 1).padStart(width, "0");
    if (entry.number !== number) fail(`sentence ${i + 1} is numbered "${entry.number}"`);
    if (entry.id !== sentences[i].id || entry.text !== sentences[i].text) fail(`sentence ${number} is not the project's sentence ${i + 1}`);
    for (const [dir, kind, path, ext] of [
      ["audio", "audio", entry.audio?.file, "wav"],
      ["images", "image", entry.image, "png"],
      ["video", "video", entry.video, "mp4"],
    ]) {
      if (!path || !new RegExp(`^${dir}/${number}_[a-z0-9._-]+_${kind}\\.${ext}$`).test(path)) fail(`sentence ${number}'s ${kind} is ${path}`);
      file(path);
    }
    if (entry.imageIsSlate) fail(`sentence ${number} has a slate for its image`);
    if (!entry.wordTimings?.length) fail(`sentence ${number} has no word timings`);
    if (entry.durationMs !== sentences[i].audioDurationMs || entry.audio.durationMs !== entry.durationMs) fail(`sentence ${number} lasts ${entry.durationMs} ms, its narration ${sentences[i].audioDurationMs} ms`);
    if (entry.timelineStartMs !== at || entry.audio.timelineStartMs !== at) fail(`sentence ${number} starts at ${entry.timelineStartMs} ms, not ${at}`);
    if (entry.startFrame !== frameAt(at) || entry.frames !== frameAt(at + entry.durationMs) - frameAt(at)) fail(`sentence ${number} is frames ${entry.startFrame}+${entry.frames}`);
    at += entry.durationMs + tree.project.sentencePauseMs;
  });
  const end = at - tree.project.sentencePauseMs;
  if (meta.durationMs !== end || meta.durationFrames !== frameAt(end)) fail(`the timeline lasts ${meta.durationMs} ms (${meta.durationFrames} frames), not ${end} ms`);
  for (const dir of ["audio", "images", "video"]) {
    const names = readdirSync(join(folder, dir)).sort();
    if (names.length !== sentences.length) fail(`${dir}/ holds ${names.length} files for ${sentences.length} sentences`);
    names.forEach((n, i) => {
      if (!n.startsWith(`${String(i + 1).padStart(width, "0")}_`)) fail(`${dir}/ is not numbered in story order: ${names.join(", ")}`);
    });
  }
  const timelines = readdirSync(join(folder, "timelines"));
  for (const suffix of [".fcpxml", "_xmeml.xml", ".otio", ".mlt", "_video.edl", "_audio.edl"]) {
    const found = timelines.find((n) => n.endsWith(suffix));
    if (!found) fail(`no timelines/*${suffix} among ${timelines.join(", ")}`);
    file(`timelines/${found}`);
  }
  const fcpxml = readFileSync(join(folder, "timelines", timelines.find((n) => n.endsWith(".fcpxml"))), "utf8");
  if (!fcpxml.includes(`${meta.sentences[0].number}_`)) fail("the FCPXML does not point at the numbered media");
  const captions = readdirSync(join(folder, "captions"));
  if (!captions.some((n) => n.endsWith(".srt")) || !captions.some((n) => n.endsWith(".vtt"))) fail(`captions/ holds ${captions.join(", ")}`);
  const script = readFileSync(file("script.txt"), "utf8");
  if (!script.includes(`[${meta.sentences[0].number}] ${sentences[0].text}`)) fail("script.txt does not list the first sentence by its number");
  if (!readFileSync(file("chapters.txt"), "utf8").includes(SECTION_TITLE)) fail("chapters.txt does not name the section");
  file("README.txt");
  const probe = execFileSync(
    "ffprobe",
    ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=codec_name,pix_fmt,width,height", "-of", "csv=p=0", join(folder, meta.sentences[0].video)],
    { encoding: "utf8" },
  ).trim();
  if (probe !== `h264,${meta.width},${meta.height},yuv420p`) fail(`${meta.sentences[0].video} is ${probe}`);
  // Every scene was generated: no stand-in was needed (a held last frame or a stale clip
  // is the editor's to know, not a fault).
  const missing = meta.warnings.filter((w) => /_missing$/.test(w.kind));
  if (missing.length > 0) fail(`stand-ins were used: ${JSON.stringify(missing)}`);
  const kinds = meta.warnings.reduce((n, w) => ({ ...n, [w.kind]: (n[w.kind] ?? 0) + 1 }), {});
  step(`the export's warnings: ${JSON.stringify(kinds)}`);
}

// ---- run ----

let failed = false;
let driver;
try {
  step("starting the fake LLM, TTS, Whisper and ComfyUI");
  const [llm, tts, whisper, comfy] = await Promise.all([
    startFake("llm", ["--api-key", API_KEY]),
    startFake("tts"),
    startFake("whisper"),
    startFake("comfyui", ["--gpu-ms", "100", ...COMFY_MODELS.flatMap((m) => ["--model", m])]),
  ]);
  const env = {
    ...process.env,
    VIDEOGEN_DATA_DIR: dataDir,
    XDG_CONFIG_HOME: join(root, "config"),
    XDG_DATA_HOME: join(root, "share"),
    XDG_CACHE_HOME: join(root, "cache"),
    VIDEOGEN_LLM_URL: `${llm}/v1`,
    VIDEOGEN_LLM_API_KEY: API_KEY,
    VIDEOGEN_TTS_URL: tts,
    VIDEOGEN_WHISPER_URL: whisper,
    VIDEOGEN_COMFYUI_URL: comfy,
  };
  driver = await startDriver(env);
  session = await Session.start(driver.base, application);
  try {
    const project = await fromTopicToScript();
    await generateAll(project);
    const sceneId = await regenerateOneImage(project);
    await clipPlays();
    await karaoke(project, sceneId);
    checkExportFolder(await exportProject(project));
  } catch (error) {
    await shot("failure.png").catch(() => undefined);
    throw error;
  } finally {
    await Promise.race([session.quit(), new Promise((resolve) => setTimeout(resolve, 10000))]).catch(() => undefined);
    await waitForExit(application).catch(() => undefined);
  }
  step(`PASS in ${((Date.now() - started) / 1000).toFixed(1)} s (screenshots in ${shotsDir})`);
} catch (error) {
  failed = true;
  console.error(`studio-flow: FAIL: ${error.message}`);
} finally {
  if (driver) await driver.stop();
  stopFakes();
  if (failed) console.error(`studio-flow: data kept for inspection in ${root}`);
  else rmSync(root, { recursive: true, force: true, maxRetries: 5 });
}
process.exit(failed ? 1 : 0);

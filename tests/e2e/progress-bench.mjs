// Job progress benchmark (issue 13): how long a job's progress takes from the GPU server to
// the Jobs screen, when the app runs the jobs and when `videogen worker` (another process
// on the same data folder) does.
//
// A fake ComfyUI renders each image in PROMPT_MS and sends STEPS progress messages at even
// moments, logging CLOCK_MONOTONIC as it hands each one to the socket. The page records,
// with a MutationObserver, when the Jobs screen shows each new figure (aria-valuenow of a
// running job's bar; a job leaving the running list counts as 100 %), and when the next
// frame after it was painted. The page's clock is put on CLOCK_MONOTONIC through WebDriver
// round trips (measure.mjs pageClock). A message counts as on screen when its job shows a
// figure at least as far as the message says (the client's per-node fraction, mapped as the
// image job maps it: 10 % + 80 % of the render).
// Usage: node progress-bench.mjs <videogen-studio (e2e-hooks)> <videogen> <videogen-fakes>
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { Session, testEnv, startDriver, waitForExit, waitUntil } from "./wd.mjs";
import { MODELS, SIZE, cli, prepareData, startFake, withLlmKey } from "./benchData.mjs";
import { loadAverage, median, monotonicMs, pageClock, percentile } from "./measure.mjs";

const [application, videogen, fakes] = process.argv.slice(2);
/** GPU time per image and progress messages in it: one every 150 ms. */
const PROMPT_MS = 600;
const STEPS = 4;
const BUDGET = { app: 100, worker: 1000 };

const keep = process.env.BENCH_DATA_DIR;
const root = keep ?? mkdtempSync(join(tmpdir(), "videogen-progress-bench-"));
const env = testEnv(root);
const db = join(env.VIDEOGEN_DATA_DIR, "studio.db");

/** Records each new figure a running job shows, and when the frame after it was painted. */
const RECORD = `
  const rec = (window.__progress = { shown: [], last: new Map(), reads: [] });
  // Each time the page reads the whole job list (IPC goes through fetch), for the report.
  const fetchBefore = window.fetch;
  window.fetch = function (url, init) {
    const started = performance.now();
    const reply = fetchBefore.call(this, url, init);
    if (String(url).endsWith("/list_jobs")) reply.then(() => rec.reads.push([started, performance.now()]), () => {});
    return reply;
  };
  const note = (job, value, now) => {
    const entry = { job, value, dom: now, painted: null };
    rec.shown.push(entry);
    requestAnimationFrame(() => setTimeout(() => { entry.painted = performance.now(); }, 0));
  };
  const scan = () => {
    const now = performance.now();
    const running = new Set();
    for (const row of document.querySelectorAll("[data-testid=job-row][data-state=running]")) {
      const id = row.dataset.jobId;
      const bar = row.querySelector("[role=progressbar]");
      const value = bar ? Number(bar.getAttribute("aria-valuenow")) : NaN;
      running.add(id);
      if (!Number.isNaN(value) && rec.last.get(id) !== value) { rec.last.set(id, value); note(id, value, now); }
    }
    for (const [id, value] of rec.last) if (!running.has(id) && value !== 100) { rec.last.set(id, 100); note(id, 100, now); }
  };
  new MutationObserver(scan).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ["aria-valuenow", "data-state"] });
  scan();`;

/** The fake's progress messages of these prompts: { prompt, step, steps, index, count, at (ms) }. */
function progressLog(file) {
  let text = "";
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return [];
  }
  return text
    .split("\n")
    .filter((l) => l.startsWith("progress "))
    .map((l) => {
      const [, prompt, step, steps, index, count, ns] = l.split(" ");
      return { prompt, step: +step, steps: +steps, index: +index, count: +count, at: Number(BigInt(ns)) / 1e6 };
    });
}

/** Which job posted each prompt (the image job records the prompt id before posting it). */
function jobsOfPrompts() {
  const rows = JSON.parse(execFileSync("sqlite3", ["-readonly", "-json", db, "SELECT job_id, output FROM job_steps WHERE output LIKE '%prompt_id%'"], { encoding: "utf8" }) || "[]");
  const map = new Map();
  for (const r of rows) {
    const id = JSON.parse(r.output).prompt_id;
    if (id) map.set(id, r.job_id);
  }
  return map;
}

/** The image jobs of a project, once all of them have finished (none queued or running). */
async function waitForImages(project) {
  return waitUntil(
    `the images of ${project}`,
    () => {
      const { jobs } = JSON.parse(cli(videogen, env, ["jobs", "--project", project, "--json"]));
      const images = jobs.filter((j) => j.kind === "image");
      return images.length > 0 && images.every((j) => !["queued", "running"].includes(j.state)) ? images : null;
    },
    180000,
    500,
  );
}

/** Runs one project's images while the Jobs screen is open; returns each message's delay. */
async function phase(driver, project, logFile, banner) {
  const session = await Session.start(driver.base, application);
  try {
    await session.wait("[data-testid=empty-dashboard], [data-testid=project-list]", 30000);
    if ((await session.findAll("[data-testid=first-run-dismiss]")).length > 0) {
      await session.click(await session.find("[data-testid=first-run-dismiss]"));
    }
    await session.execute("location.hash = '#/jobs';");
    await session.wait("[data-testid=job-list], [data-testid=no-jobs]", 30000);
    if (banner) await session.wait("[data-testid=worker-banner]", 10000);
    await session.execute(RECORD);
    const load = loadAverage();
    const clockBefore = await pageClock(session);
    cli(videogen, env, ["generate", project, "--images", "--no-wait"]);
    const images = await waitForImages(project);
    const failed = images.filter((j) => j.state !== "succeeded");
    if (failed.length > 0) throw new Error(`${failed.length} image jobs of ${project} did not succeed: ${failed[0].error ?? failed[0].state}`);
    await waitUntil("the screen to show no running job", () => session.execute("return document.querySelectorAll('[data-testid=job-row][data-state=running]').length === 0;"), 10000);
    await waitUntil("the last paint", () => session.execute("return window.__progress.shown.every((e) => e.painted !== null);"), 5000);
    const shown = await session.execute("return window.__progress.shown;");
    const reads = await session.execute("return window.__progress.reads;");
    const clockAfter = await pageClock(session);
    // The page clock against ours, before and after: the drift is how far off the mapping can be.
    const offset = (clockBefore.offset + clockAfter.offset) / 2;
    const uncertainty = Math.max(clockBefore.uncertainty, clockAfter.uncertainty) + Math.abs(clockBefore.offset - clockAfter.offset) / 2;
    const prompts = jobsOfPrompts();
    const ours = new Set(images.map((j) => j.id));
    const messages = progressLog(logFile).filter((m) => ours.has(prompts.get(m.prompt)));
    if (messages.length !== images.length * STEPS) throw new Error(`expected ${images.length * STEPS} progress messages for ${project}, the fake logged ${messages.length}`);
    const delays = { dom: [], painted: [], byStep: {} };
    let missing = 0;
    for (const m of messages) {
      const job = prompts.get(m.prompt);
      const percent = 100 * (0.1 + 0.8 * ((m.index + m.step / m.steps) / m.count));
      // The bar shows whole percents: a figure is there once the rounded one is.
      const first = shown.find((s) => s.job === job && s.value >= percent - 0.5);
      if (!first) {
        missing += 1;
        continue;
      }
      const dom = first.dom + offset - m.at;
      if (dom < -uncertainty - 1) throw new Error(`job ${job} showed ${first.value}% ${(-dom).toFixed(1)} ms before the fake sent step ${m.step}: the mapping of figures is wrong`);
      delays.dom.push(dom);
      delays.painted.push(first.painted + offset - m.at);
      (delays.byStep[m.step] ??= []).push(first.painted + offset - m.at);
    }
    return { delays, missing, messages: messages.length, jobs: images.length, uncertainty, load, reads };
  } finally {
    await session.quit();
    await waitForExit(application);
  }
}

/** Whether some process holds the runner lock of the data folder (util-linux flock). */
function lockHeld() {
  try {
    execFileSync("flock", ["-n", `${db}.runner.lock`, "true"]);
    return false;
  } catch {
    return true;
  }
}

/**
 * Two new projects of 20 sentences with their image prompts written (by the fake LLM) and
 * no images yet: one for each phase, new on every run of the bench.
 */
async function smallProjects() {
  const stamp = Date.now().toString(36);
  const names = [`Progress here ${stamp}`, `Progress worker ${stamp}`];
  const llm = await startFake(fakes, ["llm"]);
  try {
    cli(videogen, env, ["config", "set", "llm.url", llm.url]);
    for (const name of names) {
      const file = join(root, "small-script.md");
      const sentences = Array.from({ length: 20 }, (_, k) => `Scene ${k + 1} of the run shows the harbour at dawn.`);
      writeFileSync(file, `# ${name}\n\n${sentences.join(" ")}\n`);
      cli(videogen, env, ["import", file, "--name", name]);
      cli(videogen, env, ["set", name, "--image-model", "Z-Image Turbo", "--size", SIZE]);
      cli(videogen, withLlmKey(env), ["generate", name, "--prompts"]);
    }
  } finally {
    await llm.stop();
  }
  return names;
}

await prepareData({ videogen, fakes, env, root });
const projects = await smallProjects();
const logFile = join(root, "progress.log");
rmSync(logFile, { force: true });
const comfy = await startFake(fakes, ["comfyui", "--gpu-ms", String(PROMPT_MS), "--steps", String(STEPS), "--progress-log", logFile, ...MODELS.flatMap((m) => ["--model", m])]);
cli(videogen, env, ["config", "set", "comfyui.url", comfy.url]);
const driver = await startDriver(env);
const results = {};
let worker;
try {
  results.app = await phase(driver, projects[0], logFile, false);
  // The worker takes the runner lock first; the app then follows its jobs.
  // The app of the first phase lets go of the runner lock as it quits (after its window).
  await waitUntil("the runner lock to be free", () => !lockHeld(), 20000, 50);
  worker = spawn(videogen, ["worker", "--forever"], { env, stdio: ["ignore", "ignore", "inherit"] });
  await waitUntil("the worker to hold the runner lock", () => {
    if (worker.exitCode !== null) throw new Error(`videogen worker exited with ${worker.exitCode}`);
    return lockHeld();
  }, 20000, 50);
  results.worker = await phase(driver, projects[1], logFile, true);
} finally {
  if (worker && worker.exitCode === null) {
    const exited = new Promise((resolve) => worker.once("exit", resolve));
    worker.kill("SIGINT");
    await exited;
  }
  await driver.stop();
  await comfy.stop();
  if (!keep) rmSync(root, { recursive: true, force: true, maxRetries: 5 });
}

console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}`);
console.log(`fake ComfyUI: ${PROMPT_MS} ms per image, ${STEPS} progress messages at even moments (one every ${PROMPT_MS / STEPS} ms); the jobs screen open; clocks: CLOCK_MONOTONIC`);
const checks = [];
for (const [name, who] of [["app", "the app runs the jobs"], ["worker", "videogen worker runs the jobs"]]) {
  const r = results[name];
  const f = (xs) => `median ${median(xs).toFixed(0)} ms, p90 ${percentile(xs, 0.9).toFixed(0)} ms, max ${Math.max(...xs).toFixed(0)} ms`;
  console.log(`${who} (${r.jobs} image jobs, ${r.messages} progress messages, load average ${r.load.toFixed(1)}, page clock ±${r.uncertainty.toFixed(1)} ms):`);
  console.log(`  sent → on the page (DOM): ${f(r.delays.dom)}`);
  console.log(`  sent → next frame painted: ${f(r.delays.painted)}  [budget ${BUDGET[name]} ms]`);
  console.log(`  painted, by step of the render (1 = ${PROMPT_MS / STEPS} ms after it started): ${Object.entries(r.delays.byStep).map(([k, xs]) => `${k}: median ${median(xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)}`).join("; ")}`);
  if (r.reads.length > 0) console.log(`  the screen read the whole job list ${r.reads.length} times meanwhile (each ${median(r.reads.map(([a, b]) => b - a)).toFixed(0)} ms median to the reply)`);
  if (r.missing > 0) console.log(`  ${r.missing} messages never showed`);
  checks.push([`${who}: every progress message on screen, max <= ${BUDGET[name]} ms`, r.missing === 0 && Math.max(...r.delays.painted) <= BUDGET[name]]);
}
for (const [what, ok] of checks) console.log(`${ok ? "PASS" : "FAIL"} ${what}`);
process.exit(checks.every(([, ok]) => ok) ? 0 : 1);

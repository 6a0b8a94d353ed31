// Shell benchmark: cold start to the Dashboard's first paint, opening a 2,700-sentence
// project to its first rows, and memory (PSS of the app and its WebKit processes) with that
// project open. Usage: node bench.mjs <path to a videogen-studio built with e2e-hooks> (bench.sh)
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { Session, pidsOf, startDriver, waitForExit, waitUntil } from "./wd.mjs";
import { bigScript } from "./bigScript.mjs";
import { children, fmt, markOnMonotonicClock, median, metric, pssMb } from "./measure.mjs";

const application = process.argv[2];
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const root = mkdtempSync(join(tmpdir(), "videogen-bench-"));
const env = {
  ...process.env,
  VIDEOGEN_DATA_DIR: join(root, "data"),
  XDG_CONFIG_HOME: join(root, "config"),
  XDG_DATA_HOME: join(root, "share"),
  XDG_CACHE_HOME: join(root, "cache"),
};

const scriptFile = join(root, "big-script.md");
writeFileSync(scriptFile, bigScript());

/** The app's pid (the one process running our binary). */
function appPid() {
  const pids = pidsOf(application);
  if (pids.length !== 1) throw new Error(`expected one app process, found ${pids.length}`);
  return pids[0];
}

/** The boot clock (CLOCK_BOOTTIME) now, ms, from /proc/uptime (10 ms steps). */
function bootClockMs() {
  return Number(readFileSync("/proc/uptime", "utf8").split(" ")[0]) * 1000;
}

/** When the kernel started process `pid`, on the boot clock, ms (/proc/<pid>/stat, 10 ms steps). */
function processStartBootMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[19]) * 1000) / 100; // starttime, in USER_HZ (100 on Linux) ticks since boot
}

const driver = await startDriver(env);
const results = { coldStart: [], launch: [], uncertainty: [], open: [], pss: [] };
let pssDetail = [];
try {
  // Prepare: import the big script once.
  let session = await Session.start(driver.base, application);
  await session.wait("[data-testid=empty-dashboard], [data-testid=project-list]", 30000);
  // A fresh data folder opens with the first-run welcome over the dashboard.
  await session.click(await session.wait("[data-testid=first-run-dismiss]"));
  await waitUntil("the welcome to close", async () => (await session.findAll("[data-testid=first-run]")).length === 0);
  await session.execute("window.__videogenNextPickedFile = arguments[0];", [scriptFile]);
  await session.click(await session.find("[data-testid=import-script]"));
  await session.waitText("[data-testid=project-stats]", "2700 sentences", 120000);
  await session.quit();
  await waitForExit(application);

  for (let run = 0; run < RUNS; run++) {
    // Cold start on this process's monotonic clock: from the new-session request that makes
    // the driver spawn the app, to the Dashboard's first paint. It includes the driver's
    // own launch work, so it is an upper bound; that share (request to the kernel's record
    // of the app's start, both on the boot clock, 10 ms steps) is printed beside it.
    const requested = performance.now();
    const requestedBoot = bootClockMs();
    session = await Session.start(driver.base, application);
    const painted = await markOnMonotonicClock(session, "dashboardPainted");
    const pid = appPid();
    results.coldStart.push(painted.at - requested);
    results.uncertainty.push(painted.uncertainty);
    results.launch.push(processStartBootMs(pid) - requestedBoot);

    // Open the project: time from the click to its first rows painted.
    const clicked = await session.execute(
      "const b = document.querySelector('[data-testid=open-project]'); const t = Date.now(); b.click(); return t;",
    );
    const rows = await metric(session, "projectRowsPainted");
    results.open.push(rows - clicked);

    // Scroll through it as a person would, then measure memory.
    for (const fraction of [0.25, 0.5, 0.75, 1]) {
      await session.execute(
        "const l = document.querySelector('[data-testid=sentence-list]'); l.scrollTop = l.scrollHeight * arguments[0];",
        [fraction],
      );
      await waitUntil("rows after scrolling", () => session.execute("return document.querySelectorAll('[data-testid=sentence-row]').length > 0;"));
    }
    const pss = pssMb([pid, ...children(pid)]);
    results.pss.push(pss.total);
    pssDetail = pss.parts;
    await session.quit();
    await waitForExit(application);
  }
} finally {
  await driver.stop();
  rmSync(root, { recursive: true, force: true, maxRetries: 5 });
}

console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}`);
console.log(`cold start to Dashboard first paint (monotonic, from the launch request): ${fmt(results.coldStart, "ms")}  [budget 1500 ms]`);
console.log(`  of which the driver's launch (request to the app process's start, boot clock ±10 ms): ${fmt(results.launch, "ms")}`);
console.log(`  paint read to within ±${Math.max(...results.uncertainty).toFixed(1)} ms (half the longest WebDriver round trip)`);
console.log(`open 2,700-sentence project to first rows: ${fmt(results.open, "ms")}  [budget 500 ms]`);
console.log(`PSS with that project open: ${fmt(results.pss, "MB")}  [budget 300 MB]`);
console.log(`  last run: ${pssDetail.join(", ")}`);
const checks = [
  ["cold start median <= 1500 ms", median(results.coldStart) <= 1500],
  ["open project median <= 500 ms", median(results.open) <= 500],
  ["PSS max <= 300 MB", Math.max(...results.pss) <= 300],
];
for (const [what, ok] of checks) console.log(`${ok ? "PASS" : "FAIL"} ${what}`);
process.exit(checks.every(([, ok]) => ok) ? 0 : 1);

// Shell benchmark: cold start to the Dashboard's first paint, opening a 2,700-sentence
// project to its first rows, and memory (PSS of the app and its WebKit processes) with that
// project open. Usage: node bench.mjs <path to a release videogen-studio with custom-protocol>
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { Session, pidsOf, startDriver, waitForExit, waitUntil } from "./wd.mjs";
import { bigScript } from "./bigScript.mjs";

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

/** Wall-clock start of a process in ms since the epoch (from /proc, 10 ms resolution). */
function processStartMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const startTicks = Number(fields[19]);
  const btime = Number(/btime (\d+)/.exec(readFileSync("/proc/stat", "utf8"))[1]);
  return btime * 1000 + (startTicks * 1000) / 100; // USER_HZ is 100 on Linux
}

function children(pid) {
  const out = [];
  for (const entry of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1];
      if (ppid === String(pid)) out.push(entry, ...children(entry));
    } catch {
      // Gone.
    }
  }
  return out;
}

function pssMb(pids) {
  let kb = 0;
  const parts = [];
  for (const pid of pids) {
    try {
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
      const pss = Number(/^Pss:\s+(\d+) kB/m.exec(rollup)[1]);
      const name = readFileSync(`/proc/${pid}/comm`, "utf8").trim();
      parts.push(`${name} ${(pss / 1024).toFixed(0)} MB`);
      kb += pss;
    } catch {
      // Gone.
    }
  }
  return { total: kb / 1024, parts };
}

const metric = (session, name) =>
  waitUntil(`metric ${name}`, () => session.execute(`return (window.__videogenMetrics || {})[arguments[0]] || null;`, [name]), 30000, 20);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const driver = await startDriver(env);
const results = { coldStart: [], open: [], pss: [] };
let pssDetail = [];
try {
  // Prepare: import the big script once.
  let session = await Session.start(driver.base, application);
  await session.wait("[data-testid=empty-dashboard], [data-testid=project-list]", 30000);
  await session.execute("window.__videogenNextPickedFile = arguments[0];", [scriptFile]);
  await session.click(await session.find("[data-testid=import-script]"));
  await session.waitText("[data-testid=project-stats]", "2700 sentences", 120000);
  await session.quit();
  await waitForExit(application);

  for (let run = 0; run < RUNS; run++) {
    session = await Session.start(driver.base, application);
    const painted = await metric(session, "dashboardPainted");
    const pid = appPid();
    results.coldStart.push(painted - processStartMs(pid));

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

const fmt = (xs, unit) => `median ${median(xs).toFixed(0)} ${unit}, max ${Math.max(...xs).toFixed(0)} ${unit} (${xs.map((x) => x.toFixed(0)).join(", ")})`;
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}`);
console.log(`cold start to Dashboard first paint: ${fmt(results.coldStart, "ms")}  [budget 1500 ms]`);
console.log(`open 2,700-sentence project to first rows: ${fmt(results.open, "ms")}  [budget 500 ms]`);
console.log(`PSS with that project open: ${fmt(results.pss, "MB")}  [budget 300 MB]`);
console.log(`  last run: ${pssDetail.join(", ")}`);
const ok = median(results.coldStart) <= 1500 && median(results.open) <= 500 && Math.max(...results.pss) <= 300;
process.exit(ok ? 0 : 1);

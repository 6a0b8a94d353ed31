// What the desktop benchmarks measure with: memory of the app and its WebKit processes,
// marks the page keeps (window.__videogenMetrics), the page's clock on this process's
// monotonic clock, and summary figures.
import { readFileSync, readdirSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { waitUntil } from "./wd.mjs";

/** Every descendant of process `pid` (WebKit's web and network processes). */
export function children(pid) {
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

/** PSS of these processes (smaps_rollup), MB, in total and per process. */
export function pssMb(pids) {
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

/**
 * Waits for the page's mark `name` and returns when it happened on this process's monotonic
 * clock (performance.now()). The page keeps marks as its Date.now(); only the time since the
 * mark crosses over, measured inside the page in one call, and placed at the middle of that
 * call's round trip (`uncertainty` is half of it). No wall clock is compared across processes.
 */
export async function markOnMonotonicClock(session, name, timeoutMs = 30000) {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const before = performance.now();
    const ago = await session
      .execute("const m = window.__videogenMetrics || {}; return m[arguments[0]] === undefined ? null : Date.now() - m[arguments[0]];", [name])
      .catch(() => null);
    const after = performance.now();
    if (typeof ago === "number") return { at: (before + after) / 2 - ago, uncertainty: (after - before) / 2 };
    if (after > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for metric ${name}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The page's mark `name` (its Date.now()), once there. */
export const metric = (session, name, timeoutMs = 30000) =>
  waitUntil(`metric ${name}`, () => session.execute(`return (window.__videogenMetrics || {})[arguments[0]] || null;`, [name]), timeoutMs, 20);

/** CLOCK_MONOTONIC now, ms: the clock other processes (the fake ComfyUI's log) write too. */
export const monotonicMs = () => Number(process.hrtime.bigint()) / 1e6;

/**
 * How to turn the page's performance.now() into CLOCK_MONOTONIC ms: the page's clock read
 * in one WebDriver call, placed at the middle of the call's round trip; of `tries` calls
 * the one with the shortest round trip is kept (`uncertainty` is half of it).
 */
export async function pageClock(session, tries = 7) {
  let best = null;
  for (let n = 0; n < tries; n++) {
    const before = monotonicMs();
    const page = await session.execute("return performance.now();");
    const after = monotonicMs();
    if (!best || after - before < 2 * best.uncertainty) best = { offset: (before + after) / 2 - page, uncertainty: (after - before) / 2 };
  }
  return best;
}

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The value at fraction `p` (0..1) of the sorted values (nearest rank). */
export function percentile(xs, p) {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

/** CPU time of these processes so far (utime + stime, /proc/PID/stat), ms (10 ms steps). */
export function cpuMs(pids) {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime: USER_HZ (100) ticks
    } catch {
      // Gone.
    }
  }
  return ticks * 10;
}

/** The 1-minute load average now. */
export const loadAverage = () => Number(readFileSync("/proc/loadavg", "utf8").split(" ")[0]);

export const fmt = (xs, unit, digits = 0) =>
  `median ${median(xs).toFixed(digits)} ${unit}, max ${Math.max(...xs).toFixed(digits)} ${unit} (${xs.map((x) => x.toFixed(digits)).join(", ")})`;

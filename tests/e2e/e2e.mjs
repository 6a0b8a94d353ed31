// Desktop end-to-end test: the real app under Xvfb (with openbox as its window manager),
// driven through tauri-driver and WebKitWebDriver, with the `videogen` CLI on the same data
// directory. First launch: create a project, import a script file, give a sentence a
// narration from another process (the CLI) and see it become up to date, edit it and see it
// go out of date, then type an edit and close the window at once, as a user does: the app
// must save that edit before it quits. Second launch: everything is still there; with a job
// running, closing the window hides it to the tray and the app keeps working; shown again
// and closed with no jobs, the app quits.
// Usage: node e2e.mjs <videogen-studio built with e2e-hooks> <videogen CLI>
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CONTROL, Session, pidsOf, startDriver, waitForExit, waitUntil } from "./wd.mjs";

const [application, cliBinary] = process.argv.slice(2);
if (!application || !cliBinary) {
  console.error("usage: node e2e.mjs <app binary> <videogen CLI binary>");
  process.exit(2);
}

const root = mkdtempSync(join(tmpdir(), "videogen-e2e-"));
const dataDir = join(root, "data");
const env = {
  ...process.env,
  VIDEOGEN_DATA_DIR: dataDir,
  // Keep window state and WebKit caches of the test out of the user's home.
  XDG_CONFIG_HOME: join(root, "config"),
  XDG_DATA_HOME: join(root, "share"),
  XDG_CACHE_HOME: join(root, "cache"),
};
const TITLE = "VideoGen Studio";
const scriptFile = join(root, "ocean-script.md");
writeFileSync(
  scriptFile,
  [
    "# The Deep Ocean",
    "",
    "The ocean covers most of our planet. Most of it has never been seen by people.",
    "",
    "# Life in the Dark",
    "",
    "Some fish make their own light. Others hunt by feeling the water move.",
    "",
  ].join("\n"),
);
const EDITED = "The ocean covers seventy-one percent of Earth.";
const TYPED_BEFORE_CLOSING = "Nobody has seen most of it, not even with robots.";

function step(message) {
  console.log(`e2e: ${message}`);
}

/** Runs the CLI on the test's data directory; returns its stdout. */
function cli(...args) {
  return execFileSync(cliBinary, ["--data-dir", dataDir, ...args], { env, encoding: "utf8" });
}

/** A mono 16-bit PCM WAV of `ms` milliseconds of silence at 24 kHz (a narration take). */
function wav(ms) {
  const rate = 24000;
  const dataLength = (rate / 1000) * ms * 2;
  const b = Buffer.alloc(44 + dataLength);
  b.write("RIFF", 0);
  b.writeUInt32LE(36 + dataLength, 4);
  b.write("WAVEfmt ", 8);
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20); // PCM
  b.writeUInt16LE(1, 22); // mono
  b.writeUInt32LE(rate, 24);
  b.writeUInt32LE(rate * 2, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write("data", 36);
  b.writeUInt32LE(dataLength, 40);
  return b;
}

// ---- the window manager, and windows as X sees them ----

/** Starts openbox on the test's display and waits until it manages windows. */
async function startWindowManager() {
  const child = spawn("openbox", ["--sm-disable"], { env, stdio: "ignore" });
  await waitUntil("openbox to manage the display", () => {
    try {
      return execFileSync("wmctrl", ["-m"], { env, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).includes("Openbox");
    } catch {
      return false;
    }
  });
  return {
    stop: () => {
      if (child.exitCode === null) child.kill("SIGTERM");
    },
  };
}

/** The X window id of the app's main window, once the window manager lists it. */
function mainWindow() {
  return waitUntil(`the "${TITLE}" window to be shown`, () => {
    const line = execFileSync("wmctrl", ["-l"], { env, encoding: "utf8" })
      .split("\n")
      .find((l) => l.includes(TITLE));
    return line ? line.split(/\s+/)[0] : null;
  });
}

/** "IsViewable" or "IsUnMapped" (xwininfo's Map State). */
function mapState(windowId) {
  const info = execFileSync("xwininfo", ["-id", windowId], { env, encoding: "utf8" });
  return /Map State:\s*(\S+)/.exec(info)?.[1];
}

/** Clicks the window's close button, in effect: asks the window manager to close it. */
function closeWindow() {
  execFileSync("wmctrl", ["-c", TITLE], { env });
}

// ---- the two launches ----

async function dashboard(session) {
  await session.wait("[data-testid=empty-dashboard], [data-testid=project-list]", 30000);
}

/** The CSS selector of `part` inside the row of sentence `id`. */
const inRow = (id, part) => `[data-sentence-id="${id}"] [data-testid=${part}]`;

async function firstRun(session) {
  await dashboard(session);
  step("a fresh data folder gets the first-run welcome: dismiss it");
  await session.click(await session.wait("[data-testid=first-run-dismiss]"));
  await waitUntil("the welcome to close", async () => (await session.findAll("[data-testid=first-run]")).length === 0);
  step("create a project in the UI");
  await session.click(await session.find("[data-testid=new-project]"));
  await session.type(await session.wait("[data-testid=new-project-name]"), "E2E Project");
  await session.click(await session.find("[data-testid=create-project]"));
  await session.waitText("[data-testid=project-title]", "E2E Project");

  step("import a script file through the Import button");
  await session.click(await session.find('a[aria-label="Back to projects"]'));
  await session.wait("[data-testid=project-list]");
  // The native open-file dialog cannot be driven over WebDriver: the e2e build of the UI
  // (and only it) takes the path from this variable once; the rest is the product's path.
  await session.execute("window.__videogenNextPickedFile = arguments[0];", [scriptFile]);
  await session.click(await session.find("[data-testid=import-script]"));
  await session.waitText("[data-testid=sentence-list]", "Some fish make their own light.");
  const listed = await session.textOf("[data-testid=sentence-list]");
  for (const expected of ["The Deep Ocean", "Life in the Dark", "The ocean covers most of our planet.", "Others hunt by feeling the water move."]) {
    if (!listed.includes(expected)) throw new Error(`the imported project does not show "${expected}"`);
  }
  const url = await session.cmd("GET", "/url");
  const projectId = /\/projects\/([^/?#]+)/.exec(url)?.[1];
  if (!projectId) throw new Error(`no project id in the imported project's address ${url}`);
  const [first, second] = await session.execute(
    "return [...document.querySelectorAll('[data-testid=sentence-row]')].slice(0, 2).map((r) => r.getAttribute('data-sentence-id'));",
  );

  step("a narration attached by the CLI makes the first sentence's audio up to date");
  const badge = inRow(first, "badge-audio");
  const fresh = await session.textOf(badge);
  if (!fresh.includes("Narration: not generated yet")) throw new Error(`a new sentence's audio badge reads "${fresh}"`);
  const take = join(root, "take.wav");
  writeFileSync(take, wav(1500));
  cli("attach", first, "--audio", take);
  await session.waitText(badge, "Narration: up to date");

  step("editing its text puts the narration out of date");
  await session.click(await session.find(inRow(first, "sentence-text")));
  const editor = await session.wait(inRow(first, "sentence-editor"));
  await session.type(editor, `${CONTROL}a${CONTROL}`);
  await session.type(editor, EDITED);
  await session.waitText(inRow(first, "save-status"), "Saved");
  await session.waitText(badge, "Narration: out of date");

  step("type an edit and close the window before it is saved");
  await session.click(await session.find(inRow(second, "sentence-text")));
  const secondEditor = await session.wait(inRow(second, "sentence-editor"));
  await session.type(secondEditor, `${CONTROL}a${CONTROL}`);
  await session.type(secondEditor, TYPED_BEFORE_CLOSING);
  const windowId = await mainWindow();
  // The save waits for a pause in typing (600 ms); closing now leaves it to the quit's flush.
  const status = await session.textOf(inRow(second, "save-status"));
  closeWindow();
  if (status !== "Editing…") {
    throw new Error(`the edit was already "${status}" before the window closed: this run cannot tell whether closing saves`);
  }
  step("with no jobs, closing the window quits the app");
  await waitForExit(application);
  await waitUntil("the window to go away with the app", () => mapStateOrGone(windowId) === "gone", 5000);
  return { projectId, first, second };
}

/** Map state of a window, or "gone" when it no longer exists. */
function mapStateOrGone(windowId) {
  try {
    return mapState(windowId) ?? "gone";
  } catch {
    return "gone";
  }
}

/** The app's log lines so far (all daily files). */
function appLog() {
  const logs = join(dataDir, "logs");
  if (!existsSync(logs)) return "";
  return readdirSync(logs)
    .map((name) => readFileSync(join(logs, name), "utf8"))
    .join("");
}

function checkSavedOnClose({ projectId }) {
  step("the edit typed just before closing was saved");
  const shown = cli("show", projectId);
  for (const text of [EDITED, TYPED_BEFORE_CLOSING]) {
    if (!shown.includes(text)) throw new Error(`"${text}" is not in the database after closing:\n${shown}`);
  }
  // Without the flush the debounced save could still land during the quit's grace period:
  // the app must have been told by the window that its edits were saved.
  if (appLog().includes("did not confirm its edits were saved")) {
    throw new Error("the window did not confirm that it saved its edits before the app quit");
  }
}

async function secondRun(session, { projectId, first }) {
  await dashboard(session);
  step("after a restart, both projects are listed");
  await session.waitText("[data-testid=project-list]", "E2E Project");
  const buttons = await session.findAll(`[data-project-id="${projectId}"] [data-testid=open-project]`);
  if (buttons.length !== 1) throw new Error("the imported project is missing after restart");
  step("open the imported project and find both edits");
  await session.click(buttons[0]);
  await session.waitText("[data-testid=sentence-list]", EDITED);
  const listed = await session.textOf("[data-testid=sentence-list]");
  if (listed.includes("The ocean covers most of our planet.")) throw new Error("the old text came back after restart");
  if (!listed.includes(TYPED_BEFORE_CLOSING)) throw new Error("the edit typed before closing is missing after restart");
  if (!listed.includes("Some fish make their own light.")) throw new Error("other sentences are missing after restart");
  const badge = await session.textOf(inRow(first, "badge-audio"));
  if (!badge.includes("Narration: out of date")) throw new Error(`after restart the edited sentence's audio badge reads "${badge}"`);

  step("with a job running, closing the window hides it to the tray");
  const stepsLog = join(root, "diagnostic-steps.log");
  cli("jobs", "enqueue-diagnostic", "--count", "1", "--out", join(root, "diagnostic"), "--steps-log", stepsLog, "--step-ms", "600000");
  // The app's runner writes a line when the job's first step starts: the job is running.
  const jobId = await waitUntil("the app to start the job", () => existsSync(stepsLog) && readFileSync(stepsLog, "utf8").split(" ")[0]);
  const windowId = await mainWindow();
  if (mapState(windowId) !== "IsViewable") throw new Error("the window is not shown before closing");
  closeWindow();
  await waitUntil("the window to be hidden", () => mapStateOrGone(windowId) === "IsUnMapped");
  if (pidsOf(application).length === 0) throw new Error("the app quit instead of hiding to the tray");
  // Still working: only the app's runner can end the running job when asked to cancel it.
  // The CLI only asks ("Cancel requested; job … stops shortly"); the job is "cancelled" once
  // the runner that holds it has stopped it.
  if (!cli("jobs", "cancel", jobId).includes("Cancel requested")) throw new Error("the job was not running when the window hid");
  await waitUntil("the hidden app to cancel its job", () => /\bcancelled\b/.test(cli("jobs", "cancel", jobId)));
  if (pidsOf(application).length === 0) throw new Error("the app quit while hidden");

  step("launching the app again shows the hidden window");
  const second = spawn(application, [], { env, stdio: "ignore" });
  await waitUntil("the window to be shown again", () => mapStateOrGone(windowId) === "IsViewable");
  await waitUntil("the second launch to hand over and exit", () => second.exitCode !== null);
  step("with no jobs left, closing the window quits the app");
  closeWindow();
  await waitForExit(application);
}

/** Saves what the screen shows, for a failure report. */
async function screenshot(session, name) {
  const file = join(root, name);
  try {
    // A hidden window may never answer: give up after a while.
    const png = await Promise.race([
      session.cmd("GET", "/screenshot"),
      new Promise((_, reject) => setTimeout(() => reject(new Error("no answer")), 10000)),
    ]);
    writeFileSync(file, Buffer.from(png, "base64"));
  } catch {
    // The window is gone or hidden: take the whole display instead.
    try {
      execFileSync("import", ["-window", "root", file], { env });
    } catch (error) {
      console.error(`e2e: no screenshot: ${error.message}`);
      return;
    }
  }
  console.error(`e2e: screenshot ${file}`);
}

/** Ends the WebDriver session; the app may already have quit by itself. */
async function endSession(session) {
  try {
    // The driver may not answer for an app that is gone: do not wait for it forever.
    await Promise.race([session.quit(), new Promise((resolve) => setTimeout(resolve, 10000))]);
  } catch {
    // The app closed its own window: the session ended with it.
  }
  await waitForExit(application);
}

const driver = await startDriver(env);
const windowManager = await startWindowManager();
let failed = false;
try {
  step("first launch");
  let session = await Session.start(driver.base, application);
  let ids;
  try {
    ids = await firstRun(session);
    checkSavedOnClose(ids);
  } catch (error) {
    await screenshot(session, "first-run-failure.png");
    throw error;
  } finally {
    await endSession(session);
  }
  step("second launch");
  session = await Session.start(driver.base, application);
  try {
    await secondRun(session, ids);
  } catch (error) {
    await screenshot(session, "second-run-failure.png");
    throw error;
  } finally {
    await endSession(session);
  }
  step("PASS");
} catch (error) {
  failed = true;
  console.error(`e2e: FAIL: ${error.message}`);
} finally {
  windowManager.stop();
  await driver.stop();
  if (failed) console.error(`e2e: data kept for inspection in ${root}`);
  else rmSync(root, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);

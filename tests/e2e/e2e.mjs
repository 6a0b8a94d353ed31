// Desktop end-to-end test: the real app under Xvfb through tauri-driver and WebKitWebDriver.
// Create a project, import a script file, see its sentences, edit one, quit, start again and
// find it all still there. Usage: node e2e.mjs <path to videogen-studio built with custom-protocol>
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CONTROL, Session, startDriver, waitForExit } from "./wd.mjs";

const application = process.argv[2];
if (!application) {
  console.error("usage: node e2e.mjs <app binary>");
  process.exit(2);
}

const root = mkdtempSync(join(tmpdir(), "videogen-e2e-"));
const env = {
  ...process.env,
  VIDEOGEN_DATA_DIR: join(root, "data"),
  // Keep window state and WebKit caches of the test out of the user's home.
  XDG_CONFIG_HOME: join(root, "config"),
  XDG_DATA_HOME: join(root, "share"),
  XDG_CACHE_HOME: join(root, "cache"),
};
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

function step(message) {
  console.log(`e2e: ${message}`);
}

async function dashboard(session) {
  await session.wait("[data-testid=empty-dashboard], [data-testid=project-list]", 30000);
}

async function firstRun(session) {
  await dashboard(session);
  step("create a project in the UI");
  await session.click(await session.find("[data-testid=new-project]"));
  await session.type(await session.wait("[data-testid=new-project-name]"), "E2E Project");
  await session.click(await session.find("[data-testid=create-project]"));
  await session.waitText("[data-testid=project-title]", "E2E Project");

  step("import a script file through the Import button");
  await session.click(await session.find('a[aria-label="Back to projects"]'));
  await session.wait("[data-testid=project-list]");
  // The native open-file dialog cannot be driven over WebDriver: the UI's test hook
  // answers it once; everything from the button on is the real product path.
  await session.execute("window.__videogenNextPickedFile = arguments[0];", [scriptFile]);
  await session.click(await session.find("[data-testid=import-script]"));
  await session.waitText("[data-testid=sentence-list]", "Some fish make their own light.");
  const listed = await session.textOf("[data-testid=sentence-list]");
  for (const expected of ["The Deep Ocean", "Life in the Dark", "The ocean covers most of our planet.", "Others hunt by feeling the water move."]) {
    if (!listed.includes(expected)) throw new Error(`the imported project does not show "${expected}"`);
  }
  const importedUrl = await session.cmd("GET", "/url");

  step("edit the first sentence");
  await session.click(await session.find("[data-testid=sentence-text]"));
  const editor = await session.wait("[data-testid=sentence-editor]");
  await session.type(editor, `${CONTROL}a${CONTROL}`);
  await session.type(editor, EDITED);
  await session.waitText("[data-testid=save-status]", "Saved");
  const row = await session.find("[data-testid=sentence-row]");
  const badge = await session.execute(
    "return arguments[0].querySelector('[data-testid=badge-audio]').getAttribute('data-dirty');",
    [{ "element-6066-11e4-a52e-4f735466cecf": row }],
  );
  if (badge !== "true") throw new Error(`after the edit the audio badge should be dirty, it is ${badge}`);
  return importedUrl;
}

async function secondRun(session) {
  await dashboard(session);
  step("after a restart, both projects are listed");
  await session.waitText("[data-testid=project-list]", "E2E Project");
  await session.waitText("[data-testid=project-list]", "ocean");
  const names = await Promise.all((await session.findAll("[data-testid=open-project]")).map((e) => session.text(e)));
  const imported = names.find((n) => n.toLowerCase().includes("ocean"));
  if (!imported) throw new Error(`the imported project is missing after restart: ${names.join(", ")}`);
  step(`open "${imported}" and find the edit`);
  const buttons = await session.findAll("[data-testid=open-project]");
  await session.click(buttons[names.indexOf(imported)]);
  await session.waitText("[data-testid=sentence-list]", EDITED);
  const listed = await session.textOf("[data-testid=sentence-list]");
  if (listed.includes("The ocean covers most of our planet.")) throw new Error("the old text came back after restart");
  if (!listed.includes("Some fish make their own light.")) throw new Error("other sentences are missing after restart");
}

/** Saves what the window shows, for a failure report. */
async function screenshot(session, name) {
  try {
    const png = await session.cmd("GET", "/screenshot");
    writeFileSync(join(root, name), Buffer.from(png, "base64"));
    console.error(`e2e: screenshot ${join(root, name)}`);
  } catch (error) {
    console.error(`e2e: no screenshot: ${error.message}`);
  }
}

const driver = await startDriver(env);
let failed = false;
try {
  step("first launch");
  let session = await Session.start(driver.base, application);
  try {
    await firstRun(session);
  } catch (error) {
    await screenshot(session, "first-run-failure.png");
    throw error;
  } finally {
    step("quit");
    await session.quit();
    await waitForExit(application);
  }
  step("second launch");
  session = await Session.start(driver.base, application);
  try {
    await secondRun(session);
  } catch (error) {
    await screenshot(session, "second-run-failure.png");
    throw error;
  } finally {
    await session.quit();
    await waitForExit(application);
  }
  step("PASS");
} catch (error) {
  failed = true;
  console.error(`e2e: FAIL: ${error.message}`);
} finally {
  await driver.stop();
  if (failed) console.error(`e2e: data kept for inspection in ${root}`);
  else rmSync(root, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);

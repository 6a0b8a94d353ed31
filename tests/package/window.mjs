// The installed app's window, driven over WebDriver (tauri-driver + WebKitWebDriver) under
// the display the caller provides (xvfb-run):
//   1. on the upgraded data folder (the default one, from XDG_DATA_HOME): the old projects
//      are listed, the crash of the previous start is reported, and no welcome is shown;
//   2. on a fresh data folder (VIDEOGEN_DATA_DIR): the first-run welcome with the data
//      folder, the doctor's results and the draft engines; "Open the demo project" opens it.
// Usage: node window.mjs <installed binary> <fresh data folder> <old project name>...
import { Session, startDriver, waitForExit, waitUntil } from "../e2e/wd.mjs";

const [binary, freshDir, ...oldProjects] = process.argv.slice(2);
const DEMO = "The Keeper's Light (demo)";

function step(message) {
  console.log(`package: ${message}`);
}

async function withApp(env, body) {
  const driver = await startDriver(env);
  let session;
  try {
    session = await Session.start(driver.base, binary);
    await body(session);
  } finally {
    if (session) await session.quit().catch(() => {});
    await driver.stop();
    await waitForExit(binary);
  }
}

const upgradedEnv = { ...process.env };
delete upgradedEnv.VIDEOGEN_DATA_DIR;

await withApp(upgradedEnv, async (session) => {
  step("the installed app lists the projects of the old data folder");
  await session.wait("[data-testid=project-list]", 60000);
  for (const name of oldProjects) await session.waitText("[data-testid=project-list]", name, 10000);
  step("it names the crash report of the previous start");
  await session.waitText("[data-testid=crash-report-path]", "/logs/crash-", 10000);
  // The welcome is asked for with the crash reports; once those are shown it has answered.
  if ((await session.findAll("[data-testid=first-run]")).length > 0) {
    throw new Error("an upgraded data folder with projects must not get the first-run welcome");
  }
});

await withApp({ ...process.env, VIDEOGEN_DATA_DIR: freshDir }, async (session) => {
  step("a fresh data folder gets the first-run welcome");
  await session.waitText("[data-testid=first-run-data-dir]", freshDir, 60000);
  step("with the doctor's results and the offer to install the draft engines");
  await session.wait("[data-testid=doctor-results]", 60000);
  await session.wait("[data-testid=engines-state]");
  await waitUntil("the install offer", async () => (await session.findAll("[data-testid=install-engines]")).length === 1);
  step("and opens the demo project");
  await session.click(await session.find("[data-testid=first-run-demo]"));
  await session.waitText("[data-testid=project-title]", DEMO, 20000);
});
step("window checks passed");

// Screenshots of the Dashboard and of a 2,700-sentence project view under Xvfb, for a
// person to look at. Usage: node screenshots.mjs <app binary> <output folder>
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Session, startDriver, waitForExit, waitUntil, screenshotter } from "./wd.mjs";
import { bigScript } from "./bigScript.mjs";

const [application, out = "screenshots"] = process.argv.slice(2);
mkdirSync(out, { recursive: true });
const root = mkdtempSync(join(tmpdir(), "videogen-shots-"));
const env = {
  ...process.env,
  VIDEOGEN_DATA_DIR: join(root, "data"),
  XDG_CONFIG_HOME: join(root, "config"),
  XDG_DATA_HOME: join(root, "share"),
  XDG_CACHE_HOME: join(root, "cache"),
};
let session;
const shot = screenshotter(out, 700);
const driver = await startDriver(env);
try {
  session = await Session.start(driver.base, application);
  await session.wait("[data-testid=empty-dashboard]", 30000);
  // A fresh data folder opens with the first-run welcome over the dashboard.
  await session.click(await session.wait("[data-testid=first-run-dismiss]"));
  await waitUntil("the welcome to close", async () => (await session.findAll("[data-testid=first-run]")).length === 0);
  for (const name of ["The History of Tea", "Deep Sea Life", "Volcanoes of Iceland"]) {
    await session.click(await session.find("[data-testid=new-project]"));
    await session.type(await session.wait("[data-testid=new-project-name]"), name);
    await session.click(await session.find("[data-testid=create-project]"));
    await session.wait("[data-testid=project-title]");
    await session.click(await session.find('a[aria-label="Back to projects"]'));
    await session.wait("[data-testid=project-list]");
  }
  const file = join(root, "the-long-road.md");
  writeFileSync(file, bigScript());
  await session.execute("window.__videogenNextPickedFile = arguments[0];", [file]);
  await session.click(await session.find("[data-testid=import-script]"));
  await session.waitText("[data-testid=project-stats]", "2700 sentences", 120000);
  // Edit one sentence so both badge colours show.
  await session.click(await session.find("[data-testid=sentence-text]"));
  await session.type(await session.wait("[data-testid=sentence-editor]"), " (revised)");
  await session.waitText("[data-testid=save-status]", "Saved");
  await session.execute("document.activeElement.blur();");
  await shot("project-2700.png");
  await session.execute("const l = document.querySelector('[data-testid=sentence-list]'); l.scrollTop = l.scrollHeight / 2;");
  await session.wait("[data-testid=sentence-row]");
  await shot("project-2700-middle.png");
  await session.click(await session.find('a[aria-label="Back to projects"]'));
  await session.waitText("[data-testid=project-list]", "the long road");
  await shot("dashboard.png");
  await session.quit();
  await waitForExit(application);
} finally {
  await driver.stop();
  rmSync(root, { recursive: true, force: true, maxRetries: 5 });
}
console.log(`screenshots in ${out}`);

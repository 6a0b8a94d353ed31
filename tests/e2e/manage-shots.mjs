// Screenshots of the export, rough-cut and project-management screens under Xvfb, for a
// person to look at: the dashboard's row actions, the export dialog with its estimate and
// at the end of an export, the rough-cut dialog and its render, the trash and the disk use
// with old takes. Usage: node manage-shots.mjs <app binary> <cli binary> <output folder>
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Session, startDriver, waitForExit, waitUntil, screenshotter } from "./wd.mjs";

const [application, cli, out = "screenshots"] = process.argv.slice(2);
mkdirSync(out, { recursive: true });
const root = mkdtempSync(join(tmpdir(), "videogen-manage-"));
const env = {
  ...process.env,
  VIDEOGEN_DATA_DIR: join(root, "data"),
  XDG_CONFIG_HOME: join(root, "config"),
  XDG_DATA_HOME: join(root, "share"),
  XDG_CACHE_HOME: join(root, "cache"),
};
const run = (...args) => execFileSync(cli, args, { env, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
const ffmpeg = (...args) => execFileSync("ffmpeg", ["-nostdin", "-loglevel", "error", "-y", ...args]);

// Two projects made with the CLI: one with title cards (re-rendered once, so it has old
// takes) and narration, one deleted into the trash.
const NAME = "Volcanoes of Iceland";
const script = join(root, "volcanoes.md");
writeFileSync(
  script,
  "# Fire\n\nIceland sits on a rift. Magma rises where the plates part.\n\n# Ice\n\nGlaciers cover many of its volcanoes. An eruption under ice melts it fast.\n",
);
run("import", script, "--name", NAME);
run("set", NAME, "--image-model", "Title card", "--size", "640x360");
run("generate", NAME, "--images");
const tree = JSON.parse(run("show", NAME, "--json"));
const sentences = (tree.sections ?? tree.project?.sections).flatMap((s) => s.sentences);
run("edit", sentences[0].id, "--text", "Iceland sits on the Mid-Atlantic Ridge.");
run("generate", NAME, "--images");
const voice = join(root, "voice.wav");
ffmpeg("-f", "lavfi", "-i", "sine=frequency=330:duration=2", "-ar", "48000", "-ac", "1", "-c:a", "pcm_s16le", voice);
for (const s of sentences) run("attach", s.id, "--audio", voice);
const other = join(root, "sea.md");
writeFileSync(other, "# Deep\n\nThe deep sea is dark and cold.\n");
run("import", other, "--name", "Deep Sea Life");
run("delete", "Deep Sea Life");
const exports = join(root, "exports");
mkdirSync(exports);

let session;
const shot = screenshotter(out, 800);
const driver = await startDriver(env);
try {
  session = await Session.start(driver.base, application);
  await session.wait("[data-testid=project-list]", 30000);
  await shot("manage-dashboard.png");

  await session.click(await session.find("[data-testid=tab-trash]"));
  await session.wait("[data-testid=trash-row]", 10000);
  await shot("manage-trash.png");
  await session.click(await session.find("[data-testid=purge-project]"));
  await session.wait("[data-testid=purge-project-confirm]");
  await shot("manage-trash-confirm.png");
  await session.click(await session.find("[data-testid=restore-project]"));
  await session.wait("[data-testid=trash-empty]", 10000);

  await session.click(await session.find("[data-testid=tab-disk]"));
  await session.wait("[data-testid=old-takes]", 20000);
  await shot("manage-disk-use.png");

  const inRow = (testId) =>
    session.execute(
      "const row = [...document.querySelectorAll('[data-testid=project-row]')].find((r) => r.textContent.includes(arguments[0])); row.querySelector(`[data-testid=${arguments[1]}]`).click();",
      [NAME, testId],
    );
  // Back up into the exports folder, then restore that file as a new project.
  await session.execute("window.__videogenNextPickedFile = arguments[0];", [exports]);
  await inRow("backup-project");
  const shown = await session.wait("[data-testid=backup-done] [data-testid=reveal]", 60000);
  const backupFile = await session.attribute(shown, "data-path");
  await session.execute("window.__videogenNextPickedFile = arguments[0];", [backupFile]);
  await session.click(await session.find("[data-testid=restore-backup]"));
  await waitUntil("the restored project", async () => (await session.findAll("[data-testid=project-row]")).length === 3, 60000);
  await shot("manage-restored.png");

  await inRow("row-export");
  await session.wait("[data-testid=export-dialog]");
  await session.execute("window.__videogenNextPickedFile = arguments[0];", [exports]);
  await session.click(await session.find("[data-testid=choose-export-folder]"));
  await session.waitText("[data-testid=export-estimate]", "media files", 20000);
  await shot("export-dialog.png");
  await session.click(await session.find("[data-testid=start-export]"));
  await session.wait("[data-testid=job-done]", 120000);
  await shot("export-done.png");
  await session.click(await session.find("[data-testid=close-dialog]"));
  if (!existsSync(join(exports, `${NAME} export`, "timelines"))) throw new Error("the export folder is not on disk");

  await inRow("open-project");
  await session.wait("[data-testid=open-roughcut]", 20000);
  await session.click(await session.find("[data-testid=open-roughcut]"));
  await session.wait("[data-testid=roughcut-dialog]");
  await session.waitText("[data-testid=roughcut-section]", "Section 2", 20000);
  await shot("roughcut-dialog.png");
  await session.click(await session.find("[data-testid=start-roughcut]"));
  await session.wait("[data-testid=job-done], [data-testid=job-failed]", 300000);
  await shot("roughcut-done.png");
  await session.quit();
  await waitForExit(application);
} finally {
  await driver.stop();
  rmSync(root, { recursive: true, force: true, maxRetries: 5 });
}
console.log(`screenshots in ${out}`);

// The data folder the storyboard and progress benchmarks open: the 2,700-sentence script with
// every image and thumbnail made by the real pipeline against the fakes (image prompts from
// the fake LLM, images from a fake ComfyUI with no GPU time).
import { spawn, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { bigScript } from "./bigScript.mjs";

export const BIG = "Bench 2700";
/** The project's frame size: thumbnails are 320 px wide whatever it is, so a small render
 * keeps the setup short without changing what the storyboard shows. */
export const SIZE = "640x360";
/** The model files the seeded Z-Image Turbo workflow loads (the fake validates them). */
export const MODELS = ["z_image_turbo_bf16.safetensors", "qwen_3_4b.safetensors", "ae.safetensors"];

/** Starts `videogen-fakes <args>` and resolves with its address and a stop function. */
export async function startFake(fakes, args) {
  const child = spawn(fakes, args, { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise((resolve, reject) => {
    let out = "";
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`videogen-fakes ${args[0]} exited with ${code}`)));
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const line = out.split("\n");
      if (line.length > 1) resolve(line[0].trim());
    });
  });
  child.removeAllListeners("exit");
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** The fake LLM takes the key `sk-test`; the environment passes it for one CLI run. */
export const withLlmKey = (env) => ({ ...env, VIDEOGEN_LLM_API_KEY: "sk-test" });

/** Runs the CLI with the data folder in `env`; returns its stdout. */
export function cli(videogen, env, args) {
  return execFileSync(videogen, args, { env, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 64 << 20 });
}

/** The id of every project, by name. */
export function projectIds(videogen, env) {
  const { projects } = JSON.parse(cli(videogen, env, ["list", "--json"]));
  return Object.fromEntries(projects.map((p) => [p.name, p.id]));
}

/**
 * Makes the data folder under `root` (env.VIDEOGEN_DATA_DIR), unless it already holds the
 * projects (BENCH_DATA_DIR keeps one between runs while working on a benchmark).
 * Returns the projects' ids and how long the setup took.
 */
export async function prepareData({ videogen, fakes, env, root }) {
  const ids = existsSync(join(env.VIDEOGEN_DATA_DIR, "studio.db")) ? projectIds(videogen, env) : {};
  if (ids[BIG]) return { ids, setupSeconds: 0 };
  const started = performance.now();
  mkdirSync(root, { recursive: true });
  const comfy = await startFake(fakes, ["comfyui", "--gpu-ms", "0", ...MODELS.flatMap((m) => ["--model", m])]);
  const llm = await startFake(fakes, ["llm"]);
  const stages = {};
  const stage = (name, work) => {
    const t = performance.now();
    const out = work();
    stages[name] = (performance.now() - t) / 1000;
    return out;
  };
  try {
    cli(videogen, env, ["config", "set", "comfyui.url", comfy.url]);
    cli(videogen, env, ["config", "set", "llm.url", llm.url]);
    const big = join(root, "big-script.md");
    writeFileSync(big, bigScript());
    stage("import", () => cli(videogen, env, ["import", big, "--name", BIG]));
    cli(videogen, env, ["set", BIG, "--image-model", "Z-Image Turbo", "--size", SIZE]);
    // The CLI runs the jobs itself and returns when they are done.
    stage("prompts and images for 2,700 scenes", () => cli(videogen, withLlmKey(env), ["generate", BIG, "--prompts", "--images"]));
  } finally {
    await comfy.stop();
    await llm.stop();
  }
  return { ids: projectIds(videogen, env), setupSeconds: (performance.now() - started) / 1000, stages };
}

// A minimal W3C WebDriver client over fetch, plus the tauri-driver process around it.
// Used by the desktop end-to-end test and the shell benchmark.
import { execFileSync, spawn } from "node:child_process";
import { createServer } from "node:net";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

/**
 * The environment of an app under test whose files all live under `root`: the data folder,
 * and window state and WebKit caches kept out of the user's home.
 */
export function testEnv(root) {
  return {
    ...process.env,
    VIDEOGEN_DATA_DIR: join(root, "data"),
    XDG_CONFIG_HOME: join(root, "config"),
    XDG_DATA_HOME: join(root, "share"),
    XDG_CACHE_HOME: join(root, "cache"),
  };
}

const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

/** Resolves with a free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Polls `check` until it returns a truthy value or the deadline passes (real processes only). */
export async function waitUntil(what, check, timeoutMs = 15000, everyMs = 50) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${lastError.message}` : ""}`);
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Starts tauri-driver on a free port with `env`; resolves once it answers /status. */
export async function startDriver(env) {
  const port = await freePort();
  const nativePort = await freePort();
  const child = spawn("tauri-driver", ["--port", String(port), "--native-port", String(nativePort)], {
    env,
    stdio: ["ignore", "inherit", "inherit"],
  });
  const base = `http://127.0.0.1:${port}`;
  await waitUntil("tauri-driver to start", async () => (await fetch(`${base}/status`)).ok, 20000, 100);
  return {
    base,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

async function call(base, method, path, body) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok || (json.value && json.value.error)) {
    throw new Error(`${method} ${path}: ${json.value?.error ?? response.status} ${json.value?.message ?? ""}`);
  }
  return json.value;
}

/** One app launch driven over WebDriver. */
export class Session {
  static async start(base, application) {
    const value = await call(base, "POST", "/session", {
      capabilities: { alwaysMatch: { "tauri:options": { application } } },
    });
    return new Session(base, value.sessionId);
  }

  constructor(base, id) {
    this.base = base;
    this.id = id;
  }

  cmd(method, path, body) {
    return call(this.base, method, `/session/${this.id}${path}`, body);
  }

  async find(css) {
    const value = await this.cmd("POST", "/element", { using: "css selector", value: css });
    return value[ELEMENT];
  }

  async findAll(css) {
    const values = await this.cmd("POST", "/elements", { using: "css selector", value: css });
    return values.map((v) => v[ELEMENT]);
  }

  /** Waits for an element matching `css` and returns its id. */
  wait(css, timeoutMs) {
    return waitUntil(`element ${css}`, () => this.find(css), timeoutMs);
  }

  click(element) {
    return this.cmd("POST", `/element/${element}/click`, {});
  }

  type(element, text) {
    return this.cmd("POST", `/element/${element}/value`, { text });
  }

  /** The element's text content (WebKitWebDriver's rendered-text endpoint returns "" for
   * some styled elements, so the DOM text is read instead). */
  text(element) {
    return this.execute("return arguments[0].textContent;", [{ [ELEMENT]: element }]);
  }

  attribute(element, name) {
    return this.cmd("GET", `/element/${element}/attribute/${name}`);
  }

  execute(script, args = []) {
    return this.cmd("POST", "/execute/sync", { script, args });
  }

  async textOf(css) {
    return this.text(await this.find(css));
  }

  /** Waits until the element for `css` has text containing `expected`. */
  waitText(css, expected, timeoutMs) {
    return waitUntil(`"${expected}" in ${css}`, async () => (await this.textOf(css)).includes(expected), timeoutMs);
  }

  quit() {
    return call(this.base, "DELETE", `/session/${this.id}`);
  }
}

/** WebDriver key code for Control (select-all chords). */
export const CONTROL = "\uE009";

/** Pids of running processes whose executable path is `binary`. */
export function pidsOf(binary) {
  const found = [];
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0")[0] === binary) found.push(pid);
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

/** Waits until no process runs `binary` (a quit app has released its single-instance lock). */
export function waitForExit(binary, timeoutMs = 20000) {
  return waitUntil(`${binary} to exit`, () => pidsOf(binary).length === 0, timeoutMs, 100);
}

/** `shot(name)`: a picture of the whole X screen into `out/name`, for a person to look at
 * (not a test). The pause gives WebKit time to hand its last frame to X. */
export function screenshotter(out, settleMs = 800) {
  return async (name) => {
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    execFileSync("import", ["-window", "root", join(out, name)]);
    console.log(`shot ${name}`);
  };
}

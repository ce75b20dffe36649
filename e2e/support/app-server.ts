// The app as it runs in production: `next build`, then `next start` with NODE_ENV=production, on
// a real PostgreSQL migrated with `prisma migrate deploy`.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import net from "node:net";
import path from "node:path";
import { addStaticPagePolicies } from "../../scripts/csp-static-pages.ts";
import { runQuietly } from "../../scripts/run.ts";
import { definedOnly } from "../../test/support/processes.ts";

const projectRoot = path.resolve(import.meta.dirname, "..", "..");

/** What `npm run build` does after `prisma generate` (the client is generated on install). */
export async function buildApp(env: NodeJS.ProcessEnv) {
  await runQuietly("next", ["build"], env);
  await addStaticPagePolicies();
}

/**
 * The environment of a first production deploy on `port`: NODE_ENV=production, the E2E database and
 * the required variables only, plus `overrides` (an undefined one unsets a variable).
 */
export function productionEnv(port: number, overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return definedOnly({
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: process.env.E2E_DATABASE_URL,
    NEXTAUTH_SECRET: randomBytes(32).toString("base64"),
    NEXTAUTH_URL: `http://127.0.0.1:${port}`,
    ...overrides,
  });
}

function spawnNextStart(port: number, env: NodeJS.ProcessEnv) {
  const child = spawn(path.join(projectRoot, "node_modules", ".bin", "next"), ["start", "--port", String(port), "--hostname", "127.0.0.1"], {
    cwd: projectRoot,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  return { child, output: () => output };
}

/** Starts `next start` expecting it to refuse to boot; resolves with its exit code and output. */
export async function startAppExpectingFailure(port: number, env: NodeJS.ProcessEnv, timeoutMs = 30_000) {
  const { child, output } = spawnNextStart(port, env);
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      resolve(null);
    }, timeoutMs);
    child.once("exit", (exitCode) => {
      clearTimeout(timer);
      resolve(exitCode);
    });
  });
  return { code, output: output() };
}

export async function startApp(port: number, env: NodeJS.ProcessEnv): Promise<{ url: string; stop(): Promise<void>; output(): string }> {
  // Another server on the port (a developer's `npm run dev -- --port 3100`) would answer the health
  // check below, and the tests would run against it: refuse instead.
  await assertPortFree(port);
  const { child, output } = spawnNextStart(port, env);
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url, child, output);
  return {
    url,
    output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited (${child.exitCode}):\n${output()}`);
    const status = await fetch(`${url}/api/health`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`next start did not become healthy within 60 s:\n${output()}`);
}

function assertPortFree(port: number) {
  return new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", () => reject(new Error(`Port ${port} is in use (E2E_PORT): stop what listens there (a dev server?), or set E2E_PORT to a free port.`)));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve()));
  });
}

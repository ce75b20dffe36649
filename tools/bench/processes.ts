// Long-lived development servers, each in its own process group: `next dev` forks workers, and
// `npm run dev` adds PostgreSQL, so stopping only the direct child would leave them running.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import type { Cleanup } from "./cleanup.ts";

export const projectRoot = path.resolve(import.meta.dirname, "..", "..");

export type GroupProcess = {
  child: ChildProcess;
  output(): string;
  /** When each chunk of output arrived (ms since spawn), to time phases by their log lines. */
  lines(): { atMs: number; line: string }[];
  /** Signals the whole group and waits for the leader to exit; escalates to SIGKILL after `graceMs`. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<number | null>;
};

export function spawnGroup(name: string, command: string, args: string[], env: NodeJS.ProcessEnv, cleanup: Cleanup, cwd = projectRoot): GroupProcess {
  const started = performance.now();
  const child = spawn(command, args, { cwd, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const lines: { atMs: number; line: string }[] = [];
  const collect = (chunk: Buffer) => {
    output += chunk;
    const atMs = Math.round(performance.now() - started);
    for (const line of chunk.toString("utf8").split("\n").filter(Boolean)) lines.push({ atMs, line });
  };
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

  let stopping: Promise<number | null> | undefined;
  const stop = (signal: NodeJS.Signals = "SIGTERM", graceMs = 15_000) =>
    (stopping ??= (async () => {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      signalGroup(child, signal);
      const timer = setTimeout(() => signalGroup(child, "SIGKILL"), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    })());
  cleanup.add(name, async () => void (await stop()));
  return { child, output: () => output, lines: () => lines, stop };
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals) {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // The group is already gone.
  }
}

/** Polls `url` until it answers 200; resolves with the time it did (performance.now()). */
export async function waitFor200(url: string, server: GroupProcess, timeoutMs: number): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (server.child.exitCode !== null)
      throw new Error(`the server exited (${server.child.exitCode}) before ${url} answered:\n${server.output().slice(-4000)}`);
    const status = await fetch(url, { signal: AbortSignal.timeout(30_000) }).then(
      async (response) => (await response.arrayBuffer(), response.status),
      () => 0,
    );
    if (status === 200) return performance.now();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs / 1000} s:\n${server.output().slice(-4000)}`);
}

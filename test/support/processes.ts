// Processes a test runs: a command to its end, its output captured (`runCaptured`); and long-lived
// helper processes a test starts (`npm run dev`, a server): their output is kept, and every
// failure around them — an early exit, a wait that runs out, a browser step against them — carries it,
// so a red run says what the helper printed instead of only that something timed out.
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";

export type HelperProcess = { name: string; child: ChildProcess; output(): string };

/** How much of a helper's output an error carries: its end, where the reason is. */
const OUTPUT_TAIL = 8_000;

/** Starts `command` in its own process group (so Ctrl-C reaches all of it, as in a terminal), output kept. */
export function startHelper(name: string, command: string, args: string[], options: Pick<SpawnOptions, "cwd" | "env">): HelperProcess {
  const child = spawn(command, args, { ...options, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  return { name, child, output: () => output };
}

/** An environment where `undefined` means "unset" (spawn would pass the string "undefined"). */
export function definedOnly(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined)) as NodeJS.ProcessEnv;
}

/** A command run to its end: its exit code, each stream, and both interleaved as a terminal shows them. */
export type CapturedRun = { code: number; stdout: string; stderr: string; output: string };

/** Runs `command` to its end (the Prisma CLI, a project script), its output captured. */
export function runCaptured(command: string, args: string[], options: Pick<SpawnOptions, "cwd" | "env">): Promise<CapturedRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let output = "";
    child.stdout!.on("data", (chunk) => ((stdout += chunk), (output += chunk)));
    child.stderr!.on("data", (chunk) => ((stderr += chunk), (output += chunk)));
    child.once("error", reject);
    child.once("exit", (code) => resolve({ code: code ?? 1, stdout, stderr, output }));
  });
}

/** The helper's output, to end an error message with. */
export function outputOf(helper: HelperProcess) {
  const output = helper.output();
  return `\n--- output of ${helper.name}${output.length > OUTPUT_TAIL ? " (its end)" : ""} ---\n${output.slice(-OUTPUT_TAIL)}`;
}

/** Runs `step` (a browser flow, a request) against the helper; when it fails, the error carries the helper's output. */
export async function explainedBy<T>(helper: HelperProcess, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof Error) error.message += outputOf(helper);
    throw error;
  }
}

/** Polls `url` until it answers 200; fails, with the helper's output, when the helper exits or `budgetMs` runs out. */
export async function waitFor200(url: string, helper: HelperProcess, budgetMs: number) {
  const deadline = Date.now() + budgetMs;
  while (Date.now() < deadline) {
    if (helper.child.exitCode !== null) throw new Error(`${helper.name} exited (code ${helper.child.exitCode}) before ${url} answered${outputOf(helper)}`);
    const status = await fetch(url, { signal: AbortSignal.timeout(30_000) }).then(
      async (response) => (await response.arrayBuffer(), response.status),
      () => 0,
    );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer 200 within ${budgetMs / 1000} s${outputOf(helper)}`);
}

/** Ctrl-C, as a terminal sends it: SIGINT to the whole process group. Resolves with the exit code. */
export async function interrupt(helper: HelperProcess): Promise<number | null> {
  const { child } = helper;
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  process.kill(-child.pid!, "SIGINT");
  return exited;
}

// Runs commands from node_modules/.bin.
import { spawn } from "node:child_process";
import path from "node:path";

const bin = path.resolve(import.meta.dirname, "..", "node_modules", ".bin");

/** With inherited stdio; resolves with the exit code. */
export function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(bin, command), args, { stdio: "inherit", env });
    child.once("error", reject);
    child.once("exit", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

export async function runOrThrow(command: string, args: string[], env?: NodeJS.ProcessEnv) {
  const code = await run(command, args, env);
  if (code !== 0) throw new Error(`${command} ${args.join(" ")} failed (exit ${code})`);
}

/**
 * Runs a long-lived command (next dev, prisma studio) as this process's foreground job: Ctrl-C or
 * SIGTERM stop it, then `cleanup` runs (stopping the database), then this process exits with its
 * code, or with the one `cleanup` returns (a follow-up step that failed). A step running `alongside`
 * that fails (before a stop was asked for) stops the command too, and this process exits 1.
 */
export async function runForeground(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  cleanup: (exitCode: number) => Promise<number | void>,
  alongside: Promise<unknown> = Promise.resolve(),
): Promise<never> {
  const child = spawn(path.join(bin, command), args, { stdio: "inherit", env });
  let stopRequested = false;
  let alongsideFailed = false;
  const stop = (signal: NodeJS.Signals) => {
    stopRequested = true;
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  alongside.catch((error: unknown) => {
    if (stopRequested) return;
    console.error(error instanceof Error ? error.message : error);
    alongsideFailed = true;
    stop("SIGTERM");
  });
  const code = await new Promise<number>((resolve) => {
    child.once("error", () => resolve(1));
    // Stopped on request is a clean stop, whether the child died of the signal or exited with the
    // shell's 128 + signal code for it (next dev answers Ctrl-C with 130 while it is still compiling).
    child.once("exit", (exitCode, signal) => resolve(stopRequested && (signal !== null || exitCode === 130 || exitCode === 143) ? 0 : (exitCode ?? 1)));
  });
  process.exit((await cleanup(code)) ?? (alongsideFailed ? 1 : code));
}

/** Output captured, and shown only if the command fails. */
export function runQuietly(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(bin, command), args, { stdio: ["ignore", "pipe", "pipe"], env });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.once("error", reject);
    child.once("exit", (code) => (code === 0 ? resolve(output) : reject(new Error(`${command} ${args.join(" ")} failed (exit ${code}):\n${output}`))));
  });
}

/** "exited with code 1", in words a person reads after a failed command. */
export function describeExit(exitCode: number): string {
  if (exitCode === 130) return "was interrupted (Ctrl-C)";
  if (exitCode === 143) return "was stopped (SIGTERM)";
  return `failed (exit code ${exitCode})`;
}

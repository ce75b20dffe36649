// Runs the project's TypeScript scripts (scripts/*.ts) as `npm run` does — through tsx, in a
// separate process — with their output captured.
import path from "node:path";
import { projectRoot } from "./prisma-cli.ts";
import { runCaptured, type CapturedRun } from "./processes.ts";

/** `script` is relative to the project (or absolute: a copy's script). */
export function runScript(script: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<CapturedRun> {
  return runCaptured(path.join(projectRoot, "node_modules", ".bin", "tsx"), [path.resolve(projectRoot, script), ...args], {
    cwd: options.cwd ?? projectRoot,
    env: options.env ?? process.env,
  });
}

// Runs the project's TypeScript scripts (scripts/*.ts) as `npm run` does — through tsx, in a
// separate process — with their output captured.
import { spawn } from "node:child_process";
import path from "node:path";
import { projectRoot } from "./prisma-cli.ts";

export type ScriptResult = { code: number; stdout: string; stderr: string; output: string };

/** `script` is relative to the project (or absolute: a copy's script). */
export function runScript(script: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<ScriptResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(projectRoot, "node_modules", ".bin", "tsx"), [path.resolve(projectRoot, script), ...args], {
      cwd: options.cwd ?? projectRoot,
      env: options.env ?? process.env,
    });
    let stdout = "";
    let stderr = "";
    let output = "";
    child.stdout.on("data", (chunk) => ((stdout += chunk), (output += chunk)));
    child.stderr.on("data", (chunk) => ((stderr += chunk), (output += chunk)));
    child.once("error", reject);
    child.once("exit", (code) => resolve({ code: code ?? 1, stdout, stderr, output }));
  });
}

// Runs a TypeScript worker (load-worker.ts, webhook-worker.ts) as a separate Node.js process: the
// load is generated outside the bench's process, and never inside the server's. The input goes
// in as JSON on stdin, the result comes back as JSON on stdout.
import { spawn } from "node:child_process";
import type { Cleanup } from "./cleanup.ts";
import { projectRoot } from "./processes.ts";

export function runWorker<T>(script: string, input: unknown, cleanup: Cleanup): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", script], { cwd: projectRoot, stdio: ["pipe", "pipe", "pipe"] });
    const unregister = cleanup.add(`worker ${script} (pid ${child.pid})`, () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      void unregister();
      if (code !== 0) return reject(new Error(`${script} failed (${signal ?? `exit ${code}`}):\n${stderr}`));
      try {
        resolve(JSON.parse(stdout) as T);
      } catch (error) {
        reject(new Error(`${script} printed no result (${(error as Error).message}):\n${stderr}`));
      }
    });
    child.stdin.end(JSON.stringify(input));
  });
}

// The Accelerate endpoint the app reaches PostgreSQL through on the Accelerate path
// (`prisma+postgres://`): the repository's local endpoint (packages/local-db, Prisma's own
// query-plan-executor) run as a process of its own, so that the suite can stop it (connections
// refused), start it again on the same port with the same key (the URL the app was configured
// with), and freeze it (SIGSTOP) as an overloaded or stalled endpoint is.
import { randomBytes } from "node:crypto";
import path from "node:path";
import { inheritedEnv } from "../bench/bench-process-env.ts";
import type { Cleanup } from "../bench/cleanup.ts";
import { freePort } from "../../test/harness.ts";
import { projectRoot, spawnGroup, type GroupProcess } from "../bench/processes.ts";

const ENDPOINT_SCRIPT = path.join(projectRoot, "packages", "local-db", "src", "accelerate-endpoint.ts");
/** What the endpoint prints once it listens (packages/local-db/src/accelerate-endpoint.ts's main). */
const READY_LINE = "▲ Accelerate endpoint: ";
const START_TIMEOUT_MS = 60_000;

export class FaultyAccelerateEndpoint {
  private process: GroupProcess | undefined;

  private constructor(
    private readonly databaseUrl: string,
    private readonly port: number,
    private readonly apiKey: string,
    private readonly cleanup: Cleanup,
  ) {}

  static async start(databaseUrl: string, cleanup: Cleanup) {
    const endpoint = new FaultyAccelerateEndpoint(databaseUrl, await freePort(), randomBytes(24).toString("hex"), cleanup);
    await endpoint.start();
    return endpoint;
  }

  /** The app's DATABASE_URL: the same across stops and starts. */
  get url() {
    return `prisma+postgres://127.0.0.1:${this.port}/?api_key=${this.apiKey}`;
  }

  /** Starts the endpoint process; resolves once it answers (its `/health`): the moment the dependency is back. */
  async start() {
    const args = ["--import", "tsx", ENDPOINT_SCRIPT, "--database-url", this.databaseUrl, "--port", String(this.port), "--api-key", this.apiKey];
    const child = spawnGroup("Accelerate endpoint", process.execPath, args, inheritedEnv, this.cleanup);
    this.process = child;
    const started = performance.now();
    while (!child.output().includes(READY_LINE)) {
      if (child.child.exitCode !== null) throw new Error(`The Accelerate endpoint exited (${child.child.exitCode}) before listening:\n${child.output()}`);
      if (performance.now() - started > START_TIMEOUT_MS)
        throw new Error(`The Accelerate endpoint did not listen within ${START_TIMEOUT_MS} ms:\n${child.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const health = `http://127.0.0.1:${this.port}/health`;
    const init = { headers: { authorization: `Bearer ${this.apiKey}` } };
    while (!(await fetch(health, init).catch(() => undefined))?.ok) {
      if (performance.now() - started > START_TIMEOUT_MS) throw new Error(`The Accelerate endpoint did not answer ${health} within ${START_TIMEOUT_MS} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Stops it as a deploy or a crash-restart does (SIGTERM: it closes its connections and exits); the port refuses meanwhile. */
  async stop() {
    await this.process?.stop("SIGTERM");
  }

  /** SIGSTOP: connections are still accepted by the kernel, but nothing is answered until resume(). */
  pause() {
    this.process?.child.kill("SIGSTOP");
  }

  resume() {
    this.process?.child.kill("SIGCONT");
  }
}

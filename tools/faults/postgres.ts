// The PostgreSQL the fault suite owns (an embedded one, never a server of the machine's: it is
// stopped, paused and saturated on purpose), and the faults it injects into that real process.
import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { readRunningServer, startEmbeddedPostgres, type EmbeddedPostgres } from "@starter/local-db";

/** Client connections the suite itself opens are named so, and never counted as the app's. */
export const SUITE_APPLICATION_NAME = "fault-suite";

export class FaultyPostgres {
  private constructor(
    private readonly requestedDataDir: string,
    private server: EmbeddedPostgres,
  ) {}

  static async start() {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "fault-postgres-"));
    return new FaultyPostgres(dataDir, await startEmbeddedPostgres({ dataDir, port: 0, ephemeral: true }));
  }

  url(database: string) {
    return this.server.url(database);
  }

  /** Stops the server ("fast" shutdown: sessions ended, as for a minor-version upgrade). */
  async stop() {
    await this.server.stop();
  }

  /** Starts it again on the same data and port: what the app was configured with. */
  async start() {
    const port = this.server.port;
    this.server = await startEmbeddedPostgres({ dataDir: this.requestedDataDir, port, ephemeral: true });
    if (this.server.port !== port) throw new Error(`PostgreSQL came back on port ${this.server.port}, not ${port}: the port was taken meanwhile`);
  }

  /** SIGSTOP to the postmaster and every backend: connections and queries hang, as behind a dropped network. */
  pause() {
    for (const pid of this.processes()) process.kill(pid, "SIGSTOP");
  }

  resume() {
    for (const pid of this.processes().reverse()) process.kill(pid, "SIGCONT");
  }

  /** Ends every connection of the app's (pg_terminate_backend), from `client` when given; resolves with how many. */
  async terminateAppConnections(database: string, client?: pg.Client): Promise<number> {
    const terminate = async (from: pg.Client) => {
      const { rowCount } = await from.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() AND application_name <> $2 AND backend_type = 'client backend'",
        [database, SUITE_APPLICATION_NAME],
      );
      return rowCount ?? 0;
    };
    return client ? terminate(client) : this.asSuite(database, terminate);
  }

  /** A client of the suite's own, tagged so it is told apart from the app's connections. */
  async connect(database: string) {
    const client = new pg.Client({ connectionString: this.url(database), application_name: SUITE_APPLICATION_NAME });
    // A connection of ours ended by the faults (a restart) must not crash the suite.
    client.on("error", () => {});
    await client.connect();
    return client;
  }

  async asSuite<T>(database: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = await this.connect(database);
    try {
      return await work(client);
    } finally {
      await client.end().catch(() => {});
    }
  }

  async remove() {
    await this.server.stop();
    await rm(this.requestedDataDir, { recursive: true, force: true });
    await rm(this.server.dataDir, { recursive: true, force: true });
  }

  /** The postmaster first (so it forks nothing new while its children stop), then its children. */
  private processes(): number[] {
    const postmaster = readRunningServer(this.server.dataDir)?.pid;
    if (!postmaster) throw new Error("PostgreSQL is not running");
    const children = readdirSync("/proc")
      .filter((entry) => /^\d+$/.test(entry))
      .filter((pid) => {
        try {
          // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces, so read after its ")".
          const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
          return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === postmaster;
        } catch {
          return false; // exited meanwhile
        }
      })
      .map(Number);
    return [postmaster, ...children];
  }
}

// Where the CPU goes during a load run: the app server's process and the PostgreSQL backends that
// serve its connections, read from /proc (Linux). On two cores the server, the database and the load
// generator share the machine, so "CPU ms per request" says more than requests per second alone.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import type pg from "pg";

const TICKS_PER_SECOND = clockTicks();

/** The pids of the processes holding a listening TCP socket on `port` (IPv4 or IPv6). */
export function pidsListeningOn(port: number): number[] {
  const inodes = new Set<string>();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let lines: string[];
    try {
      lines = readFileSync(table, "utf8").split("\n").slice(1);
    } catch {
      continue;
    }
    for (const line of lines) {
      const fields = line.trim().split(/\s+/);
      const localPort = Number.parseInt(fields[1]?.split(":").at(-1) ?? "", 16);
      if (localPort === port && fields[3] === "0A") inodes.add(fields[9]!); // 0A: LISTEN
    }
  }
  const pids: number[] = [];
  for (const entry of safeReaddir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const holds = safeReaddir(`/proc/${entry}/fd`).some((fd) => {
      const target = safeReadlink(`/proc/${entry}/fd/${fd}`);
      return target !== undefined && inodes.has(target.match(/^socket:\[(\d+)\]$/)?.[1] ?? "");
    });
    if (holds) pids.push(Number(entry));
  }
  return pids;
}

/** User + system CPU time of a process so far, in ms; undefined when it is gone (or not on this machine). */
export function processCpuMs(pid: number): number | undefined {
  const fields = statFields(String(pid));
  return fields && ((Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND) * 1000; // utime, stime
}

/**
 * User + system CPU time, in ms, of this process's children that have exited and been waited for —
 * with their own waited-for children (`npm run` and the node it starts). Undefined without /proc.
 */
export function exitedChildrenCpuMs(): number | undefined {
  const fields = statFields("self");
  return fields && ((Number(fields[13]) + Number(fields[14])) / TICKS_PER_SECOND) * 1000; // cutime, cstime
}

/** The fields of /proc/<pid>/stat from the third (state) on; undefined when it cannot be read. */
function statFields(pid: string): string[] | undefined {
  try {
    // The command name (field 2) may contain spaces: count fields after its closing parenthesis.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return undefined;
  }
}

export type CpuReading = {
  serverMs?: number;
  postgresMs?: number;
  /** The meter's own wall time, and what every process on the machine used meanwhile (from /proc/stat). */
  wallMs: number;
  machineBusyMs?: number;
  /** Time the hypervisor gave this machine's CPUs to someone else. */
  stealMs?: number;
};

/**
 * Measures CPU used between start and stop by the server's pids and by the database's backends
 * for the app's connections (found through pg_stat_activity; only when PostgreSQL runs here).
 */
export async function startCpuMeter(serverPids: number[], sampler?: { client: pg.Client; database: string }) {
  const backendPids = async () => {
    if (!sampler) return [];
    const { rows } = await sampler.client.query<{ pid: number }>(
      "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND backend_type = 'client backend' AND application_name NOT LIKE 'bench-%'",
      [sampler.database],
    );
    return rows.map((row) => row.pid);
  };
  const read = (pids: number[]) => new Map(pids.map((pid) => [pid, processCpuMs(pid)] as const));
  const serverBefore = read(serverPids);
  const postgresBefore = read(await backendPids());
  const machineBefore = machineCpuMs();
  const started = performance.now();
  return {
    async stop(): Promise<CpuReading> {
      const serverAfter = read(serverPids);
      const machineAfter = machineCpuMs();
      const wallMs = performance.now() - started;
      const postgresAfter = read([...new Set([...postgresBefore.keys(), ...(await backendPids())])]);
      // No backend at all (a route that never queries) is 0 ms; backends that /proc cannot see (a
      // PostgreSQL on another machine) are unknown.
      const postgresMs = !sampler ? undefined : postgresAfter.size === 0 ? 0 : delta(postgresBefore, postgresAfter);
      const machine = machineBefore &&
        machineAfter && { busyMs: machineAfter.busyMs - machineBefore.busyMs, stealMs: machineAfter.stealMs - machineBefore.stealMs };
      return { serverMs: delta(serverBefore, serverAfter), postgresMs, wallMs, machineBusyMs: machine?.busyMs, stealMs: machine?.stealMs };
    },
  };
}

function delta(before: Map<number, number | undefined>, after: Map<number, number | undefined>): number | undefined {
  let total = 0;
  // Unknown only when /proc showed none of the processes (they run on another machine).
  let measured = [...before.values()].some((ms) => ms !== undefined);
  for (const [pid, end] of after) {
    if (end === undefined) continue; // gone during the run (an idle backend closed): its share is lost
    measured = true;
    total += end - (before.get(pid) ?? 0); // a backend opened during the run counts from zero
  }
  return measured ? total : undefined;
}

/** All CPUs together, since boot: busy (user, nice, system, irq, softirq) and steal, in ms. */
function machineCpuMs(): { busyMs: number; stealMs: number } | undefined {
  try {
    const [user, nice, system, , , irq, softirq, steal] = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
    const ms = (ticks: number | undefined) => ((ticks ?? 0) / TICKS_PER_SECOND) * 1000;
    return { busyMs: ms(user) + ms(nice) + ms(system) + ms(irq) + ms(softirq), stealMs: ms(steal) };
  } catch {
    return undefined;
  }
}

function clockTicks() {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
}

function safeReaddir(dir: string) {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function safeReadlink(file: string) {
  try {
    return readlinkSync(file);
  } catch {
    return undefined;
  }
}

// The load generator, run as its own process (`node --import tsx tools/bench/load-worker.ts`) so
// that autocannon's CPU time is never charged to the server under test. Reads a LoadSpec as JSON on
// stdin, writes autocannon's result (and its own CPU time) as JSON on stdout.
//
// autocannon's CLI cannot rotate a header per request; the API's limits (per user) need that, so
// this uses the programmatic API with a `setupRequest` that picks the next key.
import { createRequire } from "node:module";
import { text } from "node:stream/consumers";
import type { AutocannonResult, LoadSpec } from "./load.ts";

type RawRequest = { headers?: Record<string, string> };
type AutocannonOptions = {
  url: string;
  connections: number;
  duration: number;
  timeout: number;
  amount?: number;
  requests: { method: string; body?: string; setupRequest: (request: RawRequest) => RawRequest }[];
};
type Autocannon = (options: AutocannonOptions) => Promise<AutocannonResult>;

// autocannon is CommonJS without type declarations: require it and describe the part we use.
const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

const spec = JSON.parse(await text(process.stdin)) as LoadSpec;
const keys = spec.keys ?? [];
let next = 0;

const cpuBefore = process.cpuUsage();
const result = await autocannon({
  url: spec.url,
  connections: spec.connections,
  duration: spec.durationSeconds,
  timeout: spec.timeoutSeconds ?? 10,
  ...(spec.amount !== undefined && { amount: spec.amount }),
  requests: [
    {
      method: spec.method ?? "GET",
      ...(spec.body !== undefined && { body: JSON.stringify(spec.body) }),
      // Called for every request, with or without keys, so that every run costs the client the same.
      setupRequest: (request) => {
        const headers: Record<string, string> = { ...request.headers, ...(spec.body !== undefined && { "content-type": "application/json" }) };
        if (keys.length > 0) headers.authorization = `Bearer ${keys[next++ % keys.length]}`;
        return { ...request, headers };
      },
    },
  ],
});
const cpu = process.cpuUsage(cpuBefore);
const total = process.cpuUsage();
// The generator's own CPU time: on a small machine it competes with the server for the same cores.
// While the load runs, and in all (startup included), so the rest of the machine's use is known.
process.stdout.write(JSON.stringify({ result, clientCpuMs: (cpu.user + cpu.system) / 1000, processCpuMs: (total.user + total.system) / 1000 }));

// tools/bench/api.ts: tracing's cost is measured in rounds alternating between the two servers, and
// each server's figures are its rounds added up.
import { describe, expect, it } from "vitest";
import { totals, type TracingResult } from "@/tools/bench/api";
import type { LoadResult } from "@/tools/bench/load";

const run = (requests: number, durationSeconds: number, serverMsPerRequest: number | undefined, non2xx = 0) =>
  ({ requests, durationSeconds, non2xx, cpu: { serverMsPerRequest, clientMsPerRequest: 1, clientCores: 0.1 } }) as LoadResult;

describe("a server's totals over its tracing rounds", () => {
  const rounds: TracingResult["rounds"] = [
    { server: "untraced", run: run(300, 3, 6) },
    { server: "traced", run: run(200, 3, 9) },
    { server: "traced", run: run(400, 3, 6, 2) },
    { server: "untraced", run: run(100, 3, 10) },
  ];

  it("are its requests over its seconds, and its server CPU time over its requests, the other server's rounds left out", () => {
    expect(totals(rounds, "untraced")).toEqual({ requests: 400, seconds: 6, rps: 66.67, serverMsPerRequest: 7, non2xx: 0 });
    expect(totals(rounds, "traced")).toEqual({ requests: 600, seconds: 6, rps: 100, serverMsPerRequest: 7, non2xx: 2 });
  });

  it("have no CPU figure when a round's server CPU was not metered", () => {
    expect(totals([...rounds, { server: "traced", run: run(100, 3, undefined) }], "traced").serverMsPerRequest).toBeUndefined();
  });
});

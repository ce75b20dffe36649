// tools/bench/cpu.ts: the CPU time the db-check bench reads for the commands it spawns.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { exitedChildrenCpuMs } from "@/tools/bench/cpu";

// A node process that keeps one core busy until it has used `ms` of CPU time itself, then exits.
const burn = (ms: number) => `const end = ${ms * 1000}; while (process.cpuUsage().user + process.cpuUsage().system < end);`;

describe("exitedChildrenCpuMs", () => {
  it("counts the CPU time of a child that exited, its own children's included", () => {
    const before = exitedChildrenCpuMs()!;
    spawnSync(process.execPath, ["-e", burn(200)]);
    const afterChild = exitedChildrenCpuMs()!;
    // A child that spawns and waits for a grandchild, as `npm run` does for the script it runs.
    spawnSync(process.execPath, ["-e", `require("node:child_process").spawnSync(process.execPath, ["-e", ${JSON.stringify(burn(200))}]);`]);
    const afterGrandchild = exitedChildrenCpuMs()!;
    // The kernel counts in clock ticks (10 ms): a little slack below the 200 ms each one burned.
    expect(afterChild - before).toBeGreaterThanOrEqual(180);
    expect(afterGrandchild - afterChild).toBeGreaterThanOrEqual(180);
  });
});

// What db:backfill prints while it runs: a bar redrawn in place in a terminal, a line every few
// seconds in a log.
import { describe, expect, it } from "vitest";
import { progressReporter } from "./report.ts";

const batch = (rowsWalked: number) => ({ type: "batch" as const, name: "1_copy", rowsWalked, rowsDone: rowsWalked, estimatedRows: 1_000, rowsPerSecond: 100 });

describe("db:backfill's progress output", () => {
  it("in a terminal, redraws one bar with rows/s and ETA on every batch", () => {
    let text = "";
    const report = progressReporter({ write: (chunk) => (text += chunk), tty: true });
    report(batch(250));
    report(batch(500));
    expect(text).toBe(
      "\r[######..................]  25% 250/1,000 rows walked, 250 changed, 100 rows/s, ETA 8 s\u001b[K" +
        "\r[############............]  50% 500/1,000 rows walked, 500 changed, 100 rows/s, ETA 5 s\u001b[K",
    );
  });

  it("in a log, writes a line at most every interval, never a carriage return", () => {
    let text = "";
    let now = 0;
    const report = progressReporter({ write: (chunk) => (text += chunk), tty: false, intervalMs: 5_000, now: () => now });
    report({ type: "start", name: "1_copy", rowsWalked: 0, rowsDone: 0, estimatedRows: 1_000 });
    for (const [at, walked] of [
      [1_000, 100],
      [4_000, 400],
      [5_000, 500],
      [6_000, 600],
      [10_000, 1_000],
    ] as const) {
      now = at;
      report(batch(walked));
    }
    expect(text.split("\n").filter(Boolean)).toEqual([
      "1_copy: starting (~1,000 rows in the table)",
      "1_copy: 500/1,000 rows walked, 500 changed, 100 rows/s, ETA 5 s",
      "1_copy: 1,000/1,000 rows walked, 1,000 changed, 100 rows/s, ETA 0 s",
    ]);
    expect(text).not.toContain("\r");
  });
});

// What `npm run db:doctor` reports: one finding per problem, each with what it means and what fixes it.
import type { CheckedStatement } from "./statements.ts";

export type Check = "urls" | "history" | "backfills" | "drift" | "locks" | "indexes" | "connections";

export interface Finding {
  check: Check;
  /** Stable, for tools reading `--json` (e.g. "failed-migration"). */
  id: string;
  /** "action": something to fix (exit 1). "advice": worth doing, nothing broken (exit 0). */
  severity: "action" | "advice";
  /** One line: what is wrong. */
  title: string;
  /** What it means, and evidence (PostgreSQL's error, the drift SQL, the blocking chain). */
  detail?: string;
  /** Commands or SQL that fix it, to run as they are (after reading the detail). */
  fix: string[];
  /** A failed migration: what each of its statements left in the catalog (also in `detail`). */
  statements?: CheckedStatement[];
}

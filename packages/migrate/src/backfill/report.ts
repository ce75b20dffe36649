// What `npm run db:backfill` prints: a progress bar with rows/s and ETA in a terminal, one line every
// few seconds otherwise (CI logs), and the `--status` table.
import type { BackfillEvent } from "./runner.ts";
import type { BackfillStatusReport } from "./status.ts";

export interface ProgressOutput {
  write(text: string): void;
  /** A terminal: the bar redraws in place. Otherwise: a line at most every `intervalMs`. */
  tty: boolean;
  intervalMs?: number;
  now?: () => number;
}

/** An `onEvent` for runBackfills that draws the progress. */
export function progressReporter({ write, tty, intervalMs = 5_000, now = Date.now }: ProgressOutput) {
  let lastLine = 0;
  let barShown = false;
  const line = (text: string) => {
    if (barShown) write("\n");
    barShown = false;
    write(`${text}\n`);
  };
  return (event: BackfillEvent) => {
    switch (event.type) {
      case "start":
        line(
          `${event.name}: ${event.rowsWalked ? `resuming after ${count(event.rowsWalked)} rows` : "starting"} (~${count(event.estimatedRows)} rows in the table)`,
        );
        lastLine = now();
        return;
      case "batch": {
        const text = progressText(event);
        if (tty) {
          write(`\r${bar(event.rowsWalked, event.estimatedRows)} ${text}\u001b[K`);
          barShown = true;
        } else if (now() - lastLine >= intervalMs) {
          write(`${event.name}: ${text}\n`);
          lastLine = now();
        }
        return;
      }
      case "retry":
        line(`${event.name}: batch failed (${event.error}); retry ${event.attempt} in ${(event.delayMs / 1000).toFixed(1)} s`);
        return;
      case "busy":
        line(
          `${event.name}: database busy (a session has waited ${(event.lockWaitMs / 1000).toFixed(1)} s for a lock); pausing ${(event.pauseMs / 1000).toFixed(0)} s`,
        );
        return;
      case "waiting":
        line(`${event.name}: another db:backfill is running it (${event.holder}); waiting for it to finish`);
        return;
      case "edited":
        line(
          event.finished
            ? `${event.name}: EDITED after it finished on this database (its checksum differs). A finished backfill does not run again: put a further change in a new backfill.`
            : `${event.name}: edited since it started on this database; the rest of the table gets the new version.`,
        );
        return;
      case "done": {
        const { outcome } = event;
        const seconds = (outcome.ms / 1000).toFixed(1);
        if (outcome.state === "finished")
          line(
            outcome.alreadyFinished
              ? `${event.name}: finished earlier (${count(outcome.rows)} rows changed)`
              : `${event.name}: finished, ${count(outcome.rows)} rows changed in ${seconds} s`,
          );
        else if (outcome.state === "not-needed") line(`${event.name}: not needed, marked finished (${outcome.error}: this database was built past it)`);
        else if (outcome.state === "dry-run") line(`${event.name}: would touch ${count(outcome.rows)} rows (dry run)`);
        else line(`${event.name}: ${outcome.state === "failed" ? "FAILED" : "stopped"}: ${outcome.error}`);
        return;
      }
    }
  };
}

function progressText({
  rowsWalked,
  rowsDone,
  estimatedRows,
  rowsPerSecond,
}: {
  rowsWalked: number;
  rowsDone: number;
  estimatedRows: number;
  rowsPerSecond: number;
}) {
  const left = Math.max(0, estimatedRows - rowsWalked);
  const eta = rowsPerSecond > 0 ? duration(left / rowsPerSecond) : "?";
  return `${count(rowsWalked)}/${count(estimatedRows)} rows walked, ${count(rowsDone)} changed, ${count(Math.round(rowsPerSecond))} rows/s, ETA ${eta}`;
}

function bar(done: number, total: number, width = 24) {
  const fraction = total > 0 ? Math.min(1, done / total) : 0;
  const filled = Math.round(fraction * width);
  return `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}%`;
}

export function formatStatus(report: BackfillStatusReport): string {
  if (report.backfills.length === 0) return "db:backfill: no backfills in prisma/backfills.\n";
  const lines = report.backfills.map((b) => {
    const rate = b.rowsPerSecond !== undefined ? `, ${count(Math.round(b.rowsPerSecond))} rows/s` : "";
    const eta = b.etaSeconds !== undefined && b.state !== "finished" ? `, ETA ${duration(b.etaSeconds)}` : "";
    const details = [
      b.state === "pending" ? "not started" : `${count(b.rowsDone)} rows changed (${count(b.rowsWalked)} walked)${rate}${eta}`,
      b.finishedAt && `finished ${b.finishedAt}`,
      b.runner && `run by ${b.runner}`,
      b.edited && "EDITED since it finished",
      b.lastError && `last error: ${b.lastError}`,
      b.requiredBy.length > 0 && `required by ${b.requiredBy.join(", ")}`,
    ].filter(Boolean);
    return `  ${b.state.padEnd(10)} ${b.name}: ${details.join("; ")}`;
  });
  const open = report.backfills.filter((b) => b.state !== "finished").length;
  const tail = !report.tracked
    ? "The progress table (_backfills) does not exist yet: npm run db:deploy creates it."
    : open
      ? `${open} not finished: npm run db:backfill runs ${open === 1 ? "it" : "them"}.`
      : "All finished.";
  return `${["db:backfill status:", ...lines, tail].join("\n")}\n`;
}

function count(n: number) {
  return n.toLocaleString("en-US");
}

function duration(seconds: number) {
  if (!Number.isFinite(seconds)) return "?";
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
}

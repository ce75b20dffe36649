// How an `npm run db:*` command says how it ended. At a terminal, to a person: a sentence, and only
// when there is something to say (Prisma's own output already says what went well). In CI, or when
// asked with LOG_FORMAT=json: the app logger's JSON line, for a log drain. A raw `"level":50` line
// after a pending migration read like a crash.
import { logger } from "../lib/logger.ts";

/** JSON lines instead of sentences: LOG_FORMAT=json, or CI set (as CI services do) to anything but false/0. */
export function wantsJsonLogs(env: Record<string, string | undefined> = process.env): boolean {
  return env.LOG_FORMAT === "json" || (Boolean(env.CI) && env.CI !== "false" && env.CI !== "0");
}

/** `fields` as one JSON line (error level when exitCode is not 0), or `sentence` for a person (none: say nothing). */
export function reportOutcome(fields: { event: string; exitCode: number } & Record<string, unknown>, sentence: string | undefined) {
  if (wantsJsonLogs()) logger[fields.exitCode === 0 ? "info" : "error"](fields, fields.event);
  else if (sentence) (fields.exitCode === 0 ? console.log : console.error)(sentence);
}

// Captures what the app logs (JSON lines on stdout) while a test runs.
import { vi } from "vitest";
import { logger } from "@/lib/logger";

export function captureLogs(level = "debug") {
  const previous = logger.level;
  logger.level = level;
  const lines: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const text = typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
    if (text.startsWith("{")) lines.push(...text.split("\n").filter(Boolean));
    else return write(chunk, ...(rest as []));
    return true;
  });
  return {
    /** Everything logged, raw. */
    text: () => lines.join("\n"),
    /** Every line, parsed. */
    entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
    stop() {
      spy.mockRestore();
      logger.level = previous;
    },
  };
}

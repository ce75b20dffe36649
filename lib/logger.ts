import pino from "pino";

// One JSON object per line on stdout, for the platform's log drain. Secrets never reach it:
// the paths below are censored wherever they appear in a logged object.
export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
  base: undefined,
  timestamp: pino.stdTimeFunctions.isoTime,
  redact: {
    paths: ["*.authorization", "*.cookie", "*.password", "*.secret", "*.apiKey", "*.token", "headers.authorization", "headers.cookie"],
    censor: "[redacted]",
  },
});

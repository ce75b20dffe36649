// @ts-check
// Log lines in the native engine's format on stderr: the CLI shows ERROR lines as the failure.

/**
 * @param {"INFO" | "ERROR"} level
 * @param {string} message
 * @param {Record<string, unknown>} [fields]
 */
export function log(level, message, fields = {}) {
  process.stderr.write(`${JSON.stringify({ timestamp: new Date().toISOString(), level, fields: { message, ...fields }, target: "schema_engine::logger" })}\n`);
}

/**
 * Exits the way the native engine does on a usage or start-up error.
 * @param {string} message
 * @returns {never}
 */
export function fail(message) {
  log("ERROR", `schema engine: ${message}`);
  process.exit(1);
}

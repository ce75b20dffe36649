// Which path this test run reaches PostgreSQL by (TEST_DATABASE_PATH), for the few tests that
// depend on it.
import { inject, it, type TestFunction } from "vitest";

export const onAcceleratePath = inject("testDatabase").databasePath === "accelerate";

/**
 * A test of the pg path itself (the app's own pg pool): on the Accelerate path it is reported as
 * skipped, and its name carries the reason on both.
 */
export function itOnPgPath(reason: string) {
  return (name: string, fn: TestFunction, timeout?: number) => it.skipIf(onAcceleratePath)(`${name} (pg path only: ${reason})`, fn, timeout);
}

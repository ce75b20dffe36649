import { describe, expect, it } from "vitest";
import { hasPaidAccess, statusLabel } from "@/lib/billing/status";
import { PROTOTYPE_KEYS } from "@/test/support/prototype-keys";

describe("hasPaidAccess", () => {
  it.each([
    ["active", true],
    ["trialing", true],
    ["past_due", true],
    ["incomplete", false],
    ["incomplete_expired", false],
    ["unpaid", false],
    ["canceled", false],
    ["paused", false],
    ["something_new", false],
  ])("%s → %s", (status, access) => {
    expect(hasPaidAccess(status)).toBe(access);
  });

  it("labels statuses for people", () => {
    expect(statusLabel("past_due")).toBe("Past due");
    expect(statusLabel("trialing")).toBe("Trial");
  });

  it.each(PROTOTYPE_KEYS)("gives no access, and its own name as the label, to a status named %j", (status) => {
    expect(hasPaidAccess(status)).toBe(false);
    expect(statusLabel(status)).toBe(status);
  });
});

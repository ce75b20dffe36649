import { describe, expect, it } from "vitest";
import { recordId, storableInstant, storableInt } from "@/lib/validation";

describe("a record id", () => {
  it.each(["cmi8x2k3l0000abcd1234efgh", "x", "a_b-C9", "a".repeat(64)])("accepts %j", (id) => {
    expect(recordId().safeParse(id).success).toBe(true);
  });

  it.each(["", "a".repeat(65), "\u0000", "cm0\u0000", "\u0001", "a\tb", "\u007f", "é", "😀", "..", "a/b", "%00", "1 OR 1=1", 1])("refuses %j", (id) => {
    expect(recordId().safeParse(id).success).toBe(false);
  });
});

describe("an instant from untrusted input", () => {
  it("is a Date, for ISO 8601 UTC strings with a four-digit year", () => {
    expect(storableInstant().parse("2026-01-02T03:04:05.678Z")).toEqual(new Date("2026-01-02T03:04:05.678Z"));
    expect(storableInstant().parse("0001-01-01T00:00:00Z")).toEqual(new Date("0001-01-01T00:00:00Z"));
    expect(storableInstant().parse("9999-12-31T23:59:59.999Z")).toEqual(new Date("9999-12-31T23:59:59.999Z"));
  });

  it.each([
    "-271821-04-20T00:00:00.000Z",
    "+275760-09-13T00:00:00.000Z",
    "-004714-01-01T00:00:00.000Z",
    "0000-01-01T00:00:00.000Z",
    "0000-12-31T23:59:59.999Z",
    "2026-02-30T00:00:00.000Z",
    "2026-01-01",
    "Infinity",
    "",
    0,
  ])("refuses %j, which PostgreSQL could not store or JavaScript would misread", (value) => {
    expect(storableInstant().safeParse(value).success).toBe(false);
  });
});

describe("a whole number for an integer column", () => {
  it.each([0, -2_147_483_648, 2_147_483_647, 42])("accepts %j", (value) => {
    expect(storableInt().safeParse(value).success).toBe(true);
  });

  it.each([2_147_483_648, -2_147_483_649, 1.5, Number.NaN, "1", null])("refuses %j, with one message", (value) => {
    const result = storableInt().safeParse(value);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/whole number|from -2,147,483,648/);
  });
});

import { describe, expect, it } from "vitest";
import { lookup } from "@/lib/lookup";
import { PROTOTYPE_KEYS } from "@/test/support/prototype-keys";

const TABLE = { active: "Active", canceled: "Canceled" };

describe("a lookup in a table by an outside string", () => {
  it("finds the table's own entries", () => {
    expect(lookup(TABLE, "active")).toBe("Active");
  });

  it.each([...PROTOTYPE_KEYS, "prototype", "missing", ""])("finds nothing for %j, which the table does not have", (key) => {
    expect(lookup(TABLE, key)).toBeUndefined();
  });
});

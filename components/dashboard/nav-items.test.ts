// The phone navigation's grid: every section in sight, and never one tab alone on the last row.
import { describe, expect, it } from "vitest";
import { DASHBOARD_NAV, navFor, phoneNavColumns } from "./nav-items";

/** How many tabs each row holds, for `count` tabs in `columns` columns. */
function rows(count: number, columns: number) {
  return Array.from({ length: Math.ceil(count / columns) }, (_, row) => Math.min(columns, count - row * columns));
}

describe("the dashboard navigation on a phone", () => {
  it("puts an owner's seven sections in rows of four and three, and a member's six in two rows of three", () => {
    expect(rows(DASHBOARD_NAV.length, phoneNavColumns(DASHBOARD_NAV.length))).toEqual([4, 3]);
    expect(rows(navFor("member").length, phoneNavColumns(navFor("member").length))).toEqual([3, 3]);
  });

  it("strands no tab alone on a row, from one section to twelve (generated features and removed ones)", () => {
    for (let count = 1; count <= 12; count++) {
      const columns = phoneNavColumns(count);
      expect(columns, `${count} sections`).toBeLessThanOrEqual(4);
      const layout = rows(count, columns);
      if (layout.length > 1) expect(layout.at(-1), `${count} sections: ${layout.join(" + ")}`).toBeGreaterThan(1);
    }
  });
});

describe("the sections a role sees", () => {
  it("shows the audit log to owners and admins only, and every other section to all", () => {
    expect(navFor("owner")).toEqual(DASHBOARD_NAV);
    expect(navFor("admin")).toEqual(DASHBOARD_NAV);
    expect(navFor("member").map((item) => item.label)).toEqual(["Overview", "Posts", "Billing", "API keys", "Members", "Settings"]);
  });
});

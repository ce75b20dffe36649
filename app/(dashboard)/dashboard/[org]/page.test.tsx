// The dashboard overview, rendered by the real page on this file's own database: the user's posts and
// keys against their plan as meters, and their API requests of the last 30 days as a chart with a table.
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/lib/db";
import { callApi, userWithKey } from "@/test/support/api";
import { signIn } from "@/test/support/signed-in";

vi.mock("@/lib/auth/session", () => import("@/test/support/signed-in").then((module) => module.stubbedSession));

const db = getDb();
afterAll(() => db.$disconnect());

async function renderOverview() {
  const { default: DashboardPage } = await import("./page");
  return renderToStaticMarkup(await DashboardPage());
}

/** The attributes of the meter named by the element with id `labelId`. */
function meter(html: string, label: string) {
  const labelId = new RegExp(`<span id="([^"]+)"[^>]*>${label}</span>`).exec(html)?.[1];
  expect(labelId, `a label "${label}"`).toBeDefined();
  const element = new RegExp(`<div role="meter" aria-labelledby="${labelId}"[^>]*>`).exec(html)?.[0];
  expect(element, `a meter labelled "${label}"`).toBeDefined();
  return Object.fromEntries([...element!.matchAll(/(aria-value\w+)="([^"]*)"/g)].map(([, name, value]) => [name, value]));
}

describe("the dashboard overview", () => {
  it("shows the user's posts and active API keys against their plan's limits as meters", async () => {
    const { user } = await userWithKey();
    await db.post.createMany({ data: Array.from({ length: 3 }, (_, i) => ({ authorId: user.id, organizationId: user.organizationId, title: `Post ${i}` })) });
    signIn(user, { name: "Ada" });

    const html = await renderOverview();
    expect(meter(html, "Posts")).toEqual({ "aria-valuemin": "0", "aria-valuemax": "10", "aria-valuenow": "3", "aria-valuetext": "3 of 10 posts" });
    expect(meter(html, "API keys")).toMatchObject({ "aria-valuenow": "1", "aria-valuetext": "1 of 1 active API keys" });
    expect(html).toContain("1 of 1 · limit reached");
  });

  it("charts the user's API requests of the last 30 days, with the same numbers in a table", async () => {
    const { user, key } = await userWithKey();
    for (let i = 0; i < 4; i++) expect((await callApi("/api/v1/me", { key })).status).toBe(200);
    signIn(user);

    const html = await renderOverview();
    expect(html).toMatch(/>4<\/span> requests in the last 30 days/);
    expect(html.match(/<rect /g)).toHaveLength(30);
    const rows = [...html.matchAll(/<tr><th scope="row">([^<]+)<\/th><td>(\d+)<\/td><\/tr>/g)].map(([, day, requests]) => [day, Number(requests)]);
    expect(rows).toHaveLength(30);
    expect(rows.at(-1)).toEqual([new Date().toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: "UTC" }), 4]);
    expect(rows.slice(0, -1).every(([, requests]) => requests === 0)).toBe(true);
  });
});

// Keyset pagination on a real table (Post), as every feature's list uses it.
import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { InvalidCursorError, keysetPage, keysetQuery } from "@/lib/pagination";
import { newUser } from "@/test/support/users";

const db = getDb();
afterAll(() => db.$disconnect());

const cursorOf = (createdAt: string, id: string) => Buffer.from(JSON.stringify([createdAt, id])).toString("base64url");

async function page(authorId: string, limit: number, cursor?: string) {
  const { where, orderBy } = keysetQuery(cursor);
  return keysetPage(await db.post.findMany({ where: { authorId, ...where }, orderBy, take: limit + 1 }), limit);
}

describe("keyset pagination", () => {
  it("walks every row once, newest first, ties broken by id, and ends with a null cursor", async () => {
    const author = await newUser(`pages-${Date.now()}@example.com`);
    const same = new Date("2026-01-01T00:00:00.000Z");
    await db.post.createMany({
      data: Array.from({ length: 7 }, (_, i) => ({
        authorId: author.id,
        organizationId: author.organizationId,
        title: `p${i}`,
        createdAt: i < 4 ? same : new Date(same.getTime() + i),
      })),
    });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const { page: rows, nextCursor } = await page(author.id, 3, cursor);
      seen.push(...rows.map((row) => row.id));
      cursor = nextCursor ?? undefined;
    } while (cursor);
    const all = await db.post.findMany({ where: { authorId: author.id }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
    expect(seen).toEqual(all.map((row) => row.id));
  });

  it.each([
    ["not base64 JSON", "bm90LWEtY3Vyc29y"],
    ["a date PostgreSQL cannot hold", cursorOf("-271821-04-20T00:00:00.000Z", "x")],
    ["a date in year 0000, which PostgreSQL refuses", cursorOf("0000-12-31T23:59:59.999Z", "x")],
    ["a date past 9999", cursorOf("+010000-01-01T00:00:00.000Z", "x")],
    ["an id with NUL", cursorOf("2026-01-01T00:00:00.000Z", "\u0000")],
  ])("refuses a cursor that is %s, before any query", (_, cursor) => {
    expect(() => keysetQuery(cursor)).toThrow(InvalidCursorError);
  });

  it.each(["0001-01-01T00:00:00.000Z", "9999-12-31T23:59:59.999Z"])("queries with a cursor at the edge of the dates it accepts (%s)", async (date) => {
    const author = await newUser(`edge-${Date.now()}-${date.slice(0, 4)}@example.com`);
    await db.post.create({ data: { authorId: author.id, organizationId: author.organizationId, title: "now" } });
    const { page: rows } = await page(author.id, 10, cursorOf(date, "x"));
    expect(rows).toHaveLength(date.startsWith("9999") ? 1 : 0);
  });
});

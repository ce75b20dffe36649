// Keyset pagination on a real table (Post), as every feature's list uses it.
import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { InvalidCursorError, keysetPage, keysetQuery } from "@/lib/pagination";

const db = getDb();
afterAll(() => db.$disconnect());

async function page(authorId: string, limit: number, cursor?: string) {
  const { where, orderBy } = keysetQuery(cursor);
  return keysetPage(await db.post.findMany({ where: { authorId, ...where }, orderBy, take: limit + 1 }), limit);
}

describe("keyset pagination", () => {
  it("walks every row once, newest first, ties broken by id, and ends with a null cursor", async () => {
    const author = await db.user.create({ data: { email: `pages-${Date.now()}@example.com` } });
    const same = new Date("2026-01-01T00:00:00.000Z");
    await db.post.createMany({
      data: Array.from({ length: 7 }, (_, i) => ({ authorId: author.id, title: `p${i}`, createdAt: i < 4 ? same : new Date(same.getTime() + i) })),
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
    ["a date PostgreSQL cannot hold", Buffer.from(JSON.stringify(["-271821-04-20T00:00:00.000Z", "x"])).toString("base64url")],
    ["an id with NUL", Buffer.from(JSON.stringify(["2026-01-01T00:00:00.000Z", "\u0000"])).toString("base64url")],
  ])("refuses a cursor that is %s, before any query", (_, cursor) => {
    expect(() => keysetQuery(cursor)).toThrow(InvalidCursorError);
  });
});

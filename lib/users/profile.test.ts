import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { deleteAccount, updateProfile } from "@/lib/users/profile";

const db = getDb();
afterAll(() => db.$disconnect());

async function user(email: string) {
  return db.user.create({ data: { email, name: "Before", subscription: { create: {} }, posts: { create: { title: "p" } } } });
}

describe("updateProfile", () => {
  it("saves a trimmed name", async () => {
    const { id } = await user("name@example.com");
    expect(await updateProfile(id, { name: "  Ada Lovelace  " })).toEqual({ ok: true });
    expect((await db.user.findUniqueOrThrow({ where: { id } })).name).toBe("Ada Lovelace");
  });

  it.each([
    [{ name: "" }, "Enter your name."],
    [{ name: "   " }, "Enter your name."],
    [{ name: "x".repeat(81) }, "Use 80 characters at most."],
    [{ name: null }, "Enter your name."],
    [{}, "Enter your name."],
    [{ name: 42 }, "Enter your name."],
  ])("rejects %j with a message and changes nothing", async (input, message) => {
    const { id } = await user(`invalid-${Math.random()}@example.com`);
    expect(await updateProfile(id, input)).toEqual({ ok: false, fieldErrors: { name: [message] } });
    expect((await db.user.findUniqueOrThrow({ where: { id } })).name).toBe("Before");
  });
});

describe("deleteAccount", () => {
  it("needs the typed confirmation", async () => {
    const { id } = await user("keep@example.com");
    expect(await deleteAccount(id, { confirmation: "delete" })).toEqual({ ok: false, fieldErrors: { confirmation: ["Type DELETE to confirm."] } });
    expect(await db.user.count({ where: { id } })).toBe(1);
  });

  it("deletes the user with their subscription and posts", async () => {
    const { id } = await user("gone@example.com");
    expect(await deleteAccount(id, { confirmation: "DELETE" })).toEqual({ ok: true });
    expect(await db.user.count({ where: { id } })).toBe(0);
    expect(await db.subscription.count({ where: { userId: id } })).toBe(0);
    expect(await db.post.count({ where: { authorId: id } })).toBe(0);
  });
});

import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { z } from "zod";
import { deleteAccount, deleteAccountSchema, profileSchema, updateProfile } from "@/lib/users/profile";
import { newUser } from "@/test/support/users";

const db = getDb();
afterAll(() => db.$disconnect());

async function user(email: string) {
  const created = await newUser(email, {}, "Before");
  await db.post.create({ data: { authorId: created.id, organizationId: created.organizationId, title: "p" } });
  return created;
}

describe("updateProfile", () => {
  it("saves a trimmed name", async () => {
    const { id } = await user("name@example.com");
    await updateProfile(id, profileSchema.parse({ name: "  Ada Lovelace  " }));
    expect((await db.user.findUniqueOrThrow({ where: { id } })).name).toBe("Ada Lovelace");
  });

  it.each([
    [{ name: "" }, "Enter your name."],
    [{ name: "   " }, "Enter your name."],
    [{ name: "x".repeat(81) }, "Use 80 characters at most."],
    [{ name: null }, "Enter your name."],
    [{}, "Enter your name."],
    [{ name: 42 }, "Enter your name."],
  ])("refuses %j with a message", (input, message) => {
    expect(z.flattenError(profileSchema.safeParse(input).error!).fieldErrors).toEqual({ name: [message] });
  });
});

describe("deleteAccount", () => {
  it("needs the typed confirmation", () => {
    expect(z.flattenError(deleteAccountSchema.safeParse({ confirmation: "delete" }).error!).fieldErrors).toEqual({ confirmation: ["Type DELETE to confirm."] });
    expect(deleteAccountSchema.safeParse({ confirmation: "DELETE" }).success).toBe(true);
  });

  it("deletes the user with their subscription and posts", async () => {
    const { id, organizationId } = await user("gone@example.com");
    await deleteAccount(id);
    expect(await db.user.count({ where: { id } })).toBe(0);
    expect(await db.subscription.count({ where: { organizationId } })).toBe(0);
    expect(await db.post.count({ where: { authorId: id } })).toBe(0);
  });
});

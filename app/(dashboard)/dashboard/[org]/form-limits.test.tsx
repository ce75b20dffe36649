// Every dashboard form lets people type exactly what its schema accepts: the fields' maxLength and
// choices, rendered by the real pages, against what the schemas in lib/ accept and refuse.
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, describe, expect, it, vi } from "vitest";
import type { z } from "zod";
import { createApiKeySchema } from "@/lib/api-keys/keys";
import { getDb } from "@/lib/db";
import { postCreateSchema } from "@/lib/posts/schemas";
import { profileSchema } from "@/lib/users/profile";

vi.mock("@/lib/auth/session", () => ({
  requireUser: async () => ({
    id: "form-limits-user",
    email: "limits@example.com",
    name: "Ada",
    subscription: null,
    organization: { id: "form-limits-organization", name: "Ada's organization", slug: "ada", personal: true },
    actor: { userId: "form-limits-user", organizationId: "form-limits-organization", role: "owner" },
  }),
  currentSessionToken: async () => "form-limits-session",
}));
vi.mock("@/lib/app-origin", () => ({ appOrigin: async () => "http://localhost:3000" }));

afterAll(() => getDb().$disconnect());

/** The maxLength of the field named `name` in the page's HTML. */
function maxLengthOf(html: string, name: string) {
  const field = new RegExp(`<(?:input|textarea)[^>]*\\bname="${name}"[^>]*>`).exec(html)?.[0];
  expect(field, `a field named ${name}`).toBeDefined();
  return Number(/maxLength="(\d+)"/i.exec(field!)?.[1]);
}

/** The longest text the schema accepts, checked at the limit and one past it. */
function expectLimit(schema: z.ZodType, limit: number) {
  expect(schema.safeParse("x".repeat(limit)).success).toBe(true);
  expect(schema.safeParse("x".repeat(limit + 1)).success).toBe(false);
}

describe("the dashboard's forms and their schemas", () => {
  it("settings: the name field stops where the profile schema does", async () => {
    const { default: SettingsPage } = await import("../(account)/account/page");
    const html = renderToStaticMarkup(await SettingsPage());
    expectLimit(profileSchema.shape.name, maxLengthOf(html, "name"));
  });

  it("API keys: the name field stops where the schema does, and the expiry choices are the schema's", async () => {
    const { default: ApiKeysPage } = await import("./api-keys/page");
    const html = renderToStaticMarkup(await ApiKeysPage());
    expectLimit(createApiKeySchema.shape.name, maxLengthOf(html, "name"));
    const offered = [...html.matchAll(/<option value="([^"]*)"/g)].map((match) => match[1]);
    expect(offered.toSorted()).toEqual(createApiKeySchema.shape.expiresInDays.options.toSorted());
  });

  it("posts: the title and content fields stop where the post schema does", async () => {
    const { default: PostsPage } = await import("./posts/page");
    const html = renderToStaticMarkup(await PostsPage({ searchParams: Promise.resolve({}) }));
    expectLimit(postCreateSchema.shape.title, maxLengthOf(html, "title"));
    expectLimit(postCreateSchema.shape.content, maxLengthOf(html, "content"));
  });
});

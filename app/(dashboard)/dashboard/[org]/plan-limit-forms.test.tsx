// The create forms know the plan: at its limit, the real pages render the form disabled (its fields
// and its button, in a disabled fieldset), with the reason and the upgrade link above it; below it,
// the form is open. Rendered on this file's own database.
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, describe, expect, it, vi } from "vitest";
import { upgradePath } from "@/lib/billing/paths";
import { getDb } from "@/lib/db";
import { userWithKey } from "@/test/support/api";
import { signIn } from "@/test/support/signed-in";

vi.mock("@/lib/auth/session", () => import("@/test/support/signed-in").then((module) => module.stubbedSession));
vi.mock("@/lib/app-origin", () => ({ appOrigin: async () => "http://localhost:3000" }));

const db = getDb();
afterAll(() => db.$disconnect());

/** A signed-in user on `plan` with `posts` posts and `keys` active API keys. */
async function signInWith(plan: "free" | "pro", { posts = 0, keys = 1 } = {}) {
  const { user } = await userWithKey(plan);
  await db.post.createMany({ data: Array.from({ length: posts }, (_, i) => ({ authorId: user.id, organizationId: user.organizationId, title: `Post ${i}` })) });
  await db.apiKey.createMany({
    data: Array.from({ length: keys - 1 }, (_, i) => ({
      userId: user.id,
      organizationId: user.organizationId,
      name: `Key ${i}`,
      hashedKey: `${user.id}-${i}`,
      prefix: "acme_sk_",
      lastFour: "abcd",
    })),
  });
  signIn(user, { plan });
}

async function postsPage() {
  const { default: PostsPage } = await import("./posts/page");
  return renderToStaticMarkup(await PostsPage({ searchParams: Promise.resolve({}) }));
}

async function apiKeysPage() {
  const { default: ApiKeysPage } = await import("./api-keys/page");
  return renderToStaticMarkup(await ApiKeysPage());
}

/** The create form's fieldset: whether it is disabled, and what it holds. */
function createFieldset(html: string) {
  const fieldsets = [...html.matchAll(/<fieldset([^>]*)>([\s\S]*?)<\/fieldset>/g)];
  expect(fieldsets, "one fieldset in the create form").toHaveLength(1);
  const [, attributes, content] = fieldsets[0]!;
  return { disabled: /\bdisabled=""/.test(attributes!), content: content! };
}

/** The text of the plan-limit notice, tags removed, or undefined without one. */
function notice(html: string) {
  const element = /<p data-testid="plan-limit-notice"[^>]*>([\s\S]*?)<\/p>/.exec(html)?.[1];
  return element?.replace(/<[^>]+>/g, "");
}

/** The text of every link to the upgrade. */
function upgradeLinks(html: string) {
  return [...html.matchAll(/<a [^>]*href="([^"]*)"[^>]*>([^<]*)<\/a>/g)].filter(([, href]) => href === upgradePath("acme")).map(([, , text]) => text);
}

describe("the new post form", () => {
  it("is disabled at the free plan's 10 posts, fields and button, saying why and linking to the upgrade", async () => {
    await signInWith("free", { posts: 10 });
    const html = await postsPage();
    const fieldset = createFieldset(html);
    expect(fieldset.disabled).toBe(true);
    for (const control of ['name="title"', 'name="content"', 'name="published"', 'type="submit"']) expect(fieldset.content).toContain(control);
    expect(notice(html)).toBe("You have 10 of 10 posts on Free. Delete one to make room, or upgrade to Pro for more.");
    expect(upgradeLinks(html)).toEqual(["upgrade to Pro"]);
    expect(html).toContain("10 of 10 posts on the Free plan.");
  });

  it("is open below the limit, without a notice", async () => {
    await signInWith("free", { posts: 9 });
    const html = await postsPage();
    expect(createFieldset(html).disabled).toBe(false);
    expect(notice(html)).toBeUndefined();
    expect(html).toContain("9 of 10 posts on the Free plan.");
  });
});

describe("the create key form", () => {
  it("is disabled at the free plan's one active key, saying why and linking to the upgrade", async () => {
    await signInWith("free", { keys: 1 });
    const html = await apiKeysPage();
    const fieldset = createFieldset(html);
    expect(fieldset.disabled).toBe(true);
    for (const control of ['name="name"', 'name="expiresInDays"', 'type="submit"']) expect(fieldset.content).toContain(control);
    expect(notice(html)).toBe("You have 1 of 1 active API keys on Free. Revoke one to make room, or upgrade to Pro for more.");
    expect(upgradeLinks(html)).toEqual(["upgrade to Pro"]);
  });

  it("is open once the only key is revoked", async () => {
    const { user, keyId } = await userWithKey("free");
    await db.apiKey.update({ where: { id: keyId }, data: { revokedAt: new Date() } });
    signIn(user);
    const html = await apiKeysPage();
    expect(createFieldset(html).disabled).toBe(false);
    expect(notice(html)).toBeUndefined();
    expect(upgradeLinks(html)).toEqual([]);
  });

  it("at Pro's 10 keys, the top plan, says to revoke one and offers no upgrade", async () => {
    await signInWith("pro", { keys: 10 });
    const html = await apiKeysPage();
    expect(createFieldset(html).disabled).toBe(true);
    expect(notice(html)).toBe("You have 10 of 10 active API keys on Pro. Revoke one to make room.");
    expect(upgradeLinks(html)).toEqual([]);
  });
});

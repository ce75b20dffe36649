// apiRoute asks the permissions table (lib/organizations/permissions.ts) for the route's
// `permission`, with the role the API key's creator holds in the key's organization.
import { afterAll, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/api-keys/keys";
import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { joinOrganization, newUser } from "@/test/support/users";

const db = getDb();
afterAll(() => db.$disconnect());

const manageKeys = apiRoute(
  { summary: "A route for owners and admins", operationId: "manageKeysForTest", permission: "apiKeys.manage", success: { status: 204, description: "Done" } },
  async () => new Response(null, { status: 204 }),
);
const call = (key: string) => manageKeys(new Request("http://localhost:3000/api/v1/test", { headers: { authorization: `Bearer ${key}` } }));

describe("apiRoute's permission", () => {
  it("lets a key through when its creator's role in the key's organization allows it, and answers 403 forbidden when not", async () => {
    const owner = await newUser(`route-owner-${Math.random()}@example.com`, { plan: "pro" });
    const ownersKey = await createApiKey(owner.actor, { name: "owner's", expiresInDays: "never" });
    expect((await call(ownersKey.key)).status).toBe(204);

    const member = await joinOrganization((await newUser(`route-member-${Math.random()}@example.com`)).id, owner.organizationId, "member");
    const membersKey = await createApiKey(member, { name: "member's", expiresInDays: "never" });
    const refused = await call(membersKey.key);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({
      error: { code: "forbidden", message: "Only an organization's owner or admin can do this; your role is member." },
    });
  });
});

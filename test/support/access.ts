// What every dashboard action, organization page and API operation requires, in one registry, for
// the isolation matrix (test/isolation.test.ts): each entry names the permission of the table
// (lib/organizations/permissions.ts) its success needs, or "member" (any member of the
// organization), and builds the records its form acts on in a given organization. The matrix
// derives every expectation from `can(role, needs)`; nothing here says what a role may do.
// The lists are checked against the files on disk (`dashboardActions`, `organizationPages`) and the
// API's routes, so a new action, page or route that is not registered here fails the test. A feature
// `npm run new:feature` generated is one line of GENERATED_FEATURES, which the generator writes and
// `--remove` takes out: `generatedFeature` makes all its cases.
import { randomBytes } from "node:crypto";
import { readdirSync } from "node:fs";
import path from "node:path";
import { API_ROUTES } from "@/app/api/v1/routes";
import { generateApiKey, displayParts } from "@/lib/api-keys/generate";
import { hashApiKey } from "@/lib/api-keys/hash";
import { openApiDocument } from "@/lib/api/openapi";
import { getBilling } from "@/lib/billing/stripe";
import { getDb } from "@/lib/db";
import { hashInvitationToken, INVITATION_TTL_MS } from "@/lib/organizations/invitations";
import type { Permission, ROLES } from "@/lib/organizations/permissions";
import { keysetPage } from "@/lib/pagination";
import { featureNames } from "@/scripts/new-feature/spec";
import { validExample } from "./api.ts";
import { newUser } from "./users.ts";

type Role = (typeof ROLES)[number];
/**
 * A permission of the table, or "member": anyone who is a member of the organization. A case that
 * needs more than its action's own permission lists both, in the order they are asked (the wrapper's
 * first): a role lacking one is refused with the first it lacks.
 */
export type Requirement = Permission | "member" | readonly Permission[];
/** An organization of the matrix: a team (not a personal organization) with one user in each role. */
export type Team = { id: string; name: string; slug: string; users: Record<Role, string> };
type Fields = Record<string, string>;

export const DASHBOARD_DIR = path.resolve(import.meta.dirname, "../../app/(dashboard)/dashboard");

/** Files named `name` under `dir`, relative to the dashboard's folder. */
function filesNamed(name: string, dir = DASHBOARD_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesNamed(name, full);
    return entry.name === name ? [path.relative(DASHBOARD_DIR, full).split(path.sep).join("/")] : [];
  });
}

/** Every server action of the dashboard, as "<file under app/(dashboard)/dashboard>#<export>": every export of an actions.ts ("use server"). */
export async function dashboardActions(): Promise<string[]> {
  const files = filesNamed("actions.ts");
  const modules = await Promise.all(files.map(async (file) => [file, (await import(path.join(DASHBOARD_DIR, file))) as object] as const));
  return modules.flatMap(([file, module]) => Object.keys(module).map((name) => `${file}#${name}`)).sort();
}

/** Every page of an organization's dashboard, relative to app/(dashboard)/dashboard/[org]. */
export function organizationPages(): string[] {
  return filesNamed("page.tsx", path.join(DASHBOARD_DIR, "[org]"))
    .map((file) => file.replace(/^\[org\]\//, ""))
    .sort();
}

const db = () => getDb();
let people = 0;

/** A new user (as sign-up creates them) made a member of `team` with `role`: the target of a members action. */
async function memberOf(team: Team, role: Role): Promise<string> {
  const user = await newUser(`target-${++people}-${Date.now()}@example.com`, {}, `Target ${people}`);
  await db().membership.create({ data: { organizationId: team.id, userId: user.id, role } });
  return user.id;
}

/** A pending invitation of `team` for `role`, sent by its owner. */
async function invitationOf(team: Team, role: Role): Promise<string> {
  const { id } = await db().invitation.create({
    data: {
      organizationId: team.id,
      email: `invited-${++people}-${Date.now()}@example.com`,
      role,
      hashedToken: hashInvitationToken(randomBytes(32).toString("base64url")),
      invitedById: team.users.owner,
      expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
    },
    select: { id: true },
  });
  return id;
}

/** An active API key of `team`, created by its owner. */
export async function keyOf(team: Team, userId = team.users.owner): Promise<{ id: string; key: string }> {
  const key = generateApiKey();
  const { id } = await db().apiKey.create({
    data: { userId, organizationId: team.id, name: `key ${++people}`, hashedKey: hashApiKey(key), ...displayParts(key) },
    select: { id: true },
  });
  return { id, key };
}

/** A post of `team`, written by its member. */
export async function postOf(team: Team): Promise<{ id: string; createdAt: Date }> {
  return db().post.create({
    data: { title: `Post ${++people}`, content: "Body", authorId: team.users.member, organizationId: team.id },
    select: { id: true, createdAt: true },
  });
}

/** `team` on the free plan, with a Stripe customer (as after a subscription ended), in the Stripe getBilling() reaches. */
async function billedOnFreePlan(team: Team): Promise<void> {
  const customer = await getBilling()!.stripe.customers.create({ metadata: { organizationId: team.id } });
  await db().subscription.update({ where: { organizationId: team.id }, data: { plan: "free", stripeCustomerId: customer.id } });
}

export type ActionCase = {
  /** "<file under app/(dashboard)/dashboard>#<export>". */
  action: string;
  /** What the call does, for the test's name. */
  does: string;
  needs: Requirement;
  /** The page of the organization the form is on ("/members"): where the request comes from. */
  page: string;
  /** Builds what the call acts on in `team` and answers the form's fields. */
  fields: (team: Team) => Promise<Fields>;
  /** The fields name records of the organization (hidden ids): the matrix tries them with another organization's. */
  targets?: boolean;
  /** Success changes no row (it reads, or only sends the user elsewhere). */
  reads?: boolean;
  /**
   * A record it does not find in the organization is already gone, and the call answers as after
   * success (deleting a post: back to the list); otherwise it is a form error.
   */
  absentIsDone?: boolean;
  /** The organization's plan (the matrix's teams are on Pro, so no plan limit hides a permission). */
  plan?: "free" | "pro";
};

const ORG = "[org]";

type OpenApiPaths = Record<string, Record<string, { requestBody?: { content: { "application/json": { schema: Parameters<typeof validExample>[0] } } } }>>;
const documented = (openApiDocument(API_ROUTES) as unknown as { paths: OpenApiPaths }).paths;

/** A body the /api/v1 operation accepts, found from its OpenAPI documentation alone (test/support/api.ts), or undefined when it takes none. */
export function validBody(openApiPath: string, method: string): unknown {
  const schema = documented[openApiPath]?.[method.toLowerCase()]?.requestBody?.content["application/json"].schema;
  return schema && validExample(schema);
}

/** The route's params of a page whose last segment is a record's id (`[id]/page.tsx`). */
const idOfPage = (pagePath: string) => ({ id: pagePath.split("/").at(-1)! });

/** Every case of one generated feature, for the registry's lists. */
export type GeneratedFeature = {
  actions: ActionCase[];
  pages: Record<string, PageCase>;
  operations: Record<string, Permission | "member">;
  /** Its item route ("/api/v1/task-lists/{id}"), with a record of the organization for `{id}`. */
  records: Record<string, (team: Team) => Promise<string>>;
  /** Its rows owned by an organization: part of what the matrix compares before and after a call. */
  rows: (organizationId: string) => Promise<{ id: string }[]>;
};

/** A generated model's Prisma delegate, reached by its name: the registry does not know its columns. */
type RecordDelegate = {
  create(args: { data: Record<string, unknown>; select: { id: true; createdAt: true } }): Promise<{ id: string; createdAt: Date }>;
  findMany(args: { where: object; orderBy: { id: "asc" } }): Promise<{ id: string }[]>;
};

/** An API body as a dashboard form sends it: a checkbox only when checked, a number as its digits, nothing for null. */
function formOf(body: Record<string, unknown>): Fields {
  return Object.fromEntries(
    Object.entries(body).flatMap(([name, value]) => (value === null || value === false ? [] : [[name, value === true ? "on" : String(value)]])),
  );
}

/**
 * Every case of a feature `npm run new:feature -- <model> …` generated (scripts/new-feature/templates.ts).
 * Its records are the organization's, as posts are (`organizationId`, created by its member);
 * creating, editing and deleting one, in the dashboard or the API, needs `writes` (the feature's own
 * `<features>.write` of the permission table as generated, every role: narrow it there, and the
 * matrix expects the roles without it to be refused, and not shown the forms), reading needs a membership. A record holds
 * what the feature's API documents as a valid body, so a field added by hand is filled in too.
 */
export function generatedFeature(model: string, { writes }: { writes: Permission }): GeneratedFeature {
  const { camel, kebabPlural, pascalPlural, words, wordsPlural } = featureNames(model, (singular) => singular);
  const collection = `/api/v1/${kebabPlural}`;
  const delegate = () => (db() as unknown as Record<string, RecordDelegate>)[camel]!;
  const sample = () => validBody(collection, "POST") as Record<string, unknown>;
  const recordOf = (team: Team) =>
    delegate().create({ data: { ...sample(), organizationId: team.id, createdById: team.users.member }, select: { id: true, createdAt: true } });
  const actions = `${ORG}/${kebabPlural}/actions.ts`;
  const page = `/${kebabPlural}`;
  return {
    actions: [
      { action: `${actions}#create${model}Action`, does: `create a ${words}`, needs: writes, page, fields: async () => formOf(sample()) },
      {
        action: `${actions}#update${model}Action`,
        does: `edit a ${words}`,
        needs: writes,
        page,
        targets: true,
        fields: async (team) => ({ ...formOf(sample()), id: (await recordOf(team)).id }),
      },
      {
        action: `${actions}#delete${model}Action`,
        does: `delete a ${words}`,
        needs: writes,
        page,
        targets: true,
        absentIsDone: true,
        fields: async (team) => ({ id: (await recordOf(team)).id }),
      },
      {
        action: `${actions}#loadMore${pascalPlural}Action`,
        does: `load the next page of ${wordsPlural}`,
        needs: "member",
        page,
        reads: true,
        targets: true,
        fields: async (team) => ({ cursor: keysetPage([await recordOf(team), await recordOf(team)], 1).nextCursor! }),
      },
    ],
    pages: {
      [`${kebabPlural}/page.tsx`]: { path: async (team) => (await recordOf(team), page), controls: [{ needs: writes, marker: `Create ${words}` }] },
      [`${kebabPlural}/[id]/page.tsx`]: {
        path: async (team) => `${page}/${(await recordOf(team)).id}`,
        params: idOfPage,
        controls: [{ needs: writes, marker: `Delete ${words}` }],
      },
    },
    operations: {
      [`list${pascalPlural}`]: "member",
      [`create${model}`]: writes,
      [`get${model}`]: "member",
      [`update${model}`]: writes,
      [`delete${model}`]: writes,
    },
    records: { [`${collection}/{id}`]: async (team) => (await recordOf(team)).id },
    rows: (organizationId) => delegate().findMany({ where: { organizationId }, orderBy: { id: "asc" } }),
  };
}

/** The features `npm run new:feature` generated, one line each: the generator adds it, and `--remove` takes it out. */
export const GENERATED_FEATURES: GeneratedFeature[] = [
  // npm run new:feature adds its features' lines here.
];

/** Every action of an organization's dashboard, each case with what its success needs. */
export const ORGANIZATION_ACTIONS: ActionCase[] = [
  {
    action: `${ORG}/posts/actions.ts#createPostAction`,
    does: "write a post",
    needs: "posts.write",
    page: "/posts",
    fields: async () => ({ title: "New", content: "Text" }),
  },
  {
    action: `${ORG}/posts/actions.ts#updatePostAction`,
    does: "edit a post",
    needs: "posts.write",
    page: "/posts",
    targets: true,
    fields: async (team) => ({ id: (await postOf(team)).id, title: "Edited", content: "Changed" }),
  },
  {
    action: `${ORG}/posts/actions.ts#deletePostAction`,
    does: "delete a post",
    needs: "posts.write",
    page: "/posts",
    targets: true,
    absentIsDone: true,
    fields: async (team) => ({ id: (await postOf(team)).id }),
  },
  {
    action: `${ORG}/posts/actions.ts#loadMorePostsAction`,
    does: "load the next page of posts",
    needs: "member",
    page: "/posts",
    reads: true,
    targets: true,
    fields: async (team) => ({ cursor: keysetPage([await postOf(team), await postOf(team)], 1).nextCursor! }),
  },
  {
    action: `${ORG}/api-keys/actions.ts#createApiKeyAction`,
    does: "create an API key",
    needs: "apiKeys.manage",
    page: "/api-keys",
    fields: async () => ({ name: "Deploys", expiresInDays: "never" }),
  },
  {
    action: `${ORG}/api-keys/actions.ts#revokeApiKeyAction`,
    does: "revoke an API key",
    needs: "apiKeys.manage",
    page: "/api-keys",
    targets: true,
    fields: async (team) => ({ keyId: (await keyOf(team)).id }),
  },
  {
    action: `${ORG}/billing/actions.ts#upgradeAction`,
    does: "start the upgrade to Pro",
    needs: "billing.manage",
    page: "/billing",
    plan: "free",
    fields: async () => ({ interval: "monthly" }),
  },
  {
    action: `${ORG}/billing/actions.ts#manageBillingAction`,
    does: "open the billing portal",
    needs: "billing.manage",
    page: "/billing",
    reads: true,
    fields: async (team) => (await billedOnFreePlan(team), {}),
  },
  {
    action: `${ORG}/members/actions.ts#inviteAction`,
    does: "invite an admin",
    needs: "members.manage",
    page: "/members",
    fields: async () => ({ email: `new-${++people}-${Date.now()}@example.com`, role: "admin" }),
  },
  {
    action: `${ORG}/members/actions.ts#inviteAction`,
    does: "invite an owner",
    needs: ["members.manage", "ownership.transfer"],
    page: "/members",
    fields: async () => ({ email: `new-${++people}-${Date.now()}@example.com`, role: "owner" }),
  },
  {
    action: `${ORG}/members/actions.ts#changeRoleAction`,
    does: "make a member an admin",
    needs: "members.manage",
    page: "/members",
    targets: true,
    fields: async (team) => ({ userId: await memberOf(team, "member"), role: "admin" }),
  },
  {
    action: `${ORG}/members/actions.ts#changeRoleAction`,
    does: "make an admin a member",
    needs: "members.manage",
    page: "/members",
    targets: true,
    fields: async (team) => ({ userId: await memberOf(team, "admin"), role: "member" }),
  },
  {
    action: `${ORG}/members/actions.ts#changeRoleAction`,
    does: "make a member an owner",
    needs: ["members.manage", "ownership.transfer"],
    page: "/members",
    targets: true,
    fields: async (team) => ({ userId: await memberOf(team, "member"), role: "owner" }),
  },
  {
    action: `${ORG}/members/actions.ts#changeRoleAction`,
    does: "make one of two owners an admin",
    needs: ["members.manage", "ownership.transfer"],
    page: "/members",
    targets: true,
    fields: async (team) => ({ userId: await memberOf(team, "owner"), role: "admin" }),
  },
  {
    action: `${ORG}/members/actions.ts#removeMemberAction`,
    does: "remove a member",
    needs: "members.manage",
    page: "/members",
    targets: true,
    fields: async (team) => ({ userId: await memberOf(team, "member") }),
  },
  {
    action: `${ORG}/members/actions.ts#removeMemberAction`,
    does: "remove one of two owners",
    needs: ["members.manage", "ownership.transfer"],
    page: "/members",
    targets: true,
    fields: async (team) => ({ userId: await memberOf(team, "owner") }),
  },
  {
    action: `${ORG}/members/actions.ts#transferOwnershipAction`,
    does: "hand ownership to a member",
    needs: "ownership.transfer",
    page: "/members",
    targets: true,
    fields: async (team) => ({ userId: await memberOf(team, "member") }),
  },
  {
    action: `${ORG}/members/actions.ts#leaveOrganizationAction`,
    does: "leave (with another owner staying)",
    needs: "member",
    page: "/members",
    fields: async (team) => (await memberOf(team, "owner"), {}),
  },
  {
    action: `${ORG}/members/actions.ts#revokeInvitationAction`,
    does: "revoke an invitation",
    needs: "members.manage",
    page: "/members",
    targets: true,
    fields: async (team) => ({ invitationId: await invitationOf(team, "member") }),
  },
  {
    action: `${ORG}/members/actions.ts#resendInvitationAction`,
    does: "resend a member's invitation",
    needs: "members.manage",
    page: "/members",
    targets: true,
    fields: async (team) => ({ invitationId: await invitationOf(team, "member") }),
  },
  {
    action: `${ORG}/members/actions.ts#resendInvitationAction`,
    does: "resend an owner's invitation",
    needs: ["members.manage", "ownership.transfer"],
    page: "/members",
    targets: true,
    fields: async (team) => ({ invitationId: await invitationOf(team, "owner") }),
  },
  {
    action: `${ORG}/settings/actions.ts#renameOrganizationAction`,
    does: "rename the organization",
    needs: "organization.manage",
    page: "/settings",
    fields: async (team) => ({ name: `${team.name} renamed`, slug: `${team.slug}-renamed` }),
  },
  {
    action: `${ORG}/settings/actions.ts#deleteOrganizationAction`,
    does: "delete the organization",
    needs: "organization.delete",
    page: "/settings",
    fields: async (team) => ({ confirmation: team.name }),
  },
  ...GENERATED_FEATURES.flatMap((feature) => feature.actions),
];

/**
 * The dashboard's actions outside an organization (the account's pages): each acts on the
 * signed-in user alone, never on an id of someone else's (the matrix checks the one that takes an id).
 */
export const ACCOUNT_ACTIONS: Record<string, string> = {
  "(account)/account/actions.ts#updateProfileAction": "changes the signed-in user's own name",
  "(account)/account/actions.ts#deleteAccountAction": "deletes the signed-in user",
  "(account)/account/actions.ts#endSessionAction": "ends one of the signed-in user's sessions, by its id",
  "(account)/account/actions.ts#endOtherSessionsAction": "ends the signed-in user's other sessions",
  "(account)/new/actions.ts#createOrganizationAction": "creates an organization owned by the signed-in user",
};

export type PageCase = {
  /** The page's path under the organization, for `team`. */
  path: (team: Team) => Promise<string>;
  /** The route's params besides `org`. */
  params?: (path: string) => Record<string, string | string[]>;
  /** What reading it needs, and what its refusal names (lib/organizations/permissions.ts refusal's `what`): it shows the refusal instead. */
  reads?: { needs: Permission; what: string };
  /** Controls it shows exactly to the roles that may use them: a piece of its HTML each. */
  controls?: { needs: Permission; marker: string }[];
  /** No such page in any organization: a 404 for members too. */
  missing?: true;
};

/** Every page of an organization's dashboard (relative to app/(dashboard)/dashboard/[org]). */
export const ORGANIZATION_PAGES: Record<string, PageCase> = {
  "page.tsx": { path: async () => "" },
  "[...rest]/page.tsx": { path: async () => "/no-such-page", params: () => ({ rest: ["no-such-page"] }), missing: true },
  "api-keys/page.tsx": {
    path: async (team) => (await keyOf(team), "/api-keys"),
    controls: [
      { needs: "apiKeys.manage", marker: 'name="expiresInDays"' },
      { needs: "apiKeys.manage", marker: 'aria-label="Revoke' },
    ],
  },
  "audit-log/page.tsx": { path: async () => "/audit-log", reads: { needs: "auditLog.read", what: "see its audit log" } },
  "billing/page.tsx": {
    // On the free plan with a Stripe customer: the page offers both the upgrade and the portal.
    path: async (team) => (await billedOnFreePlan(team), "/billing"),
    controls: [
      { needs: "billing.manage", marker: 'name="interval"' },
      { needs: "billing.manage", marker: "Manage billing" },
    ],
  },
  "billing/portal/page.tsx": {
    path: async (team) => (await billedOnFreePlan(team), "/billing/portal"),
    controls: [{ needs: "billing.manage", marker: "Open the billing portal" }],
  },
  "members/page.tsx": {
    path: async () => "/members",
    controls: [
      { needs: "members.manage", marker: "Invite someone" },
      { needs: "members.manage", marker: 'aria-label="Change the role of' },
      { needs: "ownership.transfer", marker: 'aria-label="Transfer ownership to' },
    ],
  },
  "posts/page.tsx": { path: async (team) => (await postOf(team), "/posts"), controls: [{ needs: "posts.write", marker: 'name="title"' }] },
  "posts/[id]/page.tsx": {
    path: async (team) => `/posts/${(await postOf(team)).id}`,
    params: idOfPage,
    controls: [{ needs: "posts.write", marker: "Delete post" }],
  },
  "settings/page.tsx": {
    path: async () => "/settings",
    controls: [
      { needs: "organization.manage", marker: 'name="slug"' },
      { needs: "organization.delete", marker: "Delete organization" },
    ],
  },
  ...Object.fromEntries(GENERATED_FEATURES.flatMap((feature) => Object.entries(feature.pages))),
};

/** What each /api/v1 operation (by its operationId) needs: the key's creator's role in the key's organization must allow it. */
export const API_OPERATIONS: Record<string, Permission | "member"> = {
  getMe: "member",
  listPosts: "member",
  createPost: "posts.write",
  getPost: "member",
  updatePost: "posts.write",
  deletePost: "posts.write",
  ...Object.fromEntries(GENERATED_FEATURES.flatMap((feature) => Object.entries(feature.operations))),
};

/** Each /api/v1 route with an `{id}`, with a record of `team`. */
export const API_RECORDS: Record<string, (team: Team) => Promise<string>> = {
  "/api/v1/posts/{id}": async (team) => (await postOf(team)).id,
  ...Object.fromEntries(GENERATED_FEATURES.flatMap((feature) => Object.entries(feature.records))),
};

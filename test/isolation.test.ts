// The isolation matrix: every dashboard action, organization page and API operation (the registry
// in test/support/access.ts, checked against the files on disk) × every role, in two organizations,
// on this file's own database. What each role may do is read from the permission table
// (lib/organizations/permissions.ts): a call succeeds exactly when `can(role, needs)`, otherwise it
// is refused with the table's message and no row of the organization changed; a member of one
// organization never reads nor changes another's, by its slug in the URL or its ids in the form.
// Sessions are real (next-auth's getServerSession against this database, the request's cookie and
// path stood in for by test/support/signed-in.ts, as in lib/auth/session.test.ts), so the
// organization and role are resolved as in production: from the URL's slug, through the user's own
// memberships.
import path from "node:path";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createApiKey } from "@/lib/api-keys/keys";
import { operationsOf } from "@/lib/api/openapi";
import { getDb } from "@/lib/db";
import { can, refusal, ROLES, type Permission } from "@/lib/organizations/permissions";
import type { ActionState } from "@/lib/user-action";
import { API_ROUTES } from "@/app/api/v1/routes";
import {
  ACCOUNT_ACTIONS,
  API_OPERATIONS,
  API_RECORDS,
  DASHBOARD_DIR,
  dashboardActions,
  GENERATED_FEATURES,
  ORGANIZATION_ACTIONS,
  ORGANIZATION_PAGES,
  organizationPages,
  validBody,
  type ActionCase,
  type Requirement,
  type Team,
} from "@/test/support/access";
import { callApi } from "@/test/support/api";
import { API_ROUTE_FILES } from "@/test/support/api-routes";
import { BUDGET_MS, budgetFor } from "@/test/support/budgets";
import { billingAgainst } from "@/test/support/billing";
import { startFakeStripe, type FakeStripe } from "@/test/support/fake-stripe";
import { sessionRequest } from "@/test/support/signed-in";
import { newUser } from "@/test/support/users";

type Role = (typeof ROLES)[number];

const stripe = vi.hoisted(() => ({ billing: null as unknown }));
vi.mock("next/server", async (original) => ({ ...(await original<object>()), connection: async () => {} }));
vi.mock("next/headers", () => import("@/test/support/signed-in").then((module) => module.requestHeaders));
vi.mock("next-auth", (importOriginal) => import("@/test/support/signed-in").then((module) => module.nextAuthOnRequest(importOriginal)));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));
vi.mock("@/lib/app-origin", () => ({ appOrigin: async () => "https://app.example.com" }));
vi.mock("@/lib/email/send", () => ({ sendEmail: async () => "sent" }));
vi.mock("@/lib/billing/stripe", async (original) => ({ ...(await original<object>()), getBilling: () => stripe.billing }));

const db = getDb();
let fake: FakeStripe;
/** One user per role of each organization: A's act, B's own what is acted upon. */
const people = { A: {} as Record<Role, string>, B: {} as Record<Role, string> };
const sessions = new Map<string, string>();
/** Organization A (fixed): where A's people are, and whose slug they use against B. */
let teamA: Team;

let teams = 0;
/** A team with `users` in their roles, on `plan` (Pro by default: no plan limit hides a permission). */
async function newTeam(users: Record<Role, string>, plan: "free" | "pro" = "pro"): Promise<Team> {
  const n = ++teams;
  const organization = await db.organization.create({
    data: {
      name: `Team ${n}`,
      slug: `team-${n}-${Date.now().toString(36)}`,
      memberships: { create: ROLES.map((role) => ({ userId: users[role], role })) },
      subscription: { create: { plan } },
    },
    select: { id: true, name: true, slug: true },
  });
  return { ...organization, users };
}

/** The next request comes from `userId`'s browser, on `pathname`. */
function signIn(userId: string, pathname: string) {
  sessionRequest.cookies = new Map([["next-auth.session-token", sessions.get(userId)!]]);
  sessionRequest.pathname = pathname;
}

/** Every row of the organization a dashboard action or API route may change. */
async function snapshot(organizationId: string) {
  const where = { organizationId };
  const byId = { id: "asc" } as const;
  const [organization, previousSlugs, memberships, invitations, apiKeys, posts, subscription, auditEvents, generated] = await Promise.all([
    db.organization.findUnique({ where: { id: organizationId }, select: { name: true, slug: true } }),
    db.organizationPreviousSlug.findMany({ where, select: { slug: true }, orderBy: { slug: "asc" } }),
    db.membership.findMany({ where, select: { userId: true, role: true }, orderBy: { userId: "asc" } }),
    db.invitation.findMany({ where, orderBy: byId }),
    db.apiKey.findMany({ where, select: { id: true, name: true, userId: true, expiresAt: true, revokedAt: true }, orderBy: byId }),
    db.post.findMany({ where, orderBy: byId }),
    db.subscription.findUnique({ where }),
    db.auditEvent.findMany({ where, select: { id: true }, orderBy: byId }),
    Promise.all(GENERATED_FEATURES.map((feature) => feature.rows(organizationId))),
  ]);
  return { organization, previousSlugs, memberships, invitations, apiKeys, posts, subscription, auditEvents, generated };
}

/** The ids of every record of the organization: none may appear in an answer to another organization's member. */
async function recordIds(organizationId: string): Promise<string[]> {
  const { invitations, apiKeys, posts, generated } = await snapshot(organizationId);
  return [organizationId, ...[...invitations, ...apiKeys, ...posts, ...generated.flat()].map((record) => record.id)];
}

type Outcome = { kind: "ok" | "invalid" | "failed" | "idle" | "redirect" | "not found"; error?: string; data?: unknown };

/** What a server action or page answered: its state, or the redirect or 404 Next.js implements as a thrown error. */
async function outcomeOf<T>(run: () => Promise<T>): Promise<Outcome & { value?: T }> {
  try {
    const value = await run();
    const state = value as ActionState<unknown>;
    return state && typeof state === "object" && "status" in state ? { kind: state.status, error: state.error, data: state.data } : { kind: "ok", value };
  } catch (error) {
    const digest = (error as { digest?: unknown }).digest;
    if (typeof digest === "string" && digest.startsWith("NEXT_REDIRECT;")) return { kind: "redirect" };
    if (digest === "NEXT_HTTP_ERROR_FALLBACK;404") return { kind: "not found" };
    throw error;
  }
}

type Action = (previous: unknown, form: FormData) => Promise<ActionState<unknown>>;
async function actionOf(key: string): Promise<Action> {
  const [file, name] = key.split("#") as [string, string];
  return ((await import(path.join(DASHBOARD_DIR, file))) as Record<string, Action>)[name]!;
}

function form(fields: Record<string, string>) {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
}

/** `role` in `team` calls the case's action from `pathname`, with `fields`. */
async function act(key: string, userId: string, pathname: string, fields: Record<string, string>) {
  const action = await actionOf(key);
  signIn(userId, pathname);
  return outcomeOf(() => action(undefined, form(fields)));
}

const permissionsOf = (needs: Requirement): readonly Permission[] => (needs === "member" ? [] : typeof needs === "string" ? [needs] : needs);
const allows = (role: Role, needs: Requirement) => permissionsOf(needs).every((permission) => can(role, permission));
/** What the table says to `role` for `needs`: the refusal of the first permission it lacks. */
const refusalFor = (role: Role, needs: Requirement) =>
  permissionsOf(needs)
    .map((permission) => refusal({ role }, permission))
    .find(Boolean);
const succeeded = (outcome: Outcome) => outcome.kind === "ok" || outcome.kind === "redirect";
const label = ({ action, does }: ActionCase) => `${action.split("/").slice(-2).join("/")} (${does})`;
/** The HTML's text as written: what renderToStaticMarkup escaped, back. */
const unescape = (html: string) => html.replaceAll("&#x27;", "'").replaceAll("&quot;", '"').replaceAll("&amp;", "&");

beforeAll(async () => {
  fake = await startFakeStripe();
  stripe.billing = billingAgainst(fake);
  for (const side of ["A", "B"] as const) {
    for (const role of ROLES) {
      const user = await newUser(`${side.toLowerCase()}-${role}-${Date.now()}@example.com`, {}, `${side} ${role}`);
      people[side][role] = user.id;
      const session = await db.session.create({ data: { sessionToken: `session-${user.id}`, userId: user.id, expires: new Date(Date.now() + 3_600_000) } });
      sessions.set(user.id, session.sessionToken);
    }
  }
  teamA = await newTeam(people.A);
});

afterAll(async () => {
  await fake.stop();
  await db.$disconnect();
});

describe("the registry (test/support/access.ts)", () => {
  it("lists every server action of the dashboard, and only those", async () => {
    const registered = [...new Set([...ORGANIZATION_ACTIONS.map((entry) => entry.action), ...Object.keys(ACCOUNT_ACTIONS)])].sort();
    expect(await dashboardActions(), "an action missing here: add its cases to ORGANIZATION_ACTIONS (or ACCOUNT_ACTIONS)").toEqual(registered);
    // An organization's actions are registered as the organization's, with what they need.
    for (const entry of ORGANIZATION_ACTIONS) expect(entry.action).toMatch(/^\[org\]\//);
    for (const key of Object.keys(ACCOUNT_ACTIONS)) expect(key).not.toMatch(/^\[org\]\//);
  });

  it("lists every page of an organization's dashboard, and only those", () => {
    expect(organizationPages(), "a page missing here: add it to ORGANIZATION_PAGES").toEqual(Object.keys(ORGANIZATION_PAGES).sort());
  });

  it("lists every /api/v1 operation, and only those", () => {
    const operations = Object.values(API_ROUTES).flatMap((route) => operationsOf(route).map(([, operation]) => operation.operationId));
    expect(operations.sort(), "an operation missing here: add it to API_OPERATIONS").toEqual(Object.keys(API_OPERATIONS).sort());
    // The route declares what the registry says it needs: the table is asked for exactly that.
    for (const route of Object.values(API_ROUTES)) {
      for (const [, operation] of operationsOf(route))
        expect(operation.permission ?? "member", operation.operationId).toBe(API_OPERATIONS[operation.operationId]);
    }
    const withId = Object.keys(API_ROUTES).filter((openApiPath) => openApiPath.includes("{id}"));
    expect(withId.sort(), "a route with an {id} missing here: add how to make its record to API_RECORDS").toEqual(Object.keys(API_RECORDS).sort());
  });
});

describe("every dashboard action × every role of the organization", () => {
  it.each(ORGANIZATION_ACTIONS.map((entry) => [label(entry), entry] as const))(
    "%s: succeeds exactly for the roles the table allows, and a refusal changes nothing",
    async (_, entry) => {
      for (const role of ROLES) {
        const team = await newTeam(people.A, entry.plan);
        const fields = await entry.fields(team);
        const before = await snapshot(team.id);
        const outcome = await act(entry.action, team.users[role], `/dashboard/${team.slug}${entry.page}`, fields);
        const after = await snapshot(team.id);
        if (allows(role, entry.needs)) {
          expect(succeeded(outcome), `${role}: ${JSON.stringify(outcome)}`).toBe(true);
          if (entry.reads) expect(after, role).toEqual(before);
          else expect(after, `${role}: success changed nothing`).not.toEqual(before);
        } else {
          expect(outcome, role).toEqual({ kind: "failed", error: refusalFor(role, entry.needs), data: undefined });
          expect(after, role).toEqual(before);
        }
      }
    },
  );
});

describe("every dashboard action × every role of another organization", () => {
  it.each(ORGANIZATION_ACTIONS.map((entry) => [label(entry), entry] as const))(
    "%s: B's slug is a 404 and B's ids are refused, for every role of A; B's owner then does it",
    async (_, entry) => {
      const teamB = await newTeam(people.B, entry.plan);
      const fields = await entry.fields(teamB);
      const [beforeA, beforeB, idsOfB] = await Promise.all([snapshot(teamA.id), snapshot(teamB.id), recordIds(teamB.id)]);
      for (const role of ROLES) {
        const userId = teamA.users[role];
        // B's slug in the URL: the organization is not theirs, so it does not exist.
        expect(await act(entry.action, userId, `/dashboard/${teamB.slug}${entry.page}`, fields), role).toEqual({ kind: "not found" });
        if (entry.targets) {
          // Their own organization's URL, B's ids in the form: nothing of B is found, shown or changed.
          const outcome = await act(entry.action, userId, `/dashboard/${teamA.slug}${entry.page}`, fields);
          const expected = ["failed", ...(entry.absentIsDone ? ["redirect"] : []), ...(entry.reads ? ["ok"] : [])];
          expect(expected, `${role}: ${JSON.stringify(outcome)}`).toContain(outcome.kind);
          const answer = JSON.stringify(outcome);
          for (const id of idsOfB) expect(answer, `${role} read B's ${id}`).not.toContain(id);
        }
      }
      expect(await snapshot(teamB.id)).toEqual(beforeB);
      expect(await snapshot(teamA.id)).toEqual(beforeA);
      // The same fields were B's real records all along, and A's attempts used nothing of B's up
      // (a throttle, a pending state): B's owner does it now.
      const owners = await act(entry.action, teamB.users.owner, `/dashboard/${teamB.slug}${entry.page}`, fields);
      expect(succeeded(owners), JSON.stringify(owners)).toBe(true);
    },
  );
});

describe("every page of an organization × every role, and non-members", () => {
  async function render(file: string, slug: string, pagePath: string) {
    const { default: Page } = (await import(path.join(DASHBOARD_DIR, "[org]", file))) as {
      default: (props: { params: Promise<Record<string, unknown>>; searchParams: Promise<Record<string, string>> }) => Promise<React.ReactElement>;
    };
    const params = { org: slug, ...ORGANIZATION_PAGES[file]!.params?.(pagePath) };
    return outcomeOf(async () => unescape(renderToStaticMarkup(await Page({ params: Promise.resolve(params), searchParams: Promise.resolve({}) }))));
  }

  it("the organization's layout is a 404 for a non-member, whatever their role elsewhere", async () => {
    const { default: Layout } = (await import(path.join(DASHBOARD_DIR, "[org]", "layout.tsx"))) as {
      default: (props: { children: null; params: Promise<{ org: string }> }) => Promise<unknown>;
    };
    const teamB = await newTeam(people.B);
    for (const role of ROLES) {
      signIn(teamA.users[role], `/dashboard/${teamB.slug}`);
      expect(await outcomeOf(() => Layout({ children: null, params: Promise.resolve({ org: teamB.slug }) })), role).toEqual({ kind: "not found" });
    }
  });

  it.each(Object.keys(ORGANIZATION_PAGES))("%s: a 404 for non-members; members see what their role allows", async (file) => {
    const page = ORGANIZATION_PAGES[file]!;
    const teamB = await newTeam(people.B);
    // What B's members open, A's people are refused.
    const pagePath = await page.path(teamB);
    for (const role of ROLES) {
      signIn(teamA.users[role], `/dashboard/${teamB.slug}${pagePath}`);
      expect(await render(file, teamB.slug, pagePath), `A's ${role}`).toEqual({ kind: "not found" });
      // A page of one record, B's, under their own organization's slug: it is not found there either.
      if (page.params) {
        signIn(teamA.users[role], `/dashboard/${teamA.slug}${pagePath}`);
        expect(await render(file, teamA.slug, pagePath), `A's ${role}, B's record`).toEqual({ kind: "not found" });
      }
    }
    for (const role of ROLES) {
      signIn(teamB.users[role], `/dashboard/${teamB.slug}${pagePath}`);
      const outcome = await render(file, teamB.slug, pagePath);
      if (page.missing) {
        expect(outcome, role).toEqual({ kind: "not found" });
        continue;
      }
      expect(outcome.kind, role).toBe("ok");
      const html = outcome.value!;
      if (page.reads) {
        const refused = refusal({ role }, page.reads.needs, page.reads.what);
        if (refused) expect(html, role).toContain(refused);
        else expect(html, role).not.toContain("your role is");
      }
      for (const { needs, marker } of page.controls ?? []) {
        expect(html.includes(marker), `${role} ${can(role, needs) ? "misses" : "is shown"} ${marker}`).toBe(can(role, needs));
      }
    }
  });
});

describe("every /api/v1 route and method × keys of every role", () => {
  const keys = {} as Record<Role, string>;
  beforeAll(async () => {
    for (const role of ROLES)
      keys[role] = (await createApiKey({ userId: teamA.users[role], organizationId: teamA.id }, { name: role, expiresInDays: "never" })).key;
  });

  /** Every method of every route file, on the path with `id` for its {id}, with a body its operation accepts. */
  const callsOf = (id: string) =>
    API_ROUTE_FILES.flatMap((route) =>
      Object.keys(route.module)
        .filter((method) => /^[A-Z]+$/.test(method))
        .map((method) => ({
          method,
          path: route.openApiPath.replace("{id}", id).replace("{path}", "no-such-route"),
          body: validBody(route.openApiPath, method) ?? { title: "Taken over" },
        })),
    );

  it(
    "A's keys never read nor change B's records: on every route and method, with B's ids",
    async () => {
      const teamB = await newTeam(people.B);
      // One record of each route's, B's.
      const records = await Promise.all(Object.values(API_RECORDS).map((recordOf) => recordOf(teamB)));
      const before = await snapshot(teamB.id);
      const idsOfB = await recordIds(teamB.id);
      const titles = before.posts.map((post) => post.title);
      for (const record of records) {
        for (const call of callsOf(record)) {
          for (const role of ROLES) {
            const response = await callApi(call.path, { key: keys[role], method: call.method, body: call.body });
            const text = await response.text();
            const what = `${role} ${call.method} ${call.path}: ${response.status} ${text.slice(0, 200)}`;
            expect(response.status, what).toBeLessThan(500);
            for (const secret of [...idsOfB, ...titles]) expect(text, what).not.toContain(secret);
            // An operation on one record answers B's as one that does not exist (or refuses the role first).
            if (call.path.includes(record) && response.status < 300) throw new Error(`${what}: reached B's record`);
          }
        }
      }
      expect(await snapshot(teamB.id)).toEqual(before);
    },
    budgetFor(BUDGET_MS.databaseWork),
  );

  it("each operation on A's own records succeeds exactly for the roles the table allows; a refusal is a 403 that changes nothing", async () => {
    for (const route of Object.values(API_ROUTES)) {
      const openApiPath = Object.entries(API_ROUTES).find(([, module]) => module === route)![0];
      for (const [method, operation] of operationsOf(route)) {
        const needs = API_OPERATIONS[operation.operationId]!;
        for (const role of ROLES) {
          const recordOf = API_RECORDS[openApiPath];
          const routePath = recordOf ? openApiPath.replace("{id}", await recordOf(teamA)) : openApiPath;
          const body = validBody(openApiPath, method);
          const before = await snapshot(teamA.id);
          const response = await callApi(routePath, { key: keys[role], method, body });
          const what = `${role} ${method} ${routePath}`;
          if (allows(role, needs)) expect(response.status, what).toBeLessThan(300);
          else {
            expect(response.status, what).toBe(403);
            expect(await response.json(), what).toEqual({ error: { code: "forbidden", message: refusalFor(role, needs) } });
            expect(await snapshot(teamA.id), what).toEqual(before);
          }
        }
      }
    }
  });
});

describe("the account's actions", () => {
  it("ending a session by its id ends only one of the signed-in user's own", async () => {
    const { endSessionAction } = await import("@/app/(dashboard)/dashboard/(account)/account/actions");
    const victim = await db.session.findFirstOrThrow({ where: { userId: people.B.owner } });
    signIn(people.A.owner, "/dashboard/account");
    expect(await outcomeOf(() => endSessionAction(undefined, form({ sessionId: victim.id })))).toMatchObject({ kind: "failed" });
    expect(await db.session.findUnique({ where: { id: victim.id } })).not.toBeNull();
  });
});

// Session helpers for server components, route handlers and server actions.
import { getServerSession } from "next-auth";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { db } from "@/lib/db";
import type { Actor } from "@/lib/organizations/permissions";
import { getAuthOptions } from "./options.ts";
import { PATHNAME_HEADER, SESSION_COOKIE_NAMES, signInPath } from "./protected.ts";

export type CurrentUser = NonNullable<Awaited<ReturnType<typeof findUser>>>;

/**
 * The signed-in user, acting for their organization (`actor`: for now their personal one, as its
 * owner), with that organization's name and slug and its subscription; or null.
 */
export async function getCurrentUser() {
  await connection(); // per request, never prerendered at build time
  const session = await getServerSession(getAuthOptions());
  const id = (session?.user as { id?: string } | undefined)?.id;
  if (id) return findUser(id);
  // next-auth answers "no session" when it could not look the cookie up either (the database
  // away), which would send a signed-in user to sign in. Looking it up again lets that failure
  // surface (the error page; 503 from the API), finds the session when the database is back
  // meanwhile, and leaves a cookie that is really unknown or expired signed out.
  const token = (await cookies()).getAll().find(({ name }) => (SESSION_COOKIE_NAMES as readonly string[]).includes(name))?.value;
  if (!token) return null;
  const stored = await db.session.findUnique({ where: { sessionToken: token }, select: { userId: true, expires: true } });
  return stored && stored.expires > new Date() ? findUser(stored.userId) : null;
}

/** The signed-in user; otherwise a redirect to sign-in that comes back to the current page. */
export async function requireUser(): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (user) return user;
  redirect(signInPath((await headers()).get(PATHNAME_HEADER) ?? undefined));
}

/** The token of the session this request comes from (its cookie), to tell it apart among the user's sessions (lib/sessions). */
export async function currentSessionToken(): Promise<string> {
  const jar = await cookies();
  const token = SESSION_COOKIE_NAMES.map((name) => jar.get(name)?.value).find(Boolean);
  // Only called once requireUser() found the session, which it found by this cookie.
  if (!token) throw new Error("currentSessionToken() called without a session cookie");
  return token;
}

async function findUser(id: string) {
  const found = await db.user.findUnique({
    where: { id },
    include: {
      personalOrganization: {
        select: { id: true, name: true, slug: true, subscription: true, memberships: { where: { userId: id }, select: { role: true } } },
      },
    },
  });
  if (!found) return null;
  const { personalOrganization: organization, ...user } = found;
  const role = organization?.memberships[0]?.role;
  // Only a user from before organizations whom release 2's backfill has not reached has none: the
  // release that reads through organizations is deployed once that backfill has run.
  if (!organization || !role) throw new Error(`User ${id} has no personal organization yet: run \`npm run db:backfill\`.`);
  const actor: Actor = { userId: user.id, organizationId: organization.id, role };
  return { ...user, subscription: organization.subscription, organization: { name: organization.name, slug: organization.slug }, actor };
}

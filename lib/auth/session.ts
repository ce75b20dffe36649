// Session helpers for server components, route handlers and server actions.
import { getServerSession } from "next-auth";
import { cookies, headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { connection } from "next/server";
import { cache } from "react";
import { db } from "@/lib/db";
import { actorFor, findMemberOrganization, findPersonalOrganization, lastUsedOrganizationSlug } from "@/lib/organizations/active";
import { LAST_ORGANIZATION_COOKIE, organizationPath, pathBeforeOrganizations, slugInPath, withSlug } from "@/lib/organizations/paths";
import { getAuthOptions } from "./options.ts";
import { PATHNAME_HEADER, SESSION_COOKIE_NAMES, signInPath } from "./protected.ts";

export type CurrentUser = NonNullable<Awaited<ReturnType<typeof findUser>>>;

/**
 * The signed-in user, acting for the organization the request's page belongs to (`actor`, with their
 * role there: /dashboard/<slug>/…, its current or a previous slug; their personal organization on
 * any other page), with that organization's id, name, slug and subscription; or null. A slug of an
 * organization they are not a member of is a 404 (notFound), as for one nobody has: a page or an
 * action of another organization is never served, and which slugs exist is not told. Resolved once
 * per request (the layout, the page and the action read the same).
 */
export const getCurrentUser = cache(async () => {
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
});

/** The signed-in user; otherwise a redirect to sign-in that comes back to the current page. */
export async function requireUser(): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (user) return user;
  redirect(signInPath((await headers()).get(PATHNAME_HEADER) ?? undefined));
}

/**
 * For an organization's pages (app/(dashboard)/dashboard/[org]): the signed-in user acting for the
 * organization `slug` (the route's segment) names. An old link (/dashboard/posts/…) goes on to the
 * same page of the organization last used; a slug the organization had before a rename, to its
 * current one; any other slug that is not theirs is a 404.
 */
export async function requireOrganization(slug: string): Promise<CurrentUser> {
  const pathname = (await headers()).get(PATHNAME_HEADER) ?? organizationPath(slug);
  const user = await requireUser();
  if (user.organization.slug === slug) return user;
  if (pathBeforeOrganizations(pathname) !== null) redirect(await lastUsedOrganizationPath(user.id));
  if (slugInPath(pathname) === slug) redirect(withSlug(pathname, user.organization.slug));
  notFound();
}

/**
 * Where an old dashboard link (/dashboard, /dashboard/posts/abc?page=2: this request's) leads: the
 * same page, query included, of the organization the browser used last, else the personal one.
 */
export async function lastUsedOrganizationPath(userId: string): Promise<string> {
  const pathname = (await headers()).get(PATHNAME_HEADER) ?? "/dashboard";
  const slug = await lastUsedOrganizationSlug(userId, (await cookies()).get(LAST_ORGANIZATION_COOKIE)?.value);
  return organizationPath(slug, pathBeforeOrganizations(pathname) ?? "");
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
  const slug = slugInPath((await headers()).get(PATHNAME_HEADER) ?? "");
  const [user, organization] = await Promise.all([
    db.user.findUnique({ where: { id } }),
    slug ? findMemberOrganization(id, slug) : findPersonalOrganization(id),
  ]);
  if (!user) return null;
  if (!organization) {
    if (slug) notFound();
    // Only a user from before organizations whom release 2's backfill has not reached has none: the
    // release that reads through organizations is deployed once that backfill has run.
    throw new Error(`User ${id} has no personal organization yet: run \`npm run db:backfill\`.`);
  }
  const { subscription, role, ...rest } = organization;
  return { ...user, subscription, organization: rest, actor: actorFor(id, organization) };
}

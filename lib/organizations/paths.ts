// Where an organization's dashboard lives: /dashboard/<slug>/…, the slug naming the organization the
// signed-in user acts for (lib/auth/session.ts reads it from the request's path). Pure, for the proxy,
// pages, emails and client components alike.
import { slugProblem } from "./slug.ts";

export const DASHBOARD_PATH = "/dashboard";
/** The signed-in user's own account (profile, sessions, deletion): theirs, whichever organization they act for. */
export const ACCOUNT_PATH = "/dashboard/account";
/** Where a new organization is created. */
export const NEW_ORGANIZATION_PATH = "/dashboard/new";

/** The cookie holding the slug of the organization whose dashboard the browser opened last (set by proxy.ts). */
export const LAST_ORGANIZATION_COOKIE = "last-organization";

// The dashboard's sections from before organizations were in the URL (/dashboard/posts, …): an old
// link to one lands in the last-used organization's (lib/organizations/active.ts). Their names are
// reserved slugs (slug.ts), so no organization can stand in their way.
const SECTIONS_BEFORE_ORGANIZATIONS = new Set(["posts", "api-keys", "billing", "settings"]);

/** The page `path` ("/posts", "/billing?upgrade=pro"; "" for the overview) of the organization `slug`. */
export function organizationPath(slug: string, path = ""): string {
  return `${DASHBOARD_PATH}/${slug}${path}`;
}

/**
 * The organization slug a request's path (query allowed) names: `acme` in /dashboard/acme/posts. Null
 * outside the dashboard, and for the dashboard's own pages and old links, whose first segment can
 * never be a slug (/dashboard/account, /dashboard/posts: reserved words).
 */
export function slugInPath(pathname: string): string | null {
  const segment = /^\/dashboard\/([^/?#]+)/.exec(pathname)?.[1];
  return segment !== undefined && slugProblem(segment) === null ? segment : null;
}

/**
 * For an old link (/dashboard, /dashboard/posts/abc?x=1), what follows /dashboard ("", "/posts/abc?x=1"):
 * the same page in an organization; null for any other path.
 */
export function pathBeforeOrganizations(pathname: string): string | null {
  const match = /^\/dashboard(?=$|[/?#])(\/([^/?#]*))?(.*)$/.exec(pathname);
  if (!match) return null;
  const [, sectionPart = "", section, rest] = match;
  if (section === undefined) return rest!; // /dashboard, /dashboard?x=1
  return SECTIONS_BEFORE_ORGANIZATIONS.has(section) ? `${sectionPart}${rest}` : null;
}

/** `pathname` (query included) with its organization slug replaced: an old slug's link, at the current one. */
export function withSlug(pathname: string, slug: string): string {
  return pathname.replace(/^\/dashboard\/[^/?#]+/, organizationPath(slug));
}

// What an organization is called in URLs (/dashboard/<slug>/…: lib/organizations/paths.ts): lowercase ASCII
// letters and digits in runs joined by single hyphens, 3 to 40 characters, and never a word the
// app's own routes use. Pure: which slugs are taken is the database's answer (personal.ts).

export const SLUG_MIN = 3;
export const SLUG_MAX = 40;

// Path segments the app has, or is likely to need, next to /dashboard/<slug>/…: an organization
// named like one would shadow the page (or be shadowed by it).
export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  "account",
  "admin",
  "api",
  "api-keys",
  "app",
  "auth",
  "billing",
  "dashboard",
  "docs",
  "help",
  "invitations",
  "invite",
  "keys",
  "login",
  "logout",
  "members",
  "new",
  "org",
  "organizations",
  "orgs",
  "posts",
  "settings",
  "signin",
  "signout",
  "signup",
  "support",
  "team",
  "teams",
  "www",
]);

const SHAPE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Text as slug characters: accents dropped (é → e), full-width and other compatibility forms folded
 * to ASCII, and every run of anything else — including look-alike letters of other scripts — one
 * hyphen; at most SLUG_MAX characters. Empty when nothing usable is left.
 */
export function slugify(text: string): string {
  const folded = text
    .slice(0, SLUG_MAX * 4)
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase();
  return trimHyphens(folded.replace(/[^a-z0-9]+/g, "-").slice(0, SLUG_MAX));
}

/** Why `slug` cannot name an organization, or null when it can. */
export function slugProblem(slug: string): string | null {
  if (slug.length < SLUG_MIN || slug.length > SLUG_MAX) return `Use ${SLUG_MIN} to ${SLUG_MAX} characters.`;
  if (!SHAPE.test(slug)) return "Use lowercase letters, digits and single hyphens, starting and ending with a letter or digit.";
  if (RESERVED_SLUGS.has(slug)) return `“${slug}” is reserved. Choose another.`;
  return null;
}

type Person = { name: string | null; email: string };

/** The name of a user's personal organization: theirs, else their address's local part. */
export function personalOrganizationName(user: Person): string {
  return `${displayName(user)}'s organization`;
}

/**
 * The slugs a user's personal organization may take: slugCandidates of their name (else their
 * address's local part).
 */
export function personalSlugCandidates(user: Person, random: (below: number) => number = randomInt): string[] {
  return slugCandidates(slugify(user.name ?? "") || slugify(localPart(user.email)) || "org", random);
}

/**
 * The slugs an organization may take, in order of preference: `base` (a slug), then the same with
 * -2 … -9, then with a random suffix — the last practically never taken. Candidates that are
 * reserved or too short are left out.
 */
export function slugCandidates(base: string, random: (below: number) => number = randomInt): string[] {
  const numbered = [base, ...Array.from({ length: 8 }, (_, i) => withSuffix(base, String(i + 2)))];
  const randomSuffix = Array.from({ length: 6 }, () => "abcdefghijklmnopqrstuvwxyz0123456789"[random(36)]).join("");
  return [...new Set([...numbered, withSuffix(base, randomSuffix)])].filter((slug) => slugProblem(slug) === null);
}

/**
 * A random integer below `below`, from Web Crypto: this module is also in the browser's bundle (the
 * dashboard's navigation builds its links with paths.ts), where node:crypto would bring a polyfill
 * that needs eval, which the Content-Security-Policy forbids. Below 36, the modulo's bias is below
 * one in a hundred million.
 */
function randomInt(below: number): number {
  return crypto.getRandomValues(new Uint32Array(1))[0]! % below;
}

function displayName(user: Person): string {
  return user.name?.trim() || localPart(user.email);
}

/** "jane.doe+news@example.com" → "jane.doe": the sub-address is no part of who someone is. */
function localPart(email: string): string {
  return email.split("@")[0]!.split("+")[0]!;
}

function withSuffix(base: string, suffix: string): string {
  return `${trimHyphens(base.slice(0, SLUG_MAX - suffix.length - 1))}-${suffix}`;
}

function trimHyphens(text: string): string {
  return text.replace(/^-+|-+$/g, "");
}

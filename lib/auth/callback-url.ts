// next-auth answers 500 ("InvalidCallbackUrl") when the callbackUrl in its query, or in its
// callback-url cookie, is neither a path nor an http(s) URL — `dashboard`, `javascript:…` — and
// getServerSession does the same on every page that reads the session, for as long as such a
// cookie stays in the browser. So both are cleaned before next-auth sees them: proxy.ts rewrites
// the cookie (and tells the browser), the auth route the query. A value next-auth accepts is left
// alone: its redirect callback keeps it on this site (lib/auth/options.ts).
import { localRedirectPath } from "@/lib/redirect-target";

/** next-auth's callback-url cookie (the __Secure- name is used over https). */
export const CALLBACK_URL_COOKIE_NAMES = ["next-auth.callback-url", "__Secure-next-auth.callback-url"];

export const CALLBACK_URL_PARAM = "callbackUrl";

/**
 * `value` when next-auth accepts it; otherwise the path on this site it points to (`dashboard` →
 * `/dashboard`), or undefined when it points nowhere on this site.
 */
export function callbackUrlForNextAuth(value: string, origin: string): string | undefined {
  return acceptedByNextAuth(value) ? value : (localRedirectPath(value, origin) ?? undefined);
}

export type CleanedCookie = { name: string; value: string | undefined };

/**
 * The Cookie header with its callback-url cookies made acceptable to next-auth (each cleaned as
 * above; dropped when nothing is left), and the cookies it changed — or undefined when none needed it.
 */
export function cleanCallbackUrlCookies(cookieHeader: string | null, origin: string): { header: string; cleaned: CleanedCookie[] } | undefined {
  if (!cookieHeader || !CALLBACK_URL_COOKIE_NAMES.some((name) => cookieHeader.includes(name))) return undefined;
  const cleaned: CleanedCookie[] = [];
  const pairs = cookieHeader.split(";").flatMap((pair) => {
    const separator = pair.indexOf("=");
    const name = pair.slice(0, separator).trim();
    if (separator < 0 || !CALLBACK_URL_COOKIE_NAMES.includes(name)) return [pair.trim()];
    // Read as next-auth reads it (the `cookie` package): quotes dropped, %-escapes decoded.
    const value = cookieValue(pair.slice(separator + 1).trim());
    if (acceptedByNextAuth(value)) return [pair.trim()];
    const replacement = callbackUrlForNextAuth(value, origin);
    cleaned.push({ name, value: replacement });
    return replacement === undefined ? [] : [`${name}=${encodeURIComponent(replacement)}`];
  });
  return cleaned.length ? { header: pairs.filter(Boolean).join("; "), cleaned } : undefined;
}

// next-auth's own check (core/lib/assert.js): a path, or a URL whose protocol is http or https.
function acceptedByNextAuth(value: string) {
  try {
    return /^https?:/.test(new URL(value, value.startsWith("/") ? "http://localhost" : undefined).protocol);
  } catch {
    return false;
  }
}

function cookieValue(raw: string) {
  const unquoted = raw.length > 1 && raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw;
  try {
    return decodeURIComponent(unquoted);
  } catch {
    return unquoted;
  }
}

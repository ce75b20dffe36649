// The one place that decides what needs a signed-in user, and where signed-out visitors go.
// proxy.ts uses it for a fast cookie check on every request; the dashboard layout checks the
// session itself (the cookie may be stale).

const PROTECTED_PATH_PREFIXES = ["/dashboard"];

/** Set by proxy.ts on every request, so server components know the path to come back to. */
export const PATHNAME_HEADER = "x-pathname";

export const SIGN_IN_PATH = "/sign-in";
export const AFTER_SIGN_IN_PATH = "/dashboard";

/** next-auth's database-session cookie (the __Secure- name is used over https). */
export const SESSION_COOKIE_NAMES = ["__Secure-next-auth.session-token", "next-auth.session-token"] as const;

export function isProtectedPath(pathname: string) {
  return PROTECTED_PATH_PREFIXES.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));
}

export function hasSessionCookie(cookies: { has(name: string): boolean }) {
  return SESSION_COOKIE_NAMES.some((name) => cookies.has(name));
}

/** The longest path (query included) carried through sign-in; a longer one comes back without its query. */
export const MAX_CALLBACK_PATH_LENGTH = 2048;

/**
 * Sign-in, coming back to `currentPath` afterwards. The path is only carried along: where it is
 * followed (the sign-in page, next-auth's redirect callback) it is checked by localRedirectPath.
 * An overlong one would make a redirect whose Location header proxies and clients refuse.
 */
export function signInPath(currentPath?: string) {
  let callbackUrl = currentPath;
  if (callbackUrl && callbackUrl.length > MAX_CALLBACK_PATH_LENGTH) callbackUrl = callbackUrl.split("?")[0]!;
  if (callbackUrl && callbackUrl.length > MAX_CALLBACK_PATH_LENGTH) callbackUrl = undefined;
  return !callbackUrl || callbackUrl === AFTER_SIGN_IN_PATH ? SIGN_IN_PATH : `${SIGN_IN_PATH}?${new URLSearchParams({ callbackUrl })}`;
}

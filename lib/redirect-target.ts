// The one check for every redirect target that comes from outside (`callbackUrl` on /sign-in,
// next-auth's callbackUrl): it must stay on this site.
//
// Prefix checks ("starts with / but not //") are not enough: browsers strip tabs and newlines and
// read `\` as `/`, so `/\t/evil.example` or `/\evil.example` lead off-site. So the value is resolved
// the way a browser would (the WHATWG URL parser, against this site's origin), must land on the same
// origin, and only the normalized path, query and fragment are kept — ASCII, percent-encoded.

/** The same-origin path (+ query, fragment) `value` points to, or null when it leaves the site. */
export function localRedirectPath(value: unknown, origin: string): string | null {
  if (typeof value !== "string" || value === "") return null;
  let url: URL;
  let base: URL;
  try {
    base = new URL(origin);
    url = new URL(value, base);
  } catch {
    return null;
  }
  if (url.origin !== base.origin) return null;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // `/.//evil.example` resolves to the path `//evil.example`, which a browser reads as another host.
  return path.startsWith("//") ? null : path;
}

import { NextResponse, type NextRequest } from "next/server";
import { ApiError } from "@/lib/api/error-shape";
import { cleanCallbackUrlCookies, type CleanedCookie } from "@/lib/auth/callback-url";
import { hasSessionCookie, isProtectedPath, PATHNAME_HEADER, signInPath } from "@/lib/auth/protected";
import { LAST_ORGANIZATION_COOKIE, slugInPath } from "@/lib/organizations/paths";
import { requestIdFrom, requestIdTiming, REQUEST_ID_HEADER } from "@/lib/request-id";
import { API_CONTENT_SECURITY_POLICY, nonceSources, pageContentSecurityPolicy, STATIC_PAGES } from "@/lib/security/headers";

// Runs before every page and API request:
// - a request id, passed on to the app (logs) and returned to the client (also as Server-Timing,
//   which the error pages can read: lib/request-id.ts);
// - the Content-Security-Policy of the response (a fresh nonce for pages rendered now);
// - a path with a malformed %-escape answers 400 (Next.js would fail decoding it later, with a 500);
// - Next.js's own error page (/_global-error, a 500 by design) is not a page to open: 404;
// - a form post or server action to a page from another origin (or an Origin Next.js cannot
//   parse) answers 403: Next.js refuses it too, but with a 500;
// - a callback-url cookie next-auth would fail on is cleaned, for this request and in the browser
//   (lib/auth/callback-url.ts);
// - signed-out visits to protected pages go to sign-in (and come back after); the pages
//   themselves still check the session, which may have expired;
// - an organization's dashboard (/dashboard/<slug>/…) opened is remembered in a cookie, for old links
//   (/dashboard/posts) to land in it: a hint only, checked against the user's memberships where read.
export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const requestId = requestIdFrom(request.headers.get(REQUEST_ID_HEADER));
  const csp = contentSecurityPolicy(pathname);

  if (!isDecodable(pathname)) return withHeaders(malformedPath(pathname), requestId, API_CONTENT_SECURITY_POLICY);
  if (pathname === GLOBAL_ERROR_PAGE) return withHeaders(notAPage(), requestId, API_CONTENT_SECURITY_POLICY);
  if (request.method === "POST" && !pathname.startsWith("/api/") && !isFromThisHost(request.headers)) {
    return withHeaders(crossOriginPost(), requestId, API_CONTENT_SECURITY_POLICY);
  }
  if (isProtectedPath(pathname) && !hasSessionCookie(request.cookies)) {
    const redirect = NextResponse.redirect(new URL(signInPath(`${pathname}${search}`), request.url));
    return withHeaders(redirect, requestId, csp?.policy);
  }
  const headers = new Headers(request.headers);
  headers.set(PATHNAME_HEADER, `${pathname}${search}`);
  headers.set(REQUEST_ID_HEADER, requestId);
  // Next.js reads the nonce from the request's policy and puts it on the scripts it renders.
  if (csp?.nonce) headers.set("Content-Security-Policy", csp.policy);
  const callbackUrlCookies = cleanCallbackUrlCookies(request.headers.get("cookie"), request.nextUrl.origin);
  if (callbackUrlCookies) headers.set("cookie", callbackUrlCookies.header);
  const response = withHeaders(NextResponse.next({ request: { headers } }), requestId, csp?.policy);
  for (const cookie of callbackUrlCookies?.cleaned ?? []) setCallbackUrlCookie(response, cookie);
  rememberOrganization(request, response);
  return response;
}

// As Next.js compares them before running a server action: the Origin's host against the host
// the request was sent to (X-Forwarded-Host first, as a proxy in front sets it). No Origin passes,
// as there: a browser always sends one with a form post, so only a hand-made request lacks it.
function isFromThisHost(headers: Headers) {
  const origin = headers.get("origin");
  if (origin === null) return true;
  let originHost: string;
  try {
    originHost = new URL(origin).host; // "null" (a sandboxed or privacy-sensitive context) throws too
  } catch {
    return false;
  }
  const host = headers.get("x-forwarded-host")?.split(",")[0]?.trim() || headers.get("host");
  return originHost !== "" && originHost === host;
}

function crossOriginPost() {
  const message = "Forms on this site accept posts from this site only: the Origin header names another site, or none that is valid.";
  return new NextResponse(`403 Forbidden\n\n${message}\n`, { status: 403, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

// With the attributes next-auth gives the cookie; a __Secure- cookie is only accepted (set or
// deleted) with Secure.
function setCallbackUrlCookie(response: NextResponse, { name, value }: CleanedCookie) {
  const options = { path: "/", httpOnly: true, sameSite: "lax", secure: name.startsWith("__Secure-") } as const;
  response.cookies.set(name, value ?? "", value === undefined ? { ...options, maxAge: 0 } : options);
}

const YEAR_SECONDS = 365 * 24 * 60 * 60;

// A page the browser fetched ahead of a click (speculation rules, <link rel=prefetch>) is not a page
// the user opened. Next.js's own router prefetches cannot be told apart here: Next.js strips its
// router headers (Next-Router-Prefetch among them) before the proxy runs. So the links that lead to
// another organization (the switcher's) are not prefetched.
function isPrefetch(headers: Headers) {
  return /prefetch/i.test(`${headers.get("sec-purpose") ?? ""} ${headers.get("purpose") ?? ""}`);
}

// Only a page opened (a GET: a document, or the router's navigation to it) is remembered, never a form
// post or a server action to it: Next.js merges a cookie the proxy sets into the action's own, and
// an action that set a cookie is answered with its page rendered again after it — so the page's
// layout would read the database after an action that did not write (a second tab whose
// organization is not the one opened last), and while the database is away the browser would
// show the error page instead of the form's "busy" answer.
function rememberOrganization(request: NextRequest, response: NextResponse) {
  const slug = slugInPath(request.nextUrl.pathname);
  if (slug === null || request.method !== "GET" || request.cookies.get(LAST_ORGANIZATION_COOKIE)?.value === slug || isPrefetch(request.headers)) return;
  const secure = request.nextUrl.protocol === "https:";
  response.cookies.set(LAST_ORGANIZATION_COOKIE, slug, { path: "/", httpOnly: true, sameSite: "lax", secure, maxAge: YEAR_SECONDS });
}

function contentSecurityPolicy(pathname: string): { policy: string; nonce?: string } | undefined {
  if (pathname.startsWith("/api/")) return { policy: API_CONTENT_SECURITY_POLICY };
  // Prerendered pages get theirs, with script hashes, from the build (scripts/csp-static-pages.ts).
  if (process.env.NODE_ENV === "production" && STATIC_PAGES.includes(pathname)) return undefined;
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  return { nonce, policy: pageContentSecurityPolicy({ scriptSources: nonceSources(nonce), development: process.env.NODE_ENV === "development" }) };
}

function isDecodable(pathname: string) {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

const GLOBAL_ERROR_PAGE = "/_global-error";

function notAPage() {
  return new NextResponse("404 Not Found\n", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

function malformedPath(pathname: string) {
  const message = "The path has a malformed percent-escape: a % must be followed by two hex digits of valid UTF-8 (send a literal % as %25).";
  if (pathname.startsWith("/api/")) return new ApiError("invalid_request", message, [{ path: "(path)", message }]).toResponse();
  return new NextResponse(`400 Bad Request\n\n${message}\n`, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

function withHeaders<T extends Response>(response: T, requestId: string, policy: string | undefined) {
  response.headers.set(REQUEST_ID_HEADER, requestId);
  response.headers.append("Server-Timing", requestIdTiming(requestId));
  if (policy) response.headers.set("Content-Security-Policy", policy);
  return response;
}

// Every request but the build's own static files: an image extension says nothing about a route
// (`/api/v1/posts/x.png` is an API call, `/x.png` a 404 page), so nothing is skipped by extension.
// Files in public/ go through too — a few microseconds, and they get the same headers.
export const config = {
  matcher: ["/((?!_next/static/|_next/image$).*)"],
};

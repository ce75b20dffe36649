import { NextResponse, type NextRequest } from "next/server";
import { hasSessionCookie, isProtectedPath, PATHNAME_HEADER, signInPath } from "@/lib/auth/protected";
import { requestIdFrom, REQUEST_ID_HEADER } from "@/lib/request-id";
import { API_CONTENT_SECURITY_POLICY, nonceSources, pageContentSecurityPolicy, STATIC_PAGES } from "@/lib/security/headers";

// Runs before every page and API request:
// - a request id, passed on to the app (logs) and returned to the client;
// - the Content-Security-Policy of the response (a fresh nonce for pages rendered now);
// - signed-out visits to protected pages go to sign-in (and come back after); the pages
//   themselves still check the session, which may have expired.
export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const requestId = requestIdFrom(request.headers.get(REQUEST_ID_HEADER));
  const csp = contentSecurityPolicy(pathname);

  if (isProtectedPath(pathname) && !hasSessionCookie(request.cookies)) {
    const redirect = NextResponse.redirect(new URL(signInPath(`${pathname}${search}`), request.url));
    return withHeaders(redirect, requestId, csp?.policy);
  }
  const headers = new Headers(request.headers);
  headers.set(PATHNAME_HEADER, `${pathname}${search}`);
  headers.set(REQUEST_ID_HEADER, requestId);
  // Next.js reads the nonce from the request's policy and puts it on the scripts it renders.
  if (csp?.nonce) headers.set("Content-Security-Policy", csp.policy);
  return withHeaders(NextResponse.next({ request: { headers } }), requestId, csp?.policy);
}

function contentSecurityPolicy(pathname: string): { policy: string; nonce?: string } | undefined {
  if (pathname.startsWith("/api/")) return { policy: API_CONTENT_SECURITY_POLICY };
  // Prerendered pages get theirs, with script hashes, from the build (scripts/csp-static-pages.ts).
  if (process.env.NODE_ENV === "production" && STATIC_PAGES.includes(pathname)) return undefined;
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  return { nonce, policy: pageContentSecurityPolicy({ scriptSources: nonceSources(nonce), development: process.env.NODE_ENV === "development" }) };
}

function withHeaders(response: NextResponse, requestId: string, policy: string | undefined) {
  response.headers.set(REQUEST_ID_HEADER, requestId);
  if (policy) response.headers.set("Content-Security-Policy", policy);
  return response;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|.*\\.(?:png|jpg|svg|ico|webp)$).*)"],
};

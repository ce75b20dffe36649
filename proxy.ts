import { NextResponse, type NextRequest } from "next/server";
import { hasSessionCookie, isProtectedPath, PATHNAME_HEADER, signInPath } from "@/lib/auth/protected";

// Runs before every page and API request. Signed-out visits to protected pages go to sign-in
// (and come back after); the pages themselves still check the session, which may have expired.
export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (isProtectedPath(pathname) && !hasSessionCookie(request.cookies)) {
    return NextResponse.redirect(new URL(signInPath(`${pathname}${search}`), request.url));
  }
  const headers = new Headers(request.headers);
  headers.set(PATHNAME_HEADER, `${pathname}${search}`);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|.*\\.(?:png|jpg|svg|ico|webp)$).*)"],
};

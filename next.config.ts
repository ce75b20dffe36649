import type { NextConfig } from "next";
import { STATIC_SECURITY_HEADERS } from "./lib/security/headers.ts";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // app/global-not-found.tsx: unknown URLs get a 404 page rendered per request (with the CSP nonce).
  experimental: { globalNotFound: true },
  async headers() {
    return [{ source: "/:path*", headers: STATIC_SECURITY_HEADERS }];
  },
};

export default nextConfig;

import type { NextConfig } from "next";
import { STATIC_SECURITY_HEADERS } from "./lib/security/headers.ts";
import { indexingHeaders } from "./lib/seo.ts";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // app/global-not-found.tsx: unknown URLs get a 404 page rendered per request (with the CSP nonce).
  experimental: { globalNotFound: true },
  // The commit this build is made from, inlined at build time for /api/health: `vercel build` in the
  // release workflow runs on GitHub Actions (GITHUB_SHA), a build on Vercel has VERCEL_GIT_COMMIT_SHA.
  env: { BUILD_COMMIT_SHA: process.env.VERCEL_GIT_COMMIT_SHA || process.env.GITHUB_SHA || "" },
  async headers() {
    // Files in public/ and the metadata routes (robots.txt, sitemap.xml, images) get them too.
    return [{ source: "/:path*", headers: [...STATIC_SECURITY_HEADERS, ...indexingHeaders()] }];
  },
};

export default nextConfig;

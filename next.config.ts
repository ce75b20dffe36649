import type { NextConfig } from "next";
import { everyResponseHeaders } from "./lib/security/headers.ts";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // app/global-not-found.tsx: unknown URLs get a 404 page rendered per request (with the CSP nonce).
  experimental: { globalNotFound: true },
  // The commit this build is made from, inlined at build time for /api/health: `vercel build` in the
  // release workflow runs on GitHub Actions (GITHUB_SHA), a build on Vercel has VERCEL_GIT_COMMIT_SHA.
  env: { BUILD_COMMIT_SHA: process.env.VERCEL_GIT_COMMIT_SHA || process.env.GITHUB_SHA || "" },
  // sharp is a development tool here (scripts/icons.ts draws public/'s icons); the app optimises no
  // images itself, but Next.js traces sharp into the functions serving metadata routes when it is
  // installed: 19 MB of libvips over verify:vercel's budget.
  outputFileTracingExcludes: { "*": ["node_modules/sharp/**", "node_modules/@img/**"] },
  async headers() {
    // Files in public/ and the metadata routes (robots.txt, sitemap.xml, images) get them too.
    return [{ source: "/:path*", headers: everyResponseHeaders() }];
  },
};

export default nextConfig;

import type { NextConfig } from "next";
import { STATIC_SECURITY_HEADERS } from "./lib/security/headers.ts";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  async headers() {
    return [{ source: "/:path*", headers: STATIC_SECURITY_HEADERS }];
  },
};

export default nextConfig;

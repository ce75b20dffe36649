import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // The generated Prisma client imports its own files with .ts extensions.
  typescript: { ignoreBuildErrors: false },
};

export default nextConfig;

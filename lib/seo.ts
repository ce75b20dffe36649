// What search engines and link previews see: the public pages, the origin their absolute URLs use,
// and whether this deployment may be indexed at all. Read at build time: robots.txt, the sitemap,
// the manifest and the marketing pages are static files, built once per deployment.
import type { Metadata, MetadataRoute } from "next";

export const SITE_NAME = "Acme SaaS";
export const SITE_DESCRIPTION =
  "A Next.js SaaS starter that gets Prisma in production right: authentication, Stripe billing, API keys and safe migrations on PostgreSQL.";

/** The marketing pages: in the sitemap, open to crawlers (lib/security/headers.ts prerenders the same pages). */
export const PUBLIC_PAGES = ["/", "/pricing"] as const;
export type PublicPage = (typeof PUBLIC_PAGES)[number];

/** Pages no search result should lead to: behind sign-in, the sign-in flow itself, the API. */
export const NOT_INDEXED_PATHS = ["/dashboard", "/api/", "/sign-in", "/check-email", "/auth-error", "/invitations/", "/dev/"];

type SiteEnv = Partial<Record<"NEXTAUTH_URL" | "VERCEL_ENV" | "VERCEL_PROJECT_PRODUCTION_URL", string>>;

/**
 * The origin of every absolute URL a crawler or a link preview reads: NEXTAUTH_URL (the app's
 * public origin), else on Vercel the project's production domain, else the development server.
 */
export function siteOrigin(env: SiteEnv = process.env): string {
  if (env.NEXTAUTH_URL) {
    if (!URL.canParse(env.NEXTAUTH_URL))
      throw new Error(`NEXTAUTH_URL must be a URL (the app's public origin, e.g. https://app.example.com): ${env.NEXTAUTH_URL}`);
    return new URL(env.NEXTAUTH_URL).origin;
  }
  if (env.VERCEL_PROJECT_PRODUCTION_URL) return `https://${env.VERCEL_PROJECT_PRODUCTION_URL}`;
  return "http://localhost:3000";
}

/** Only production is indexed: Vercel's preview (and development) deployments are `noindex`. */
export function isIndexable(env: SiteEnv = process.env): boolean {
  return env.VERCEL_ENV === undefined || env.VERCEL_ENV === "production";
}

export function robotsFile(env: SiteEnv = process.env): MetadataRoute.Robots {
  if (!isIndexable(env)) return { rules: { userAgent: "*", disallow: "/" } };
  const origin = siteOrigin(env);
  return { rules: { userAgent: "*", allow: "/", disallow: NOT_INDEXED_PATHS }, sitemap: `${origin}/sitemap.xml`, host: origin };
}

export function sitemapFile(env: SiteEnv = process.env): MetadataRoute.Sitemap {
  const origin = siteOrigin(env);
  return PUBLIC_PAGES.map((page) => ({ url: `${origin}${page}`, changeFrequency: "monthly", priority: page === "/" ? 1 : 0.8 }));
}

/** Every response of a deployment that must not be indexed says so, files and API included. */
export function indexingHeaders(env: SiteEnv = process.env): { key: string; value: string }[] {
  return isIndexable(env) ? [] : [{ key: "X-Robots-Tag", value: "noindex, nofollow" }];
}

/**
 * A marketing page's title, description, canonical URL and link-preview texts. Next.js replaces
 * (does not merge) a layout's `openGraph` and `twitter` with a page's, so each page sets them whole.
 */
export function publicPageMetadata({ path, title, description }: { path: PublicPage; title: string; description: string }): Metadata {
  return {
    title: { absolute: title },
    description,
    alternates: { canonical: path },
    openGraph: { type: "website", siteName: SITE_NAME, locale: "en_US", url: path, title, description },
    twitter: { card: "summary_large_image", title, description },
  };
}

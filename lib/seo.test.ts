import { existsSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";
import manifest from "@/app/manifest";
import robots from "@/app/robots";
import sitemap from "@/app/sitemap";
import { indexingHeaders, isIndexable, publicPageMetadata, robotsFile, siteOrigin, sitemapFile } from "@/lib/seo";

const production = { NEXTAUTH_URL: "https://app.example.com/some/path" };

describe("siteOrigin", () => {
  it("is NEXTAUTH_URL's origin, else Vercel's production domain, else the development server", () => {
    expect(siteOrigin(production)).toBe("https://app.example.com");
    expect(siteOrigin({ VERCEL_PROJECT_PRODUCTION_URL: "acme.vercel.app" })).toBe("https://acme.vercel.app");
    expect(siteOrigin({})).toBe("http://localhost:3000");
  });

  it("names NEXTAUTH_URL when it is no URL", () => {
    expect(() => siteOrigin({ NEXTAUTH_URL: "app.example.com" })).toThrow(/NEXTAUTH_URL must be a URL/);
  });
});

describe("robots.txt", () => {
  it("in production, lets crawlers in except to the dashboard, the API and the sign-in flow, and points to the sitemap", () => {
    const robots = robotsFile(production);
    expect(robots).toEqual({
      rules: { userAgent: "*", allow: "/", disallow: ["/dashboard", "/api/", "/sign-in", "/check-email", "/auth-error", "/invitations/", "/dev/"] },
      sitemap: "https://app.example.com/sitemap.xml",
      host: "https://app.example.com",
    });
    expect(robotsFile({ ...production, VERCEL_ENV: "production" })).toEqual(robots);
  });

  it.each(["preview", "development"])("on a Vercel %s deployment, keeps every crawler out", (VERCEL_ENV) => {
    expect(robotsFile({ ...production, VERCEL_ENV })).toEqual({ rules: { userAgent: "*", disallow: "/" } });
  });
});

describe("noindex", () => {
  it("is sent with every response of a preview deployment, and never in production", () => {
    expect(isIndexable({ VERCEL_ENV: "preview" })).toBe(false);
    expect(indexingHeaders({ VERCEL_ENV: "preview" })).toEqual([{ key: "X-Robots-Tag", value: "noindex, nofollow" }]);
    expect(indexingHeaders({ VERCEL_ENV: "production" })).toEqual([]);
    expect(indexingHeaders({})).toEqual([]);
  });
});

describe("sitemap.xml", () => {
  it("lists the marketing pages with absolute URLs on the configured origin", () => {
    expect(sitemapFile(production)).toEqual([
      { url: "https://app.example.com/", changeFrequency: "monthly", priority: 1 },
      { url: "https://app.example.com/pricing", changeFrequency: "monthly", priority: 0.8 },
    ]);
  });
});

describe("publicPageMetadata", () => {
  it("gives a page its title, description, canonical URL and link-preview texts", () => {
    expect(publicPageMetadata({ path: "/pricing", title: "Pricing · Acme SaaS", description: "Plans." })).toEqual({
      title: { absolute: "Pricing · Acme SaaS" },
      description: "Plans.",
      alternates: { canonical: "/pricing" },
      openGraph: { type: "website", siteName: "Acme SaaS", locale: "en_US", url: "/pricing", title: "Pricing · Acme SaaS", description: "Plans." },
      twitter: { card: "summary_large_image", title: "Pricing · Acme SaaS", description: "Plans." },
    });
  });
});

describe("the metadata routes", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("build robots.txt and the sitemap from the deployment's environment", () => {
    vi.stubEnv("NEXTAUTH_URL", "https://app.example.com");
    vi.stubEnv("VERCEL_ENV", "production");
    expect(robots().sitemap).toBe("https://app.example.com/sitemap.xml");
    expect(sitemap().map((entry) => entry.url)).toEqual(["https://app.example.com/", "https://app.example.com/pricing"]);
    vi.stubEnv("VERCEL_ENV", "preview");
    expect(robots()).toEqual({ rules: { userAgent: "*", disallow: "/" } });
  });

  it("give the web manifest the site's name and the icons in public/", () => {
    const web = manifest();
    expect(web).toMatchObject({ name: "Acme SaaS", start_url: "/", display: "standalone" });
    for (const icon of web.icons!) expect(existsSync(`public${icon.src}`), icon.src).toBe(true);
    expect(web.icons!.map((icon) => icon.sizes)).toEqual(expect.arrayContaining(["192x192", "512x512"]));
  });
});

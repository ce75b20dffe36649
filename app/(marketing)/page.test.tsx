// The landing page, rendered by the real page: the hero's picture of the product and the feature cards
// with their Lucide icons, all drawn on the server as HTML and SVG (components/marketing/product-preview.tsx,
// components/ui/icon.tsx), so the page gains no client JavaScript or image download for them.
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { DASHBOARD_NAV } from "@/components/dashboard/nav-items";
import { PRODUCT_PREVIEW_LABEL } from "@/components/marketing/product-preview";
import LandingPage from "./page";

describe("the landing page", () => {
  it("shows the product in its hero: the dashboard overview drawn by the dashboard's own components, read as one described image", () => {
    const html = renderToStaticMarkup(<LandingPage />);
    const hero = html.slice(0, html.indexOf('aria-labelledby="features"'));
    const preview = hero.slice(hero.indexOf('role="img"'));
    expect(hero).toContain(`<div role="img" aria-label="${PRODUCT_PREVIEW_LABEL}"`);
    // Its parts are hidden from assistive technology (the image's label says what it shows), and none can take focus.
    expect(preview).toMatch(/^role="img"[^>]*><div aria-hidden="true">/);
    expect(preview).not.toMatch(/<(a|button|input|img)\b|tabindex/);
    // The real meters and chart, and the navigation's sections, a generated feature's included.
    expect(preview.match(/role="meter"/g)).toHaveLength(2);
    expect(preview.match(/<rect [^>]*class="fill-brand"/g)).toHaveLength(30);
    for (const { label } of DASHBOARD_NAV) expect(preview).toContain(`>${label}</li>`);
  });

  it("shows each feature in a card with its icon, drawn as inline SVG hidden from assistive technology", () => {
    const html = renderToStaticMarkup(<LandingPage />);
    const features = html.slice(html.indexOf('aria-labelledby="features"'), html.indexOf('aria-labelledby="pricing"'));
    const cards = [...features.matchAll(/<li[^>]*>(.*?)<\/li>/g)].map(([, card]) => card!);
    expect(cards).toHaveLength(6);
    for (const card of cards) {
      expect(card).toMatch(/<svg aria-hidden="true"[^>]*viewBox="0 0 24 24"[^>]*>(<(path|circle|rect|line|ellipse|polyline) [^>]*><\/\2>)+<\/svg>/);
      expect(card).toMatch(/<h3[^>]*>[^<]+<\/h3><p[^>]*>[^<]+<\/p>/);
    }
  });

  it("talks about the product, not the starter it is built on", () => {
    const html = renderToStaticMarkup(<LandingPage />);
    const features = html.slice(html.indexOf('aria-labelledby="features"'), html.indexOf('aria-labelledby="pricing"'));
    expect(features).not.toMatch(/starter|Prisma|Next\.js|migration|webhook/i);
  });
});

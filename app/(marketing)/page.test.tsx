// The landing page's feature cards, rendered by the real page: each with its Lucide icon, drawn on the
// server as SVG (components/ui/icon.tsx), so the page gains no client JavaScript for them.
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import LandingPage from "./page";

describe("the landing page", () => {
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

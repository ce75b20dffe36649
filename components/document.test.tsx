// Every page's document: the theme script first in <head>, then a skip link to the page's <main id="main">.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { Document } from "@/components/document";
import { THEME_SCRIPT } from "@/lib/theme";

// next/font works inside the Next.js compiler only: outside it, a font is its CSS variable's class.
vi.mock("geist/font/sans", () => ({ GeistSans: { variable: "geist-sans" } }));
vi.mock("geist/font/mono", () => ({ GeistMono: { variable: "geist-mono" } }));

const root = path.resolve(import.meta.dirname, "..");

describe("Document", () => {
  const html = renderToStaticMarkup(
    <Document>
      <main id="main">Hello</main>
    </Document>,
  );

  it("runs the theme script before anything in <body> can paint", () => {
    expect(html).toMatch(/^<html[^>]*><head><script>([\s\S]*?)<\/script>/);
    expect(/^<html[^>]*><head><script>([\s\S]*?)<\/script>/.exec(html)![1]).toBe(THEME_SCRIPT);
  });

  it("starts <body> with a link to #main", () => {
    expect(html).toMatch(/<body[^>]*><a href="#main"[^>]*>Skip to content<\/a>/);
  });

  it('has a <main id="main"> to skip to in every layout and page that renders a <main>', async () => {
    const files = (await readdir(path.join(root, "app"), { recursive: true })).filter((file) => file.endsWith(".tsx"));
    const mains: string[] = [];
    for (const file of files) {
      for (const [tag] of (await readFile(path.join(root, "app", file), "utf8")).matchAll(/<main\b[^>]*>/g)) mains.push(`${file}: ${tag}`);
    }
    expect(mains.length).toBeGreaterThanOrEqual(5); // the marketing, auth and dashboard layouts, the error and 404 pages
    expect(mains.filter((main) => !main.includes('id="main"'))).toEqual([]);
  });
});

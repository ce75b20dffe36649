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

  it('has a <main id="main"> to skip to in every layout, page and shell that renders a <main>', async () => {
    const mains: string[] = [];
    for (const folder of ["app", "components"]) {
      const files = (await readdir(path.join(root, folder), { recursive: true })).filter((file) => file.endsWith(".tsx") && !file.endsWith(".test.tsx"));
      for (const file of files) {
        for (const [tag] of (await readFile(path.join(root, folder, file), "utf8")).matchAll(/<main\b[^>]*>/g)) mains.push(`${folder}/${file}: ${tag}`);
      }
    }
    // The marketing and auth layouts, the dashboard's shell (its layouts' frame), the error and 404 pages.
    expect(mains.length).toBeGreaterThanOrEqual(5);
    expect(mains.filter((main) => !main.includes('id="main"'))).toEqual([]);
  });
});

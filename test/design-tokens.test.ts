// The UI is styled with the design tokens only: one set of colours, in both themes.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { THEME_COLORS } from "@/lib/brand";
import { projectRoot } from "./support/prisma-cli.ts";

const PALETTE =
  "slate|gray|zinc|neutral|stone|red|orange|amber|yellow|lime|green|emerald|teal|cyan|sky|blue|indigo|violet|purple|fuchsia|pink|rose|white|black";
const PALETTE_CLASS = new RegExp(
  `\\b(?:bg|text|border|ring|from|via|to|divide|outline|fill|stroke|accent|caret|decoration|shadow|placeholder)-(?:${PALETTE})\\b(?:-\\d+)?`,
  "g",
);

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(path.join(projectRoot, dir), { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
    .map((entry) => path.relative(projectRoot, path.join(entry.parentPath, entry.name)));
}

describe("design tokens", () => {
  it("app/ and components/ use no Tailwind palette colour (bg-zinc-50, text-red-700…), only the theme's tokens", async () => {
    const found: string[] = [];
    for (const file of [...(await sourceFiles("app")), ...(await sourceFiles("components"))]) {
      const source = await readFile(path.join(projectRoot, file), "utf8");
      for (const match of source.matchAll(PALETTE_CLASS)) found.push(`${file}: ${match[0]}`);
    }
    expect(found).toEqual([]);
  });

  it("the check finds a palette colour, with or without a variant or shade", () => {
    expect("hover:bg-zinc-50 text-red-700 bg-white border-muted text-foreground ring-green-600/20".match(PALETTE_CLASS)).toEqual([
      "bg-zinc-50",
      "text-red-700",
      "bg-white",
      "ring-green-600",
    ]);
  });

  it("the stylesheet declares every colour of lib/brand.ts, with the same light and dark values, and no other", async () => {
    const css = await readFile(path.join(projectRoot, "app/globals.css"), "utf8");
    const declared = Object.fromEntries(
      [...css.matchAll(/--color-([a-z-]+):\s*light-dark\((#[0-9a-f]{6}),\s*(#[0-9a-f]{6})\);/g)].map(([, name, light, dark]) => [name, { light, dark }]),
    );
    expect(declared).toEqual(THEME_COLORS);
  });

  it("Tailwind's own palette is switched off, so a palette class styles nothing", async () => {
    const css = await readFile(path.join(projectRoot, "app/globals.css"), "utf8");
    expect(css).toMatch(/@theme \{[^}]*--color-\*: initial;/);
  });
});

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

/** WCAG 2's relative luminance of a #rrggbb colour. */
function luminance(hex: string) {
  const [r, g, b] = [1, 3, 5].map((at) => {
    const channel = parseInt(hex.slice(at, at + 2), 16) / 255;
    return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** WCAG 2's contrast ratio of two colours, 1 to 21. */
function contrast(a: string, b: string) {
  const [lighter, darker] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (lighter! + 0.05) / (darker! + 0.05);
}

type Color = keyof typeof THEME_COLORS;

/** The surfaces everything is drawn on. */
const SURFACES: Color[] = ["background", "subtle", "card", "muted"];

/** Which text colours are shown on which backgrounds. */
const TEXT_ON_BACKGROUNDS: [Color[], Color[]][] = [
  [["foreground", "muted-foreground", "brand", "destructive", "success", "warning"], SURFACES],
  [["primary-foreground"], ["primary"]],
  [["brand-foreground"], ["brand"]],
  [["destructive-foreground"], ["destructive"]],
  [["destructive"], ["destructive-muted"]],
  [["success"], ["success-muted"]],
  [["warning"], ["warning-muted"]],
];

/** "brand on muted (dark): 2.9:1" for each theme where `color` on `background` is short of `ratio`. */
function shortOf(color: Color, background: Color, ratio: number) {
  return (["light", "dark"] as const)
    .map((theme) => ({ theme, measured: contrast(THEME_COLORS[color][theme], THEME_COLORS[background][theme]) }))
    .filter(({ measured }) => measured < ratio)
    .map(({ theme, measured }) => `${color} on ${background} (${theme}): ${measured.toFixed(2)}:1`);
}

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

  it("text meets WCAG AA (4.5:1) on every background it is shown on, in both themes", () => {
    const failing = TEXT_ON_BACKGROUNDS.flatMap(([texts, backgrounds]) =>
      texts.flatMap((text) => backgrounds.flatMap((background) => shortOf(text, background, 4.5))),
    );
    expect(failing).toEqual([]);
  });

  it("the focus ring and the brand's accent as a shape (chart bars, meters) stand out 3:1 from every surface, in both themes", () => {
    const failing = (["ring", "brand"] as const).flatMap((color) => SURFACES.flatMap((surface) => shortOf(color, surface, 3)));
    expect(failing).toEqual([]);
  });

  it("links in running text (underlined) wear the brand's accent", async () => {
    const found: string[] = [];
    for (const file of [...(await sourceFiles("app")), ...(await sourceFiles("components"))]) {
      const source = await readFile(path.join(projectRoot, file), "utf8");
      for (const [, classes] of source.matchAll(/className="([^"]*)"/g)) {
        if (classes!.split(" ").includes("underline") && !classes!.split(" ").includes("text-brand")) found.push(`${file}: ${classes}`);
      }
    }
    expect(found).toEqual([]);
  });

  it("primary actions and focus rings wear the brand's accent", () => {
    expect(THEME_COLORS.primary).toEqual(THEME_COLORS.brand);
    expect(THEME_COLORS["primary-foreground"]).toEqual(THEME_COLORS["brand-foreground"]);
    expect(THEME_COLORS.ring).toEqual(THEME_COLORS.brand);
  });

  it("the contrast check measures as WCAG does: black on white is 21:1, a grey on white is short of 4.5:1", () => {
    expect(contrast("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrast("#777777", "#ffffff")).toBeCloseTo(4.48, 2);
  });

  it("Tailwind's own palette is switched off, so a palette class styles nothing", async () => {
    const css = await readFile(path.join(projectRoot, "app/globals.css"), "utf8");
    expect(css).toMatch(/@theme \{[^}]*--color-\*: initial;/);
  });
});

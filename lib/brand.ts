// The product's colours, as hex values a stylesheet and an email client both understand. The app's
// theme declares each one as a Tailwind colour token in app/globals.css (`--color-<name>:
// light-dark(<light>, <dark>)`, so `bg-primary`, `text-muted-foreground`…), and a test keeps the two
// equal (test/design-tokens.test.ts); whatever renders outside the stylesheet (emails) takes its colours from here.
/**
 * The brand's accent, and text on it: primary actions, links, keyboard focus, charts and the brand
 * mark. AA in both themes: 4.5:1 as text on every background below, and its text on it
 * (test/design-tokens.test.ts computes each pair).
 */
const BRAND = { light: "#4f46e5", dark: "#818cf8" } as const;
const ON_BRAND = { light: "#ffffff", dark: "#09090b" } as const;

export const THEME_COLORS = {
  /** The page. */
  background: { light: "#ffffff", dark: "#09090b" },
  /** Text. */
  foreground: { light: "#18181b", dark: "#fafafa" },
  /** A tinted page behind cards (the dashboard, sign-in, the landing page's features). */
  subtle: { light: "#fafafa", dark: "#09090b" },
  /** A card's surface. */
  card: { light: "#ffffff", dark: "#18181b" },
  /** Quiet backgrounds: a note, a hovered or current item, a placeholder. */
  muted: { light: "#f4f4f5", dark: "#27272a" },
  /** Secondary text: descriptions, hints, labels of values (4.5:1 or more on every background above). */
  "muted-foreground": { light: "#52525b", dark: "#a1a1aa" },
  /** Dividers and the edges of cards. */
  border: { light: "#e4e4e7", dark: "#27272a" },
  /** The edges of form controls. */
  input: { light: "#a1a1aa", dark: "#52525b" },
  /** The brand's accent: links (`text-brand`), charts (`fill-brand`). */
  brand: BRAND,
  "brand-foreground": ON_BRAND,
  /** Keyboard focus: the brand's accent. */
  ring: BRAND,
  /** The main action, and the brand mark: the brand's accent. */
  primary: BRAND,
  "primary-foreground": ON_BRAND,
  /** Errors and destructive actions (as text, border and button). */
  destructive: { light: "#b91c1c", dark: "#f87171" },
  "destructive-foreground": { light: "#ffffff", dark: "#18181b" },
  "destructive-muted": { light: "#fef2f2", dark: "#450a0a" },
  /** Something went well (text), on its background. */
  success: { light: "#166534", dark: "#4ade80" },
  "success-muted": { light: "#f0fdf4", dark: "#052e16" },
  /** Needs attention (text), on its background. */
  warning: { light: "#78350f", dark: "#fcd34d" },
  "warning-muted": { light: "#fffbeb", dark: "#451a03" },
} as const satisfies Record<string, { light: string; dark: string }>;

export type ThemeColor = keyof typeof THEME_COLORS;

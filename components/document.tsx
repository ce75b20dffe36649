import { THEME_SCRIPT } from "@/lib/theme";

/**
 * The <html> and <body> of every page: the root layout's, and the 404 page's for unknown URLs (app/global-not-found.tsx).
 * Text is set in the system's own fonts (Tailwind's default stacks): the two preloaded Geist fonts (~70 KB each) put
 * Lighthouse's mobile LCP of `/` at 4.0 s against 1.3 s without them (docs/benchmarks.md).
 */
export function Document({ children }: { children: React.ReactNode }) {
  return (
    // The theme script sets data-theme on <html> before React hydrates it: not a mismatch to report.
    <html lang="en" suppressHydrationWarning>
      {/* eslint-disable-next-line @next/next/no-head-element -- the App Router's root <head> (that rule is about pages/) */}
      <head>
        {/* First in <head>, so the theme is on <html> before the first paint (lib/theme.ts). */}
        <script dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body className="min-h-dvh bg-background font-sans text-foreground antialiased">
        {/* The first thing a keyboard reaches: past the header and navigation to the page's <main id="main">. */}
        <a
          href="#main"
          className="sr-only rounded-md bg-primary px-4 py-2 text-sm font-medium text-primary-foreground focus:not-sr-only focus:fixed focus:top-4 focus:left-4 focus:z-50 focus:outline-2 focus:outline-offset-2 focus:outline-ring"
        >
          Skip to content
        </a>
        {children}
      </body>
    </html>
  );
}

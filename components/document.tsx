import { GeistMono } from "geist/font/mono";
import { GeistSans } from "geist/font/sans";
import { THEME_SCRIPT } from "@/lib/theme";

/** The <html> and <body> of every page: the root layout's, and the 404 page's for unknown URLs (app/global-not-found.tsx). */
export function Document({ children }: { children: React.ReactNode }) {
  return (
    // The theme script sets data-theme on <html> before React hydrates it: not a mismatch to report.
    <html lang="en" className={`${GeistSans.variable} ${GeistMono.variable}`} suppressHydrationWarning>
      {/* eslint-disable-next-line @next/next/no-head-element -- the App Router's root <head> (that rule is about pages/) */}
      <head>
        {/* First in <head>, so the theme is on <html> before the first paint (lib/theme.ts). */}
        <script dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body className="min-h-dvh bg-background font-sans text-foreground antialiased">{children}</body>
    </html>
  );
}

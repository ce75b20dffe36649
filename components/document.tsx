import { GeistMono } from "geist/font/mono";
import { GeistSans } from "geist/font/sans";

/** The <html> and <body> of every page: the root layout's, and the 404 page's for unknown URLs (app/global-not-found.tsx). */
export function Document({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en" className={`${GeistSans.variable} ${GeistMono.variable}`}>
      <body className="min-h-dvh bg-background font-sans text-foreground antialiased">{children}</body>
    </html>
  );
}

/**
 * The <html> and <body> of every page: the root layout's, and the 404 page's for unknown URLs (app/global-not-found.tsx).
 * Text is set in the system's own fonts (Tailwind's default stacks): the two preloaded Geist fonts (~70 KB each) put
 * Lighthouse's mobile LCP of `/` at 4.0 s against 1.3 s without them (docs/benchmarks.md).
 */
export function Document({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-dvh bg-white font-sans text-zinc-900 antialiased">{children}</body>
    </html>
  );
}

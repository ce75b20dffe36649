/**
 * The <html> and <body> of every page: the root layout's, and the 404 page's for unknown URLs (app/global-not-found.tsx).
 * Text is set in the system's own fonts (Tailwind's default stacks): a web font is ~70 KB that every first visit downloads before
 * the headline settles, which on a phone costs the landing page more than all of its own JavaScript.
 */
export function Document({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-dvh bg-white font-sans text-zinc-900 antialiased">{children}</body>
    </html>
  );
}

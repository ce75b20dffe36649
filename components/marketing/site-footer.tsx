export function SiteFooter() {
  return (
    <footer className="border-t border-zinc-200">
      <div className="mx-auto flex max-w-6xl flex-col gap-2 px-6 py-8 text-sm text-zinc-600 sm:flex-row sm:justify-between">
        <p>© {new Date().getFullYear()} Acme SaaS. Built on the Prisma-in-production starter.</p>
        <p>Next.js · Prisma · PostgreSQL · Stripe</p>
      </div>
    </footer>
  );
}

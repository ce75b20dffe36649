import { ThemeToggle } from "@/components/theme-toggle";

export function SiteFooter() {
  return (
    <footer className="border-t border-border">
      <div className="mx-auto flex max-w-6xl flex-col gap-4 px-6 py-8 text-sm text-muted-foreground sm:flex-row sm:items-center sm:justify-between">
        <div className="space-y-2">
          <p>© {new Date().getFullYear()} Acme SaaS. Built on the Prisma-in-production starter.</p>
          <p>Next.js · Prisma · PostgreSQL · Stripe</p>
        </div>
        <ThemeToggle />
      </div>
    </footer>
  );
}

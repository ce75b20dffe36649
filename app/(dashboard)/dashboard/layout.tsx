import { DashboardNav } from "@/components/dashboard/dashboard-nav";
import { navFor } from "@/components/dashboard/nav-items";
import { SignOutButton } from "@/components/dashboard/sign-out-button";
import { Logo } from "@/components/logo";
import { requireUser } from "@/lib/auth/session";

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  return (
    <div className="min-h-dvh bg-subtle">
      <header className="border-b border-border bg-card">
        <div className="mx-auto flex max-w-6xl items-center justify-between gap-4 px-6 py-3">
          <Logo />
          <div className="flex items-center gap-4">
            <span data-testid="header-account" className="hidden max-w-64 truncate text-sm text-muted-foreground sm:inline" title={user.email}>
              {user.name || user.email}
            </span>
            <SignOutButton />
          </div>
        </div>
      </header>
      <div className="mx-auto flex max-w-6xl flex-col gap-6 px-6 py-8 md:flex-row">
        <aside className="md:w-48">
          {/* Read here, on the server, and handed down: see DashboardNav. */}
          <DashboardNav items={navFor(user.actor.role)} />
        </aside>
        <main id="main" className="min-w-0 flex-1">
          {children}
        </main>
      </div>
    </div>
  );
}
